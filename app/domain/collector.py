"""The one owner of the process-wide cyclic garbage collector's switch.

Loading a journal, evaluating the rules and starting the app each make a burst of small acyclic
objects; a cyclic collection triggered by them would walk everything in memory again and again (40%
of a load at 100,000 records, +60% of an evaluation, about 130 collections before the app's first
frame). So each pauses the collector, and only this module switches it. Pauses nest and may overlap
across threads (the app's start-up and the suggestion worker's evaluation do): the collector comes
back on when the last one ends, and only if it was on when the first began.
"""

from __future__ import annotations

import _thread  # the lock without importing threading (about a millisecond on every command)
import contextlib
import gc
from collections.abc import Iterator

_lock = _thread.allocate_lock()
_holders = 0
_was_enabled = False


def pause() -> None:
    """Hold the collector off until a matching `resume`."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1


def resume(*, freeze: bool = False, collect: bool = False) -> None:
    """End one pause. `freeze`: what was made during it lives on, so keep it out of every later
    collection. `collect`: first collect the little garbage it left (when no other pause holds on)."""
    global _holders
    with _lock:
        if _holders == 0:
            raise RuntimeError("the cyclic GC was resumed more often than it was paused")
        _holders -= 1
        if collect and _holders == 0:
            gc.collect()
        if freeze:
            gc.freeze()
        if _holders == 0 and _was_enabled:
            gc.enable()


@contextlib.contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    pause()
    try:
        yield
    finally:
        resume(freeze=freeze)
