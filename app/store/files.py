"""Durable, atomic file replacement and private permissions.

The sequence (temp file in the same folder, write, flush, fsync, os.replace, fsync the folder) is the
one that survived SIGKILL and power-cut trials: without the fsyncs a power cut can leave an empty file
behind the rename, and rewriting in place (TinyDB's JSONStorage) can leave a torn one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def temp_prefix(path: Path) -> str:
    return f".{path.name}.tmp-"


def atomic_write(path: Path, data: bytes) -> os.stat_result:
    """Replace `path` with `data`, durably; on any failure the old file is untouched and no temp is left."""
    import tempfile  # only writers pay for it (and for shutil and random, which it brings)

    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, PRIVATE_FILE)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_folder(path.parent)
    return os.stat(path)


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
    """Remove temp files a killed save left behind; call only under the journal's lock."""
    removed = 0
    for stale in path.parent.glob(temp_prefix(path) + "*"):
        with contextlib.suppress(OSError):
            stale.unlink()
            removed += 1
    return removed


def ensure_private_folder(folder: Path) -> None:
    """Create a missing folder (and its parents) as 0700; an existing folder is left as the user set it."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, mode=PRIVATE_DIR, exist_ok=True)
    os.chmod(folder, PRIVATE_DIR)
