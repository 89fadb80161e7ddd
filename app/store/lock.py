"""An exclusive lock on a file beside the journal, held for one short transaction."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import StoreError
from .files import not_trusted, written_path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_TIMEOUT_SECONDS = 10.0


def lock_path(journal: Path) -> Path:
    """Beside the file the journal's writes land in (a journal that is a link locks beside its target,
    so every dualtui writing to that file takes the same lock)."""
    target = written_path(journal)
    return target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def exclusive_lock(journal: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    path = lock_path(journal)
    # Never through a link: in a shared folder a planted link would make dualtui create its target.
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as error:
        if path.is_symlink():
            raise StoreError(f"The lock file {path} is a symbolic link; remove it and try again.") from None
        raise StoreError(f"Cannot open the lock file {path}: {error.strerror or error}.") from None
    try:
        problem = not_trusted(path, os.fstat(fd))
        if problem is not None:
            raise StoreError(f"The lock file {path} cannot be trusted: {problem}. Remove it and try again.")
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
