"""dualtui's figures on one journal: the app through its frames, the CLI as whole processes, the core
in-process."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from figures import key
from floors import rewrite_floor
from interleave import Measure, Samples
from journals import console_entry, dualtui_command
from procs import probe, run, since_start

LAUNCH_CHANGED = ("first_frame_changed", "full_screen_changed")
LAUNCH = ("first_frame", "full_screen", "app_whole", "app_rss")
INTERACT = ("key", "app_add", "app_add_visible", "app_add_durable", "app_parses")
INSIGHTS = ("insights_frame", "insights_figures")
NEXT = ("next", "next_rss")
NEXT_CHANGED = ("next_changed",)
ADD = ("add",)
CORE = ("write", "store_parses", "rules", "rules_again")
REWRITE = ("rewrite",)
FIGURE_NAMES = LAUNCH_CHANGED + LAUNCH + INTERACT + INSIGHTS + NEXT + NEXT_CHANGED + ADD + CORE + REWRITE


def measures(size: int, journal: Path, env: Mapping[str, str]) -> list[Measure]:
    dualtui = [*dualtui_command(), "--db", str(journal)]
    entry = console_entry()

    def sized(samples: Mapping[str, float | str]) -> Samples:
        return {key(name, size): value for name, value in samples.items()}

    def change() -> None:
        """Another process changes the journal (untimed): what an earlier run kept is stale now."""
        run([*dualtui, "add", "paper", f"bench change {time.time_ns()}"], env)

    def launched() -> tuple[dict[str, float | str], float, float]:
        finished, report = probe("probe_app.py", ["dualtui-launch", str(journal), entry], env)
        marks = report["marks"]
        samples: dict[str, float | str] = {}
        # The first frame: the header and the four panes filled. The first full screen: that, and the
        # top suggestion on the bar (the same frame when the last run's suggestions were kept).
        samples["first_frame"] = since_start(finished, marks["panes"]) if "panes" in marks else "never seen"
        both = "panes" in marks and "suggestion" in marks
        samples["full_screen"] = (
            since_start(finished, max(marks["panes"], marks["suggestion"])) if both else "no suggestion shown"
        )
        return samples, finished.seconds * 1000 if both else "no suggestion shown", finished.peak_mb

    def launch_after_change() -> Samples:
        change()
        samples, _, _ = launched()
        return sized({f"{name}_changed": value for name, value in samples.items()})

    def launch() -> Samples:
        # Right after the launch above: the journal is as that launch left it (and kept).
        samples, whole, peak = launched()
        # Without a suggestion the app waited out the probe's grace period: that exit time means nothing.
        return sized({**samples, "app_whole": whole, "app_rss": peak})

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

    def open_insights() -> Samples:
        values = probe("probe_app.py", ["dualtui-insights", str(journal), entry], env)[1]["values"]
        return sized({name: values[name] for name in INSIGHTS})

    def next_command() -> Samples:
        # Right after the launches: the journal, the day and the rules as the last run saw them.
        finished = run([*dualtui, "next"], env)
        return sized({"next": finished.seconds * 1000, "next_rss": finished.peak_mb})

    def next_after_change() -> Samples:
        change()
        finished = run([*dualtui, "next"], env)
        return sized({"next_changed": finished.seconds * 1000})

    def add_command() -> Samples:
        finished = run([*dualtui, "add", "paper", f"bench add {time.time_ns()}"], env)
        return sized({"add": finished.seconds * 1000})

    def core() -> Samples:
        return sized(probe("probe_core.py", [str(journal)], env)[1]["values"])

    def rewrite() -> Samples:
        # The floor of every save: the journal as it is now, written whole as a new file and fsync'd.
        return sized({"rewrite": rewrite_floor(journal)})

    def keys(*names: str) -> tuple[str, ...]:
        return tuple(key(name, size) for name in names)

    return [
        Measure(f"app launch after a change @{size}", keys(*LAUNCH_CHANGED), launch_after_change),
        Measure(f"app launch @{size}", keys(*LAUNCH), launch),
        Measure(f"dualtui next @{size}", keys(*NEXT), next_command),
        Measure(f"app keys and add @{size}", keys(*INTERACT), interact),
        Measure(f"app insights @{size}", keys(*INSIGHTS), open_insights),
        Measure(f"dualtui next after a change @{size}", keys(*NEXT_CHANGED), next_after_change),
        Measure(f"dualtui add @{size}", keys(*ADD), add_command),
        Measure(f"in-process core @{size}", keys(*CORE), core),
        Measure(f"rewrite floor @{size}", keys(*REWRITE), rewrite),
    ]
