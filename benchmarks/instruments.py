"""In-process instruments the probes install before importing dualtui: parse counts and durable writes."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson


class ParseCounter:
    """Counts full-file parses: JSON decodes of at least half the journal's size.

    Wraps the module attributes `orjson.loads` and `json.loads` (which `json.load` calls), so it must be
    installed before dualtui imports them by name.
    """

    def __init__(self, journal: Path) -> None:
        self._threshold = journal.stat().st_size // 2
        self.count = 0

    def install(self) -> None:
        orjson.loads = self._wrap(orjson.loads)
        json.loads = self._wrap(json.loads)

    def _wrap(self, loads: Callable[..., Any]) -> Callable[..., Any]:
        def counting_loads(data: str | bytes, *args: Any, **kwargs: Any) -> Any:
            if len(data) >= self._threshold:
                self.count += 1
            return loads(data, *args, **kwargs)

        return counting_loads


class WriteClock:
    """Stamps each `os.replace` onto the journal and each `os.fsync`, to tell when a write is durable."""

    def __init__(self, journal: Path) -> None:
        self.journal = journal.resolve()
        self.replaced: list[float] = []
        self.synced: list[float] = []

    def install(self) -> None:
        replace, fsync = os.replace, os.fsync

        def stamped_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            replace(src, dst, *args, **kwargs)
            if Path(dst).resolve() == self.journal:
                self.replaced.append(time.perf_counter())

        def stamped_fsync(fd: Any) -> None:
            fsync(fd)
            self.synced.append(time.perf_counter())

        os.replace = stamped_replace
        os.fsync = stamped_fsync

    def durable_since(self, start: float) -> float | None:
        """When the first journal replace after `start`, and the fsyncs right after it, were done."""
        replaced = [moment for moment in self.replaced if moment >= start]
        if not replaced:
            return None
        # The folder's fsync follows the replace; a later write's fsyncs would follow a later replace.
        following = [moment for moment in self.synced if moment >= replaced[0]]
        later = [moment for moment in self.replaced if moment > replaced[0]]
        if later:
            following = [moment for moment in following if moment < later[0]]
        return max([replaced[0], *following])
