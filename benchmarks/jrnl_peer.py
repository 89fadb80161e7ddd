"""The peer users know: `jrnl -n 1` on a plain-text journal of as many entries, where jrnl is installed."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from figures import key
from interleave import Measure, Samples
from procs import Unavailable, run

# jrnl 4's own defaults, written out so that it neither asks questions nor upgrades anything.
CONFIG = """\
version: v4.1
journals:
  default:
    journal: {journal}
editor: ""
encrypt: false
template: false
default_hour: 9
default_minute: 0
timeformat: "%F %r"
tagsymbols: "#@"
highlight: true
linewrap: 79
indent_character: "|"
colors: {{body: none, date: none, tags: none, title: none}}
"""


def write_journal(path: Path, size: int) -> None:
    start = datetime(2016, 1, 4, 9, 0)
    with path.open("w") as out:
        for number in range(size):
            moment = start + timedelta(hours=2 * number)
            out.write(
                f"[{moment:%Y-%m-%d %I:%M:%S %p}] Entry {number} about @paper{number % 700}.\n"
                f"Read the evaluation section again; the p99 latency claim needs production data.\n\n"
            )


def find_jrnl(env: Mapping[str, str]) -> str | None:
    return shutil.which("jrnl", path=env.get("PATH"))


def measure(size: int, workdir: Path, env: Mapping[str, str], executable: str | None) -> Measure:
    folder = workdir / "jrnl"
    config = folder / f"jrnl-{size}.yaml"

    def jrnl() -> Samples:
        if executable is None:
            raise Unavailable("jrnl is not installed on this machine (`--jrnl PATH` points at one)")
        if not config.exists():
            folder.mkdir(exist_ok=True)
            journal = folder / f"journal-{size}.txt"
            write_journal(journal, size)
            config.write_text(CONFIG.format(journal=journal))
        finished = run([executable, "--config-file", str(config), "-n", "1"], env)
        return {key("jrnl", size): finished.seconds * 1000}

    return Measure(f"jrnl -n 1 @{size}", (key("jrnl", size),), jrnl)
