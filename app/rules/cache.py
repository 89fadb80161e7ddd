"""The compiled-rules cache: one marshal file, so that a run whose rules did not change parses and
compiles nothing, and imports neither PyYAML nor the condition checker.

The file holds a key and the compiler's output. The key is everything that changes that output: the
interpreter (`sys.implementation.cache_tag`, also in the file name), dualtui's version, the (mtime,
size) of every module of this package (an edited checkout never runs stale code), and what the caller
read: the full texts of the rule files, compared exactly, never by hash or date. A file that is
missing, unreadable, corrupt, truncated, foreign, not the user's own, or keyed otherwise is a miss;
a folder that cannot be written is no error: the rules are compiled on every run instead.

The code objects in it run like those of Python's own `__pycache__`, so it is trusted as much: it
must belong to the user and be writable by no one else. It is written to a temp file in the same
folder (0600, in a 0700 folder) and moved into place, so a reader sees an old file or a new one,
and two processes writing at once leave one of the two.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from dualtui import __version__

# Bump when the layout of what is cached changes in a way the module stats would not catch.
FORMAT = 1
_TAG = sys.implementation.cache_tag or "none"
_HEADER = f"dualtui compiled rules {FORMAT} {_TAG}\n".encode()
_PACKAGE = Path(__file__).parent


def cache_file(folder: Path) -> Path:
    return folder / f"rules-{_TAG}.marshal"


def load(folder: Path, inputs: tuple[Any, ...]) -> Any | None:
    """What `save` stored for the same inputs and the same code, or None."""
    return read_kept(cache_file(folder), key(inputs))


def save(folder: Path, inputs: tuple[Any, ...], payload: Any) -> None:
    """Store the payload for these inputs; quietly nothing if the folder cannot be written."""
    keep(cache_file(folder), key(inputs), payload)


def key(inputs: tuple[Any, ...]) -> tuple[Any, ...]:
    """The key of what the compiler makes of `inputs` (the rule texts) with this code."""
    return (FORMAT, _TAG, __version__, sources(_PACKAGE), *inputs)


def read_kept(path: Path, wanted: tuple[Any, ...]) -> Any | None:
    """The payload `keep` stored at `path` under the key `wanted`, or None: a missing, unreadable,
    corrupt, truncated, foreign or otherwise keyed file, or one that is not the user's own."""
    try:
        with open(path, "rb") as file:
            status = os.fstat(file.fileno())
            if status.st_uid != os.getuid() or status.st_mode & 0o022:
                return None
            data = file.read()
    except OSError:
        return None
    if not data.startswith(_HEADER):
        return None
    try:
        stored = marshal.loads(memoryview(data)[len(_HEADER) :])
    except (EOFError, ValueError, TypeError):
        return None
    if type(stored) is not tuple or len(stored) != 2 or stored[0] != wanted:
        return None
    return stored[1]


def keep(path: Path, under: tuple[Any, ...], payload: Any) -> None:
    """Store the payload at `path` under the key `under`; quietly nothing if it cannot be written."""
    folder = path.parent
    temp = folder / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        data = _HEADER + marshal.dumps((under, payload))
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except (OSError, ValueError):
        return
    try:
        with open(descriptor, "wb") as file:
            file.write(data)
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)


def journal_file(folder: Path, kind: str, journal: Path) -> Path:
    """The file in `folder` keeping `kind` (outlook, first-view) for one journal: one per journal, as
    tests and benchmarks keep several side by side."""
    name = os.path.abspath(journal).encode("utf-8", "surrogateescape")
    return folder / f"{kind}-{zlib.crc32(name):08x}.marshal"


def sources(package: Path) -> tuple[tuple[str, int, int], ...]:
    """The (name, mtime_ns, size) of every module of a package folder: an edited checkout never
    runs on what older code kept."""
    found = []
    with os.scandir(package) as entries:
        for entry in entries:
            if entry.name.endswith(".py"):
                status = entry.stat()
                found.append((entry.name, status.st_mtime_ns, status.st_size))
    return tuple(sorted(found))
