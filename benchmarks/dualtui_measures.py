"""dualtui's figures on one journal: the app through its frames, the CLI as whole processes, the core
in-process."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from figures import key
from interleave import Measure, Samples
from journals import console_entry, dualtui_command
from procs import probe, run, since_start

LAUNCH = ("full_screen", "suggestion", "app_whole", "app_rss")
INTERACT = ("key", "app_add", "app_add_visible", "app_add_durable", "app_parses")
NEXT = ("next", "next_rss")
ADD = ("add",)
CORE = ("write", "store_parses", "rules", "rules_again")
FIGURE_NAMES = LAUNCH + INTERACT + NEXT + ADD + CORE


def measures(size: int, journal: Path, env: Mapping[str, str]) -> list[Measure]:
    dualtui = [*dualtui_command(), "--db", str(journal)]
    entry = console_entry()

    def sized(samples: Mapping[str, float | str]) -> Samples:
        return {key(name, size): value for name, value in samples.items()}

    def launch() -> Samples:
        finished, report = probe("probe_app.py", ["dualtui-launch", str(journal), entry], env)
        marks = report["marks"]
        samples: dict[str, float | str] = {"app_rss": finished.peak_mb}
        for figure in ("full_screen", "suggestion"):
            samples[figure] = (
                since_start(finished, marks[figure]) if figure in marks else "its probe never saw it"
            )
        # Without a suggestion the app waited out the probe's grace period: that exit time means nothing.
        samples["app_whole"] = finished.seconds * 1000 if "suggestion" in marks else "no suggestion shown"
        return sized(samples)

    def interact() -> Samples:
        values = probe("probe_app.py", ["dualtui-interact", str(journal), entry], env)[1]["values"]
        return sized(
            {
                "key": values["key_frame"],
                "app_add": values["add"],
                "app_add_visible": values["add_visible"],
                "app_add_durable": values["add_durable"],
                "app_parses": values["parses"],
            }
        )

    def next_command() -> Samples:
        finished = run([*dualtui, "next"], env)
        return sized({"next": finished.seconds * 1000, "next_rss": finished.peak_mb})

    def add_command() -> Samples:
        finished = run([*dualtui, "add", "paper", f"bench add {time.time_ns()}"], env)
        return sized({"add": finished.seconds * 1000})

    def core() -> Samples:
        return sized(probe("probe_core.py", [str(journal)], env)[1]["values"])

    def keys(*names: str) -> tuple[str, ...]:
        return tuple(key(name, size) for name in names)

    return [
        Measure(f"app launch @{size}", keys(*LAUNCH), launch),
        Measure(f"app keys and add @{size}", keys(*INTERACT), interact),
        Measure(f"dualtui next @{size}", keys(*NEXT), next_command),
        Measure(f"dualtui add @{size}", keys(*ADD), add_command),
        Measure(f"in-process core @{size}", keys(*CORE), core),
    ]
