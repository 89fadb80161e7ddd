"""The floors: what any Python program, any Textual app and any durable write cost on this machine."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from interleave import Measure, Samples
from procs import probe, run, since_start

FSYNC_WRITES = 10  # per sample: one fsync takes well under a millisecond on some disks


def measures(workdir: Path, env: Mapping[str, str]) -> list[Measure]:
    python = sys.executable

    def python_pass() -> Samples:
        return {"pass": run([python, "-c", "pass"], env).seconds * 1000}

    def imports() -> Samples:
        finished = run([python, "-c", "import tinydb, yaml, pendulum"], env)
        return {"imports": finished.seconds * 1000, "imports_rss": finished.peak_mb}

    def bare_launch() -> Samples:
        finished, report = probe("probe_app.py", ["bare-launch"], env)
        return {
            "bare_frame": since_start(finished, report["marks"]["drawn"]),
            "bare_whole": finished.seconds * 1000,
            "bare_rss": finished.peak_mb,
        }

    def bare_keys() -> Samples:
        return {"bare_key": probe("probe_app.py", ["bare-keys"], env)[1]["values"]["key_frame"]}

    def bare_screen() -> Samples:
        return {"bare_screen": probe("probe_app.py", ["bare-screen"], env)[1]["values"]["screen_frame"]}

    def fsync() -> Samples:
        return {"fsync": fsync_floor(workdir / "fsync-floor.log")}

    return [
        Measure("python -c pass", ("pass",), python_pass),
        Measure("imports", ("imports", "imports_rss"), imports),
        Measure("bare app launch", ("bare_frame", "bare_whole", "bare_rss"), bare_launch),
        Measure("bare app keys", ("bare_key",), bare_keys),
        Measure("bare app screen", ("bare_screen",), bare_screen),
        Measure("fsync", ("fsync",), fsync),
    ]


def rewrite_floor(journal: Path) -> float:
    """Milliseconds to write and fsync a new file as big as `journal`, beside it: what any atomic save
    of the whole journal pays, whatever it serialises (its bytes are read before the clock starts)."""
    data = journal.read_bytes()
    path = journal.with_name(".rewrite-floor.tmp")
    started = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    elapsed = (time.perf_counter() - started) * 1000
    path.unlink()
    return elapsed


def fsync_floor(path: Path) -> float:
    """Milliseconds per append + fsync of a 100-byte record, beside the journals (same filesystem)."""
    record = b"x" * 99 + b"\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        started = time.perf_counter()
        for _ in range(FSYNC_WRITES):
            os.write(fd, record)
            os.fsync(fd)
        return (time.perf_counter() - started) * 1000 / FSYNC_WRITES
    finally:
        os.close(fd)
