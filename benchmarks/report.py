"""RESULTS.md: the machine, the budgets of issues 6, 15 and 16 (PASS or MISS), each figure by its floor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from figures import BUDGETS, FIGURES, Budget, Figure, key
from interleave import Outcome
from stats import Summary, number


@dataclass(frozen=True)
class Run:
    command: str
    sizes: tuple[int, ...]
    runs: int
    machine: list[tuple[str, str]]
    outcome: Outcome


def render(run: Run) -> str:
    summaries = {figure: Summary.of(samples) for figure, samples in run.outcome.samples.items()}
    lines = [
        "# dualtui benchmark results",
        "",
        f"Written by `{run.command}`. Every figure is the median of {run.runs} runs, with its min and max;",
        "the runs are interleaved (every figure once per round, round after round) after one discarded",
        "warm-up round, so load on the machine hits all figures alike. Ratios divide medians of one run.",
        "Times are wall clock from process launch unless the figure says otherwise. The app is launched",
        "through the `dualtui` console script's own function, headless at 120×36, and each frame is stamped",
        "when its terminal output is ready (README.md here says how each figure is taken).",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *(f"| {name} | {value} |" for name, value in run.machine),
        "",
        "## Budgets (issues 6, 15 and 16)",
        "",
        "| figure | records | budget | median | ratio | verdict |",
        "| --- | ---: | --- | ---: | ---: | --- |",
        *(_budget_row(budget, size, summaries, run) for budget in BUDGETS for size in budget.limits),
        "",
        "## All figures",
        "",
        "| figure | records | median | min | max | floor (median) | ratio to floor |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
        *_figure_rows(summaries, run),
    ]
    notes = sorted(run.outcome.notes.items())
    if notes:
        lines += ["", "## Not measured", "", *(f"- `{figure}`: {why}" for figure, why in notes)]
    return "\n".join(lines) + "\n"


def _value(summary: Summary, unit: str) -> str:
    return f"{number(summary.median)} {unit}"


def _floor_of(figure: Figure, size: int | None, summaries: dict[str, Summary]) -> Summary | None:
    return summaries.get(key(figure.floor, size)) if figure.floor else None


def _floor_text(figure: Figure, floor: Summary) -> str:
    named = FIGURES[figure.floor or ""]
    return f"{named.short} {number(floor.median)} {named.unit}"


def _budget_row(budget: Budget, size: int | None, summaries: dict[str, Summary], run: Run) -> str:
    figure = FIGURES[budget.figure]
    head = f"| {figure.label} | {'' if size is None else f'{size:,}'} | {budget.describe(size)} |"
    summary = summaries.get(key(figure.name, size))
    if size is not None and size not in run.sizes:
        return f"{head} | | not measured (size not in this run) |"
    if summary is None:
        why = run.outcome.notes.get(key(figure.name, size), "no samples")
        return f"{head} | | not measured: {why} |"
    limit = budget.limits[size]
    if budget.of_floor:
        floor = _floor_of(figure, size, summaries)
        if floor is None:
            return f"{head} {_value(summary, figure.unit)} | | no floor measured |"
        ratio = summary.median / floor.median
        shown = f"{ratio:.2f}× {_floor_text(figure, floor)}"
        passed = ratio <= limit
    else:
        ratio = summary.median / limit if limit else None
        shown = f"{ratio:.2f}× budget" if ratio is not None else "—"
        passed = summary.median <= limit
    return f"{head} {_value(summary, figure.unit)} | {shown} | {'PASS' if passed else 'MISS'} |"


def _figure_rows(summaries: dict[str, Summary], run: Run) -> Sequence[str]:
    rows = []
    for figure in FIGURES.values():
        for size in run.sizes if figure.sized else (None,):
            summary = summaries.get(key(figure.name, size))
            records = f"{size:,}" if size else ""
            if summary is None:
                continue
            floor = _floor_of(figure, size, summaries)
            floor_text = _floor_text(figure, floor) if floor else ""
            ratio = f"{summary.median / floor.median:.2f}×" if floor and floor.median else ""
            rows.append(
                f"| {figure.label} | {records} | {_value(summary, figure.unit)} | {number(summary.low)} "
                f"| {number(summary.high)} | {floor_text} | {ratio} |"
            )
    return rows
