"""Durable, atomic file replacement, private permissions, and the checks on what dualtui reads.

The sequence (temp file in the same folder, write, flush, fsync, os.replace, fsync the folder) is the
one that survived SIGKILL and power-cut trials: without the fsyncs a power cut can leave an empty file
behind the rename, and rewriting in place (TinyDB's JSONStorage) can leave a torn one.

What dualtui reads back as its own (the journal, its backups, its lock, the write-ups) is read only
from a regular file of a bounded size, in a folder that is the user's and that nobody else can
write: in a shared folder another user could otherwise plant the "backup" a restore installs.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from .errors import StoreError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
MIB = 1024 * 1024

try:
    import fcntl
except ImportError:  # Windows: no flock, and no other users' folders to check the same way
    fcntl = None  # type: ignore[assignment]


def temp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


class Copied(NamedTuple):
    """A piece of a file being written that is a range of another file's bytes, copied as they are."""

    offset: int
    length: int


def atomic_write(
    path: Path, data: bytes | Sequence[bytes | Copied], *, source: int | None = None
) -> os.stat_result:
    """Replace `path` with `data`, durably; on any failure the old file is untouched and no temp is left.

    `data` may be pieces: bytes, and ranges Copied from the open file `source`. The temp file is
    locked while it is written, so `remove_stale_temps` can tell it from one that a killed writer
    left behind. A `path` that is a symbolic link is written through: its target is replaced, and
    the link stays."""
    import tempfile  # only writers pay for it (and for shutil and random, which it brings)

    path = written_path(path)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path))
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by `fd` until the rename is done
        for piece in [data] if isinstance(data, bytes) else data:
            if isinstance(piece, Copied):
                assert source is not None
                _copy_range(source, fd, piece)
            else:
                _write_all(fd, piece)
        os.fsync(fd)
        os.chmod(temp_name, PRIVATE_FILE)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    finally:
        os.close(fd)
    fsync_folder(path.parent)
    return os.stat(path)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _copy_range(source: int, fd: int, piece: Copied) -> None:
    # In the kernel, without the bytes passing through this process; where the two files cannot
    # (another filesystem, an old kernel), read and written as any other piece.
    offset, left = piece
    while left:
        try:
            copied = os.copy_file_range(source, fd, left, offset)
        except (AttributeError, OSError):
            copied = 0
        if not copied:
            chunk = os.pread(source, left, offset)
            if not chunk:
                raise OSError(errno.EIO, "the file being copied from is shorter than it was")
            _write_all(fd, chunk)
            copied = len(chunk)
        offset, left = offset + copied, left - copied


def written_path(path: Path) -> Path:
    """Where a write of `path` lands: the file a symbolic link points to, else `path` itself."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable. Some platforms cannot open a folder; there is nothing to sync.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> int:
    """Remove the temp files that killed saves of `path` left behind; one being written (locked by
    its writer) is left alone."""
    removed = 0
    path = written_path(path)
    for stale in path.parent.glob(temp_prefix(path) + "*"):
        if _being_written(stale):
            continue
        with contextlib.suppress(OSError):
            stale.unlink()
            removed += 1
    return removed


def _being_written(temp: Path) -> bool:
    if fcntl is None:
        return False
    try:
        fd = os.open(temp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def ensure_private_folder(folder: Path) -> None:
    """Create a missing folder and each missing parent as 0700, whatever the umask (under umask 000
    `mkdir(parents=True)` makes the parents 0777); an existing folder is left as the user set it."""
    if folder.is_dir():
        return
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for step in reversed(missing):
        with contextlib.suppress(FileExistsError):
            step.mkdir(mode=PRIVATE_DIR)
            os.chmod(step, PRIVATE_DIR)


def read_regular(path: Path, cap: int, what: str) -> tuple[bytes, os.stat_result]:
    """The bytes of `path` and its stat, if it is a regular file of at most `cap` bytes; else a
    StoreError that says what it is, or how big, and the cap. A FIFO is never waited on and a
    device never read. FileNotFoundError passes through."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise StoreError(f"Cannot read {what} {path}: {error.strerror or error}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(
                f"{path} is {_kind_of(info.st_mode)}, not a regular file: dualtui reads {what} only "
                "from a regular file."
            )
        if info.st_size > cap:
            raise StoreError(too_big(path, info.st_size, cap, what))
        data = _read_up_to(fd, info.st_size, cap + 1)
    except OSError as error:
        raise StoreError(f"Cannot read {what} {path}: {error.strerror or error}.") from None
    finally:
        os.close(fd)
    if len(data) > cap:  # it grew while being read
        raise StoreError(too_big(path, len(data), cap, what))
    return data, info


def _read_up_to(fd: int, expected: int, limit: int) -> bytes:
    # One read for a regular file as big as its stat says; more only if it grew meanwhile.
    chunks = [os.read(fd, min(expected + 1, limit))]
    got = len(chunks[0])
    while chunks[-1] and got < limit:
        chunks.append(os.read(fd, min(1 << 20, limit - got)))
        got += len(chunks[-1])
    chunks.pop()  # the empty read that found the end (a join would copy the whole file once more)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def too_big(path: Path, size: int, cap: int, what: str) -> str:
    return f"{path} is {_size(size)}: dualtui reads {what} of up to {_size(cap)}."


def _size(count: int) -> str:
    if count >= MIB:
        return f"{count / MIB:,.1f} MiB".replace(".0 ", " ")
    return f"{count / 1024:,.1f} KiB".replace(".0 ", " ")


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_trusted(path: Path, info: os.stat_result | None = None) -> str | None:
    """Why `path` (a file or folder dualtui reads back as its own) cannot be trusted, or None: it
    belongs to another user, or others can write to it."""
    if not hasattr(os, "getuid"):
        return None
    try:
        info = info or os.lstat(path)
    except OSError as error:
        return f"it cannot be checked ({error.strerror or error})"
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link"
    if info.st_uid != os.getuid():
        return f"it belongs to another user (uid {info.st_uid})"
    if stat.S_IMODE(info.st_mode) & 0o022:
        return f"others can write to it (mode {stat.S_IMODE(info.st_mode):o})"
    return None
