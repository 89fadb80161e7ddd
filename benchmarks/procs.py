"""Whole processes: launch, wait, and read the wall time and peak memory of exactly that child."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNAVAILABLE = 3  # the probes' exit status for "this part of dualtui is not there yet"
TIMEOUT = 300  # seconds: a process that hangs (a lock never released, a frame never drawn) is killed


class Unavailable(Exception):
    """What a figure needs does not exist (yet); the reason goes into RESULTS.md."""


class Failed(Exception):
    """A measured process failed; the message ends with its stderr."""


@dataclass(frozen=True)
class Finished:
    started: float  # perf_counter at spawn: the same clock a child's perf_counter reads on Linux
    seconds: float  # spawn → reaped
    peak_mb: float  # the child's ru_maxrss


def run(argv: Sequence[str], env: Mapping[str, str]) -> Finished:
    """Runs argv to completion; raises Unavailable or Failed unless it exits 0."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, env=env
        )
        watchdog = threading.Timer(TIMEOUT, child.kill)
        watchdog.start()
        # wait4 rather than child.wait(): it also returns this child's own resource usage.
        _, status, usage = os.wait4(child.pid, 0)
        finished = time.perf_counter()
        watchdog.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            stderr.seek(0)
            said = stderr.read().decode(errors="replace").strip()
            if child.returncode == UNAVAILABLE:
                raise Unavailable(said.splitlines()[-1] if said else "not available")
            tail = " | ".join(said.splitlines()[-3:]) or "no output"
            if finished - started >= TIMEOUT:
                tail = f"killed after {TIMEOUT} s; {tail}"
            raise Failed(f"{' '.join(map(str, argv[:4]))} exited with {child.returncode}: {tail}")
    # ru_maxrss is in KiB on Linux.
    return Finished(started, finished - started, usage.ru_maxrss / 1024)


def probe(script: str, args: Sequence[str], env: Mapping[str, str]) -> tuple[Finished, dict[str, dict]]:
    """Runs one of the probe scripts beside this file; returns the process and the JSON it reported."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.json"
        finished = run([sys.executable, str(HERE / script), str(out), *args], env)
        return finished, json.loads(out.read_text())


def since_start(finished: Finished, mark: float) -> float:
    """Milliseconds from the spawn of `finished` to a perf_counter mark taken inside it."""
    return (mark - finished.started) * 1000
