"""Every figure the harness reports, its floor, and the budgets of issues 6, 15 and 16."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    unit: str  # "ms", "MB" or "parses/op"
    floor: str | None = None  # the name of the floor figure its ratio is taken to
    sized: bool = True  # measured once per journal size
    short: str = ""  # how the tables name it when it is another figure's floor


FIGURES = {
    figure.name: figure
    for figure in (
        Figure("pass", "`python -c pass`", "ms", sized=False, short="python -c pass"),
        Figure("imports", '`python -c "import tinydb, yaml, pendulum"`', "ms", "pass", False, "imports"),
        Figure("imports_rss", "imports floor: peak memory", "MB", sized=False, short="imports"),
        Figure(
            "bare_frame",
            "bare Textual app (one Static): launch → first frame",
            "ms",
            "pass",
            False,
            "bare app",
        ),
        Figure(
            "bare_whole", "bare Textual app: launch → first frame → exit", "ms", "pass", False, "bare app"
        ),
        Figure("bare_key", "bare Textual app: key press → frame", "ms", sized=False, short="bare app"),
        Figure("bare_rss", "bare Textual app: peak memory", "MB", sized=False, short="bare app"),
        Figure(
            "bare_screen",
            "bare Textual app: key press → a new screen's first frame",
            "ms",
            sized=False,
            short="bare screen",
        ),
        Figure("fsync", "append + fsync of a 100-byte record", "ms", sized=False, short="fsync"),
        Figure("rewrite", "write + fsync of a new file the journal's size", "ms", short="rewrite"),
        Figure("jrnl", "`jrnl -n 1`", "ms", "bare_frame"),
        Figure(
            "full_screen",
            "dualtui: launch → first full screen (panes and top suggestion), journal unchanged",
            "ms",
            "bare_frame",
        ),
        Figure(
            "full_screen_changed",
            "dualtui: launch → first full screen, right after another process changed the journal",
            "ms",
            "bare_frame",
        ),
        Figure(
            "first_frame", "dualtui: launch → first frame (header and panes), unchanged", "ms", "bare_frame"
        ),
        Figure("first_frame_changed", "dualtui: launch → first frame, after a change", "ms", "bare_frame"),
        Figure("app_whole", "dualtui: launch → first full screen → exit, unchanged", "ms", "bare_whole"),
        Figure("app_rss", "dualtui app: peak memory", "MB", "bare_rss"),
        Figure("key", "dualtui: key press in a queue → frame", "ms", "bare_key"),
        Figure("app_add", "dualtui: add in the app → durable and visible", "ms", "fsync"),
        Figure("app_add_visible", "  of which: Enter → row visible", "ms", "bare_key"),
        Figure("app_add_durable", "  of which: Enter → journal durable", "ms", "rewrite"),
        Figure("insights_frame", "dualtui: open the insights (`i`) → their first frame", "ms", "bare_screen"),
        Figure("insights_figures", "  and → every figure drawn", "ms", "bare_screen"),
        Figure("app_parses", "dualtui app: full-file parses per operation after start-up", "parses/op"),
        Figure("next", "`dualtui next` (whole process), journal unchanged", "ms", "imports"),
        Figure(
            "next_changed", "`dualtui next`, right after another process changed the journal", "ms", "imports"
        ),
        Figure("next_rss", "`dualtui next`: peak memory", "MB", "imports_rss"),
        Figure("add", "`dualtui add paper …` (whole process, durable)", "ms", "imports"),
        Figure("write", "durable add in-process (service → fsync'd file)", "ms", "rewrite"),
        Figure("rules", "all default rules, in-process (first evaluation)", "ms"),
        Figure("rules_again", "all default rules, in-process (after a change)", "ms"),
        Figure("store_parses", "store: full-file parses per operation after start-up", "parses/op"),
        Figure("demo", "`dualtui demo` generating the journal (once)", "ms"),
        Figure(
            "bib_parse",
            "bare bibtexparser parse of a 5,000-entry .bib (in-process)",
            "ms",
            None,
            False,
            "parse",
        ),
        Figure(
            "bib_import", "`dualtui import` of the same .bib (in-process, durable)", "ms", "bib_parse", False
        ),
        Figure("bib_reimport", "the same import again (every entry a duplicate)", "ms", "bib_parse", False),
    )
}


def key(name: str, size: int | None) -> str:
    """The key of one figure's samples: its name, and the journal size if it has one."""
    return name if size is None or not FIGURES[name].sized else f"{name}@{size}"


@dataclass(frozen=True)
class Budget:
    figure: str
    limits: dict[int | None, float]  # journal size → limit; None for a figure taken once, not per size
    of_floor: bool  # the limit is a ratio to the figure's floor, else in the figure's unit

    def describe(self, size: int | None) -> str:
        limit = self.limits[size]
        if self.of_floor:
            floor = FIGURES[self.figure].floor or ""
            return f"≤ {limit:g}× {FIGURES[floor].short}"
        return f"≤ {limit:g} {FIGURES[self.figure].unit}" if limit else "0"


BUDGETS = (
    # Issue 15: what the user waits for, the next action on screen, at any size of journal.
    Budget("full_screen", {10_000: 1.25, 100_000: 1.6}, of_floor=True),
    Budget("full_screen_changed", {10_000: 1.5, 100_000: 2.5}, of_floor=True),
    Budget("next", {10_000: 1.15, 100_000: 1.5}, of_floor=True),
    Budget("next_changed", {10_000: 1.4, 100_000: 3}, of_floor=True),
    Budget("add", {10_000: 1.3, 100_000: 2.5}, of_floor=True),
    Budget("app_add", {10_000: 20, 100_000: 80}, of_floor=False),
    Budget("app_rss", {10_000: 50, 100_000: 140}, of_floor=False),
    # Issue 6.
    Budget("first_frame_changed", {10_000: 1.5, 100_000: 2.5}, of_floor=True),
    Budget("key", {10_000: 8, 100_000: 8}, of_floor=False),
    Budget("rules", {10_000: 20, 100_000: 100}, of_floor=False),
    Budget("app_parses", {10_000: 0, 100_000: 0}, of_floor=False),
    Budget("store_parses", {10_000: 0, 100_000: 0}, of_floor=False),
    # Issue 16: a whole .bib import (a first one, and again with every entry a duplicate) at most 3×
    # the bare bibtexparser parse of the same file.
    Budget("bib_import", {None: 3}, of_floor=True),
    Budget("bib_reimport", {None: 3}, of_floor=True),
)
