"""An exclusive lock on a file beside the journal, held for one short transaction."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import StoreError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_TIMEOUT_SECONDS = 10.0


def lock_path(journal: Path) -> Path:
    return journal.with_name(f".{journal.name}.lock")


@contextlib.contextmanager
def exclusive_lock(journal: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    path = lock_path(journal)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _acquire(fd, path, timeout)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return
        except OSError:
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"The journal is locked by another dualtui ({path}) and stayed locked for "
                    f"{timeout:.0f} s; try again, or remove the lock file if no dualtui is running."
                ) from None
            time.sleep(0.005)


def _release(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
