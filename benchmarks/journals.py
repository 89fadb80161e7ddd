"""The journals measured: generated fresh by `dualtui demo`, one per size, in the work folder."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from procs import Failed, Unavailable, run


def dualtui_command() -> list[str]:
    """The `dualtui` script beside this interpreter, as a user runs it; else `python -m dualtui`."""
    script = Path(sys.executable).parent / "dualtui"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dualtui"]


def console_entry() -> str:
    """The `module:function` the `dualtui` console script calls, for probes that launch it in-process."""
    found = metadata.entry_points(group="console_scripts", name="dualtui")
    return next((entry.value for entry in found), "dualtui.cli:main")


def isolated_env(workdir: Path, pycache: Path) -> dict[str, str]:
    """The environment of every measured process: the user's own config, rules and journal stay out,
    and bytecode is cached as after an install (in the work folder, not beside the sources)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DUALTUI_")}
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[variable] = str(workdir / "home" / variable.lower())
    # With PYTHONDONTWRITEBYTECODE set, every launch would compile dualtui from source again
    # (~60 ms of `dualtui next` here), which no installed copy does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_workdir(base: Path) -> Path:
    """A work folder of this run's own: two runs side by side must not delete each other's journals."""
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="run-", dir=base))


def make_journal(size: int, workdir: Path, env: Mapping[str, str]) -> tuple[Path, float] | str:
    """Generates a journal of `size` records; returns it with the milliseconds taken, or why it could not."""
    path = workdir / "journals" / f"journal-{size}.json"
    try:
        finished = run([*dualtui_command(), "--db", str(path), "demo", "--size", str(size)], env)
    except (Unavailable, Failed) as problem:
        return f"`dualtui demo --size {size}` is not available yet ({problem})"
    return path, finished.seconds * 1000
