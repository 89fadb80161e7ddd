"""`i`: the practice in figures: every phase side by side, the loops' cycle times, a year of activity
with the phases marked, and the open phase against the earlier ones of its kind.

Loaded on first use, never at start-up. The figures are worked out in a thread (at 100,000 records it
is a walk over the whole journal, shared with the phase pane's dashboard of the same version) from
`services/stats.py`, the same definitions `dualtui stats` and
the phase switch's review read. Drawn with Textual's own renderables: a Rich table for the side by
side, Textual's `Bar` for the bars, its `Sparkline` widget for the weeks; every colour is a theme
variable, so any theme works.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.renderables.bar import Bar
from textual.screen import Screen
from textual.widgets import Sparkline, Static

from ...domain import Snapshot
from ...services.stats import COUNTS, CYCLES, Insights, insights, month_starts, week_phase, weeks
from ...services.stats_report import cycle_cell, number
from ..rows import View
from ..stylesheets import INSIGHTS
from ..suggest import copy_for_worker
from ..text import fit, one_line

BAR_WIDTH = 10
FIRST_FRAME_WAIT = 1.0  # seconds the count waits for the first frame at most
KIND_COLOUR = {"research": "primary", "production": "success"}
SHADE_ALPHA = {1: 0.35, 2: 0.55, 3: 0.8, 4: 1.0}


class InsightsReady(Message):
    def __init__(self, figures: Insights) -> None:
        super().__init__()
        self.figures = figures


class InsightsScreen(Screen[None]):
    # Its rules as default CSS, not CSS_PATH: a screen's CSS_PATH makes Textual parse every stylesheet
    # of the app again and restyle every widget of every screen when it first opens (a third of the
    # first frame at 100,000 records); default CSS is parsed alone and styles only this screen. Its
    # ids and classes are its own, so the rules need no scope.
    DEFAULT_CSS = Path(INSIGHTS).read_text(encoding="utf-8")
    SCOPED_CSS = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,i", "close", "Close", id="insights-close"),
    ]
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (160, "-wide")]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"insights--{name}"
        for name in ("primary", "secondary", "accent", "warning", "success", "error", "foreground",
                     "text-muted", "panel")
    }  # fmt: skip

    def __init__(self, view: View) -> None:
        super().__init__(id="insights")
        self.view = view
        self.figures: Insights | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble((" Insights ", "bold reverse $accent"), f"  {self.view.today:%Y-%m-%d}"),
            id="insights-title",
        )
        with VerticalScroll(id="insights-body"):
            yield Static(Content.styled("Counting every phase…", "$text-muted"), id="insights-waiting")
        yield Static(
            Content.assemble(
                (" esc", "bold $accent"), " close  ", ("dualtui stats", "bold"), " prints the same"
            ),
            id="insights-keys",
        )

    def _figures(self) -> Vertical:
        """Where the figures go: mounted once they are counted, so the first frame composes only the
        title, the line that says they are being counted and the keys."""
        return Vertical(
            Static(classes="insights-heading", id="phases-heading"),
            Static(id="phases-table"),
            Grid(
                Vertical(
                    Static(classes="insights-heading", id="cycles-heading"),
                    Static(id="cycles-table"),
                    Static(classes="insights-heading", id="trends-heading"),
                    Static(id="trends-table"),
                    classes="insights-column",
                ),
                Vertical(
                    Static(classes="insights-heading", id="activity-heading"),
                    Static(id="heatmap"),
                    Static(Content.styled("     each week's entries, reads and builds", "$text-muted")),
                    Sparkline([], id="weekly"),
                    classes="insights-column",
                ),
                id="insights-grid",
            ),
            id="insights-figures",
        )

    def on_mount(self) -> None:
        # The copy is the worker's own (the UI thread may take in a change meanwhile); it keeps the
        # version and the link index, so the walk the phase pane's dashboard made of this version is
        # reused (services/stats.py).
        drawn = threading.Event()
        self._count(copy_for_worker(self.view.snapshot), drawn)
        self.call_after_refresh(drawn.set)

    @work(thread=True, exclusive=True, group="insights", description="insights")
    def _count(self, snapshot: Snapshot, drawn: threading.Event) -> None:
        # Counting starts once the first frame is out: a walk begun now would hold the GIL for half
        # the time the frame is being drawn. The worker starts at once all the same, so whoever
        # waits for the app's workers waits for the figures too.
        drawn.wait(FIRST_FRAME_WAIT)
        self.post_message(InsightsReady(insights(snapshot, self.view.today, self.view.links)))

    async def on_insights_ready(self, message: InsightsReady) -> None:
        self.figures = message.figures
        self.query_one("#insights-waiting").display = False
        await self.query_one("#insights-body").mount(self._figures())
        self.draw()

    def on_resize(self) -> None:
        if self.figures is not None:
            self.draw()

    def draw(self) -> None:
        figures = self.figures
        assert figures is not None
        wide = self.size.width >= 160
        column = self.size.width // 2 - 3 if wide else self.size.width - 3
        self._heading("#phases-heading", "Phases side by side", "what each produced")
        self.query_one("#phases-table", Static).update(self._phases(figures, self.size.width - 3))
        self._heading("#cycles-heading", "Cycle times", "median days of the loops closed · slowest open")
        self.query_one("#cycles-table", Static).update(self._cycles(figures, column))
        self._heading("#activity-heading", "Activity", f"the last {len(figures.activity) // 7 + 1} weeks")
        self.query_one("#heatmap", Static).update(self._heatmap(figures))
        weekly = self.query_one("#weekly", Sparkline)
        weekly.data = [sum(day.total for day, _ in week) for week in weeks(figures.activity)]
        current = figures.current
        kind = current.phase.kind.value if current else "—"
        self._heading("#trends-heading", "Trends", f"this phase against earlier {kind} phases, same day")
        self.query_one("#trends-table", Static).update(self._trends(figures))

    def _heading(self, selector: str, title: str, note: str) -> None:
        self.query_one(selector, Static).update(
            Content.assemble((title, "bold $accent"), "  ", (note, "$text-muted"))
        )

    # Parts --------------------------------------------------------------------------------------

    def _colour(self, name: str) -> Style:
        """A theme colour as a Rich style, for the renderables that take one (insights.tcss sets each
        `insights--NAME` from a theme variable, so a theme change recolours them)."""
        return self.get_component_rich_style(f"insights--{name}", partial=True)

    def _bar(self, value: float, most: float, colour: str, width: int = BAR_WIDTH) -> Bar:
        filled = width * value / most if most else 0
        return Bar((0, filled), self._colour(colour), self._colour("panel"), width=width)

    def _with_bar(self, text: str, bar: Bar) -> Table:
        row = Table.grid(padding=(0, 1))
        row.add_column(no_wrap=True, justify="right")
        row.add_column(no_wrap=True)
        row.add_row(text, bar)
        return row

    def _phases(self, figures: Insights, width: int) -> RenderableType:
        if not figures.phases:
            return Text("No phases yet: p starts one.", style=self._colour("text-muted"))
        # As many of the latest phases as fit beside the labels, then all time.
        label_width, cell_width = 28, BAR_WIDTH + 6
        room = max((width - label_width - 6) // cell_width, 1)
        shown = figures.phases[-room:]
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False, collapse_padding=True)
        table.add_column("", no_wrap=True, style=self._colour("text-muted"), min_width=label_width - 1)
        for phase_figures in shown:
            phase = phase_figures.phase
            colour = self._colour(KIND_COLOUR[phase.kind.value])
            end = f"{phase.ended:%m-%d}" if phase.ended else "now"
            table.add_column(Text(f"{phase.ref}\n{phase.started:%m-%d}", style=colour), no_wrap=True,
                             justify="right", min_width=3)  # fmt: skip
            table.add_column(Text(f"{phase.kind.value}\n→ {end}", style=colour), no_wrap=True,
                             width=BAR_WIDTH, overflow="crop")  # fmt: skip
        table.add_column(Text("all\ntime"), no_wrap=True, justify="right")
        for name, label in COUNTS:
            most = max(f.counts[name] for f in shown) or 1
            cells: list[RenderableType] = [Text(label)]
            for phase_figures in shown:
                value = phase_figures.counts[name]
                cells += [
                    Text(str(value)),
                    self._bar(value, most, KIND_COLOUR[phase_figures.phase.kind.value]),
                ]
            cells.append(Text(str(figures.totals[name])))
            table.add_row(*cells)
        for label, of_phase, overall in (
            ("builds per paper read", lambda f: f.builds_per_paper, figures.builds_per_paper),
            ("write-ups per shipped build", lambda f: f.writeups_per_build, figures.writeups_per_build),
        ):
            cells = [Text(label)]
            for phase_figures in shown:
                cells += [Text(number(of_phase(phase_figures))), Text("")]
            table.add_row(*cells, Text(number(overall)))
        if len(shown) < len(figures.phases):
            table.caption = f"the latest {len(shown)} of {len(figures.phases)} phases; dualtui stats has all"
            table.caption_style = self._colour("text-muted")
        return table

    def _cycles(self, figures: Insights, width: int) -> RenderableType:
        table = Table(box=None, padding=(0, 1), show_edge=False, collapse_padding=True)
        muted = self._colour("text-muted")
        table.add_column("", no_wrap=True, style=muted, min_width=27)
        table.add_column(Text("median", style=muted), justify="right", no_wrap=True, min_width=5)
        table.add_column("", no_wrap=True, width=6, overflow="crop")
        current = figures.current
        if current is not None:
            table.add_column(Text(f"{current.phase.ref}", style=muted), justify="right", no_wrap=True)
        table.add_column(Text("slowest open", style=muted), no_wrap=True)
        most = max((f.median_days or 0 for f in figures.cycles.values()), default=0) or 1
        title_room = max(width - 27 - 6 - 6 - (12 if current is not None else 0) - 14, 8)
        for name, label in CYCLES:
            overall = figures.cycles[name]
            loop = overall.slowest_open
            slowest = Text("—", style=muted)
            if loop is not None:
                slowest = Text(f"{loop.ref} {overall.slowest_days}d ", style=self._colour("warning"))
                slowest.append(fit(one_line(loop.title), title_room), style=self._colour("foreground"))
            row: list[RenderableType] = [
                Text(label),
                Text(number(overall.median_days, 1)),
                self._bar(overall.median_days or 0, most, "accent", 6),
            ]
            if current is not None:
                row.append(Text(cycle_cell(current.cycles[name])))
            row.append(slowest)
            table.add_row(*row)
        return table

    def _heatmap(self, figures: Insights) -> Content:
        grid = weeks(figures.activity)
        months = [" "] * len(grid)
        for column, name in month_starts(grid).items():
            if column + len(name) <= len(grid) and all(c == " " for c in months[column : column + len(name)]):
                months[column : column + len(name)] = list(name)
        lines = [Content.styled("     " + "".join(months), "$text-muted")]
        for row, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
            parts: list[tuple[str, str] | str] = [(f"{name:<4} ", "$text-muted")]
            for week in grid:
                if row >= len(week):
                    parts.append(" ")
                    continue
                day, level = week[row]
                if level == 0:
                    parts.append(("·", "$text-disabled"))
                else:
                    kind = day.phase.kind.value if day.phase is not None else None
                    colour = KIND_COLOUR[kind] if kind else "foreground"
                    parts.append(("■", f"${colour} {round(SHADE_ALPHA[level] * 100)}%"))
            lines.append(Content.assemble(*parts))
        lines.append(Content.assemble(("     ", ""), *self._phase_band(grid)))
        lines.append(
            Content.assemble(
                ("     ■", "$primary"),
                " research  ",
                ("■", "$success"),
                " production  ",
                ("·", "$text-disabled"),
                " nothing   paler: less, brighter: more",
            )
        )
        return Content("\n").join(lines)

    def _phase_band(self, grid: list) -> list[tuple[str, str]]:
        """Under the weeks, each phase as a run of its colour, named where it starts (ph3▀▀▀▀)."""
        runs: list[list] = []
        for week in grid:
            phase = week_phase(week)
            if runs and runs[-1][0] is phase:
                runs[-1][1] += 1
            else:
                runs.append([phase, 1])
        parts: list[tuple[str, str]] = []
        for phase, length in runs:
            if phase is None:
                parts.append((" " * length, ""))
                continue
            name = str(phase.ref) if length > len(str(phase.ref)) else ""
            style = f"${KIND_COLOUR[phase.kind.value]}"
            parts += [(name, f"bold {style}"), ("▀" * (length - len(name)), style)]
        return parts

    def _trends(self, figures: Insights) -> RenderableType:
        muted = self._colour("text-muted")
        current = figures.current
        if current is None:
            return Text("No phase is open.", style=muted)
        if not any(t.earlier for t in figures.trends):
            return Text(
                f"{current.phase.ref} is the first {current.phase.kind.value} phase: nothing to compare yet.",
                style=muted,
            )
        table = Table(box=None, padding=(0, 1), show_edge=False, collapse_padding=True)
        table.add_column(
            Text(f"by day {figures.trend_day}", style=muted), no_wrap=True, style=muted, min_width=27
        )
        table.add_column(Text(f"{current.phase.ref}", style=muted), no_wrap=True, justify="right")
        table.add_column("", no_wrap=True, width=BAR_WIDTH, overflow="crop")
        table.add_column(Text("earlier", style=muted), no_wrap=True, justify="right")
        table.add_column("", no_wrap=True, width=BAR_WIDTH, overflow="crop")
        table.add_column("", no_wrap=True)
        arrows = {
            "up": ("↑", "success"),
            "down": ("↓", "error"),
            "even": ("=", "text-muted"),
            "new": (" ", ""),
        }
        colour = KIND_COLOUR[current.phase.kind.value]
        for trend in figures.trends:
            before = trend.earlier_median or 0
            most = max(trend.now, before) or 1
            glyph, tone = arrows[trend.direction]
            table.add_row(
                Text(trend.label),
                Text(str(trend.now)),
                self._bar(trend.now, most, colour),
                Text(number(trend.earlier_median, 1)),
                self._bar(before, most, "text-muted"),
                Text(glyph, style=self._colour(tone) if tone else Style()),
            )
        return table

    def action_close(self) -> None:
        self.dismiss(None)
