"""`dualtui stats` for people: the insights as aligned text for a terminal, or as a Markdown report to
paste into a write-up or a phase review. The figures come from `stats.py`; this only lays them out."""

from __future__ import annotations

from collections.abc import Callable

from dualtui.domain.text import one_line

from .markdown import md
from .stats import COUNTS, CYCLES, CycleFigures, Insights, PhaseFigures, month_starts, week_phase, weeks

SHADES = "·░▒▓█"
KIND_LETTER = {"research": "R", "production": "P"}
ROWS = (*COUNTS, ("builds_per_paper", "builds per paper read"),
        ("writeups_per_build", "write-ups per shipped build"))  # fmt: skip
# The indent and the longest label (the cells are right-aligned, so they bring their own space):
# every row's columns line up.
LABEL_WIDTH = 2 + max(len(label) for _, label in (*ROWS, *CYCLES))
COLUMN_WIDTH = 16


def number(value: float | None, digits: int = 2) -> str:
    """A ratio or a median as people read it: `0.4`, `25.5`, `3`; `—` when there is none."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}".rstrip("0")


def cycle_cell(figures: CycleFigures) -> str:
    """`9 (118)`: the median days of the closed loops, and the age of the slowest open one."""
    median = number(figures.median_days, 1)
    return median if figures.slowest_days is None else f"{median} ({figures.slowest_days})"


def phase_heading(figures: PhaseFigures) -> str:
    phase = figures.phase
    end = f"{phase.ended:%m-%d}" if phase.ended else "now"
    return f"{phase.started:%m-%d} → {end}"


# --- text ------------------------------------------------------------------------------------------


def text_report(insights: Insights, width: int = 100) -> list[str]:
    """The insights as lines for a terminal `width` wide; the phases side by side, in as many blocks
    of columns as the width needs (none is left out)."""
    out = [f"dualtui stats, {insights.today:%Y-%m-%d}", ""]
    if not insights.phases:
        out.append("No phases yet: the figures are for the whole journal.")
    for figures in insights.phases:
        phase = figures.phase
        goal = one_line(phase.goal) or "no goal set"
        end = f"{phase.ended:%Y-%m-%d}" if phase.ended else "now"
        out.append(f"{phase.ref!s:<5} {phase.kind.value:<10} {phase.started:%Y-%m-%d} → {end:<10}  {goal}")
    per_block = max((width - LABEL_WIDTH) // COLUMN_WIDTH, 1)
    columns: list[tuple[str, str, Callable[[str], str]]] = [
        (str(f.phase.ref) + " " + f.phase.kind.value, phase_heading(f), _cell_of(f)) for f in insights.phases
    ]
    columns.append(("all time", "", _cell_of(insights)))
    for start in range(0, len(columns), per_block):
        block = columns[start : start + per_block]
        out += ["", _row("", [c[0] for c in block]), _row("", [c[1] for c in block])]
        for name, label in ROWS:
            out.append(_row(label, [c[2](name) for c in block]))
        out.append("  cycle days: median (slowest open)")
        for name, label in CYCLES:
            out.append(_row(label, [c[2](name) for c in block]))
    slowest = [(label, insights.cycles[name]) for name, label in CYCLES]
    waiting = [(label, f) for label, f in slowest if f.slowest_open is not None]
    if waiting:
        out += ["", "Slowest open loops"]
        for label, figures in waiting:
            loop = figures.slowest_open
            assert loop is not None
            out.append(f"  {loop.ref!s:<6} {figures.slowest_days:>4}d  {label}: {one_line(loop.title)}")
    out += ["", *trend_lines(insights), "", *heatmap_lines(insights)]
    return out


def _row(label: str, cells: list[str]) -> str:
    return f"  {label:<{LABEL_WIDTH - 2}}" + "".join(f"{cell:>{COLUMN_WIDTH}}" for cell in cells).rstrip()


def _cell_of(figures: PhaseFigures | Insights) -> Callable[[str], str]:
    """A cell of the side by side for one phase, or for all time (an Insights' totals)."""
    counts = figures.counts if isinstance(figures, PhaseFigures) else figures.totals

    def cell(name: str) -> str:
        if name == "builds_per_paper":
            return number(figures.builds_per_paper)
        if name == "writeups_per_build":
            return number(figures.writeups_per_build)
        if name in figures.cycles:
            return cycle_cell(figures.cycles[name])
        return str(counts[name])

    return cell


def trend_lines(insights: Insights) -> list[str]:
    current = insights.current
    if current is None:
        return ["Trends: no phase is open."]
    phase = current.phase
    if not any(t.earlier for t in insights.trends):
        return [f"Trends: {phase.ref} is the first {phase.kind.value} phase; nothing to compare it with yet."]
    out = [
        f"Trends: {phase.ref} by day {insights.trend_day}, against the earlier {phase.kind.value} "
        f"phases by their day {insights.trend_day}"
    ]
    arrows = {"up": "↑", "down": "↓", "even": "=", "new": " "}
    for trend in insights.trends:
        earlier = ", ".join(str(n) for n in trend.earlier)
        out.append(
            f"  {trend.label:<{LABEL_WIDTH - 2}}{trend.now:>5} {arrows[trend.direction]}  "
            f"median {number(trend.earlier_median, 1)} ({earlier})"
        )
    return out


def heatmap_lines(insights: Insights) -> list[str]:
    """The last 52 weeks as a calendar of shades, Monday on top, with the months above and each
    week's phase below (R research, P production)."""
    grid = weeks(insights.activity)
    months = [" "] * len(grid)
    for column, name in month_starts(grid).items():
        if column + len(name) <= len(grid) and all(c == " " for c in months[column : column + len(name)]):
            months[column : column + len(name)] = list(name)
    band = []
    for week in grid:
        phase = week_phase(week)
        band.append(KIND_LETTER[phase.kind.value] if phase is not None else " ")
    active = sum(1 for day in insights.activity if day.total)
    out = [
        f"Activity, the last {len(grid)} weeks: {active} active days",
        ("      " + "".join(months)).rstrip(),
    ]
    for row, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        cells = [SHADES[week[row][1]] if row < len(week) else " " for week in grid]
        out.append(f"  {name:<4}" + "".join(cells).rstrip())
    out.append("  phase " + "".join(band).rstrip())
    out.append(f"  {SHADES[0]} nothing  {SHADES[1:]} more · R research, P production")
    return out


# --- Markdown ------------------------------------------------------------------------------------


def markdown_report(insights: Insights) -> str:
    """A report to paste into a write-up or a phase review: tables, user text escaped."""
    out = [f"# The practice in figures, {insights.today:%Y-%m-%d}", ""]
    heads = [f"{f.phase.ref} {f.phase.kind.value}<br>{phase_heading(f)}" for f in insights.phases]
    out += ["## Phases", ""]
    for figures in insights.phases:
        goal = md(figures.phase.goal) or "*no goal set*"
        out.append(f"- **{figures.phase.ref}** {figures.phase.kind.value}: {goal}")
    out += ["", "| | " + " | ".join([*heads, "all time"]) + " |", "|---" * (len(heads) + 2) + "|"]
    cells = [_cell_of(f) for f in insights.phases] + [_cell_of(insights)]
    for name, label in ROWS:
        out.append(f"| {label} | " + " | ".join(cell(name) for cell in cells) + " |")
    out += ["", "## Cycle times", "", "Median days of the loops closed, and the slowest still open.", ""]
    out += ["| loop | median | closed | open | slowest open |", "|---|---|---|---|---|"]
    for name, label in CYCLES:
        figures = insights.cycles[name]
        loop = figures.slowest_open
        slowest = (
            f"{loop.ref}, {figures.slowest_days} days: {_in_cell(loop.title)}" if loop is not None else "—"
        )
        median = number(figures.median_days, 1)
        out.append(f"| {label} | {median} | {figures.closed} | {figures.open} | {slowest} |")
    out += ["", "## Trends", ""]
    out += [line.strip() for line in trend_lines(insights)[:1]]
    if insights.trends and any(t.earlier for t in insights.trends):
        out += ["", "| figure | now | earlier median | earlier |", "|---|---|---|---|"]
        for trend in insights.trends:
            earlier = ", ".join(str(n) for n in trend.earlier)
            out.append(f"| {trend.label} | {trend.now} | {number(trend.earlier_median, 1)} | {earlier} |")
    out += ["", "## Activity", "", "```", *heatmap_lines(insights), "```", ""]
    return "\n".join(out)


def _in_cell(text: str) -> str:
    """User text in a table cell: escaped as everywhere, and its bars kept from ending the cell."""
    return md(text).replace("|", "\\|")
