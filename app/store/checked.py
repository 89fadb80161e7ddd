"""The journal file this store last checked whole: a marker beside it, so that the next process that
finds the very same file (inode, size, mtime) may leave its records unbuilt until they are read.

Building and checking every record is most of opening a large journal (about 0.3 s of 0.45 at
100,000 records), and a `dualtui add` from the shell needs none of them. Every record of a file
this store wrote was checked when written, and every record of a file it loaded whole was checked
on load; a file changed by anything else has another identity and is checked whole again. The
marker also names dualtui's version, the schema and the checking code, so a newer check never
trusts an older one. A missing, unreadable or foreign marker only means checking the whole file.

For a file this store wrote, the marker also says where each table's value lies in it and its CRC-32
(layout.py): the next process takes the tables apart without parsing the file, and a table whose
bytes no longer match their CRC when first parsed (damaged in place with the file's size and time
put back) has every record checked, as an unmarked file's are.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import orjson

from dualtui import __version__
from dualtui.domain import model, validation

from .files import written_path
from .schema import SCHEMA_VERSION

_CHECKS = tuple(Path(module.__file__ or "") for module in (model, validation))
_LIMIT = 4096

Span = tuple[int, int, int]  # a table's value in the file: start, end, CRC-32 of those bytes


def marker_path(journal: Path) -> Path:
    target = written_path(journal)
    return target.with_name(f".{target.name}.checked")


def _text(stamp: tuple[int, int, int]) -> bytes:
    code = []
    for source in _CHECKS:
        status = source.stat()
        code.append((source.name, status.st_mtime_ns, status.st_size))
    return repr((__version__, SCHEMA_VERSION, tuple(code), stamp)).encode()


def checked_spans(journal: Path, stamp: tuple[int, int, int]) -> dict[str, Span] | None:
    """The tables' spans in the journal file that has this identity if this store checked every
    record of it ({} when it did not write it, so knows no spans); None when it did not."""
    try:
        fd = os.open(marker_path(journal), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        status = os.fstat(fd)
        if status.st_uid != os.getuid() or status.st_mode & 0o022:
            return None
        head, _, tail = os.read(fd, _LIMIT).partition(b"\n")
    except OSError:
        return None
    finally:
        os.close(fd)
    if head != _text(stamp):
        return None
    try:
        spans = orjson.loads(tail) if tail else {}
        return {str(name): (int(start), int(end), int(crc)) for name, (start, end, crc) in spans.items()}
    except (orjson.JSONDecodeError, AttributeError, TypeError, ValueError):
        return None


def was_checked(journal: Path, stamp: tuple[int, int, int]) -> bool:
    """Whether this store checked every record of the journal file that has this identity."""
    return checked_spans(journal, stamp) is not None


def mark_checked(journal: Path, stamp: tuple[int, int, int], spans: Mapping[str, Span] | None = None) -> None:
    """Say that every record of the journal file with this identity was checked; quietly nothing when
    the marker cannot be written (the next process checks the whole file). Written in place: a torn
    marker reads as another identity, which only means checking the whole file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(marker_path(journal), flags, 0o600)
    except OSError:
        return
    try:
        os.fchmod(fd, 0o600)  # a marker others could write is never trusted: make it the user's own
        os.write(fd, _text(stamp) + (b"\n" + orjson.dumps(dict(spans)) if spans else b""))
    except OSError:
        pass
    finally:
        os.close(fd)
