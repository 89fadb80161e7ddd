"""The machine, the versions and the moment a run was made on: what RESULTS.md's figures depend on."""

from __future__ import annotations

import importlib.util
import os
import platform
import subprocess
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PACKAGES = ("dualtui", "textual", "rich", "tinydb", "orjson", "pendulum", "PyYAML", "evalidate")


def describe(workdir: Path, env: Mapping[str, str], jrnl: str | None) -> list[tuple[str, str]]:
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("dualtui measured", _measured_source()),
        ("cpu", f"{_cpu_model()}; {len(os.sched_getaffinity(0))} usable of {os.cpu_count()} cores"),
        ("memory", _memory()),
        ("load average", " ".join(f"{load:.2f}" for load in os.getloadavg()) + " (1, 5, 15 min, at the end)"),
        ("system", platform.platform()),
        ("filesystem of the journals", _filesystem(workdir)),
        ("python", f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})"),
        ("bytecode", f"cached in {env.get('PYTHONPYCACHEPREFIX', '__pycache__')} by the warm-up round"),
        ("compiled rules", f"cached in {env.get('XDG_CACHE_HOME', '~/.cache')}/dualtui by the warm-up round"),
        ("packages", ", ".join(f"{name} {_version(name)}" for name in PACKAGES)),
        ("peer", _jrnl_version(jrnl, env)),
    ]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _jrnl_version(jrnl: str | None, env: Mapping[str, str]) -> str:
    if jrnl is None:
        return "jrnl not installed"
    done = subprocess.run([jrnl, "--version"], capture_output=True, text=True, check=False, env=dict(env))
    return f"{done.stdout.strip().splitlines()[0] if done.stdout.strip() else 'jrnl'} ({jrnl})"


def _measured_source() -> str:
    """Where the imported dualtui lives and its commit: an editable install may be another checkout."""
    spec = importlib.util.find_spec("dualtui")
    if spec is None or spec.origin is None:
        return "not installed"
    package = Path(spec.origin).parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(package), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("log", "-1", "--format=%h %s")
    if not commit:
        return f"{package} (not a git checkout)"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", "../styles")
    return f"{package} at {commit}" + (" (with uncommitted changes)" if changed else "")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


def _memory() -> str:
    try:
        total_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return "unknown"
    return f"{total_kib / 1024**2:.1f} GiB"


def _filesystem(path: Path) -> str:
    """The type of the mount holding `path`: fsync costs differ by an order of magnitude between them."""
    try:
        mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "unknown"
    resolved = str(path.resolve())
    best = max(
        (
            fields
            for fields in mounts
            if resolved == fields[1] or resolved.startswith(fields[1].rstrip("/") + "/")
        ),
        key=lambda fields: len(fields[1]),
        default=None,
    )
    return f"{best[2]} mounted on {best[1]}" if best else "unknown"
