"""Pane 1: the open phase as a dashboard (goal, progress, what it produced against the previous phase
of its kind, its open loops, its activity) above the history of phases as a timeline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...domain import Kind, Phase
from ...domain.links import LoopKind
from ...domain.phases import progress
from ..rows import PHASES, Span, View, describe_phase
from ..text import one_line
from .base import Pane

if TYPE_CHECKING:
    from ...services.board import Dashboard

# What the dashboard counts, in the words of a narrow pane.
FIGURES = (
    ("papers_read", "read"),
    ("builds_shipped", "shipped"),
    ("writeups_done", "written up"),
    ("failures_questioned", "questioned"),
    ("entries", "logged"),
)
LOOPS = (
    (LoopKind.PAPER_WITHOUT_BUILD, "to build", "$accent"),
    (LoopKind.BUILD_WITHOUT_WRITEUP, "to write up", "$warning"),
    (LoopKind.FAILURE_WITHOUT_QUESTION, "to question", "$error"),
    (LoopKind.INSIGHT_NOT_APPLIED, "to apply", "$primary"),
)
BAR_CELLS = 10
SPARK = "▁▂▃▄▅▆▇█"


class PhasePane(Pane):
    KIND = Kind.PHASE
    ORDER = PHASES
    NUMBER = 1
    TITLE = "Phase"
    SHORT = "Phase"
    EMPTY = "No phases yet."

    def __init__(self) -> None:
        super().__init__()
        self.summary = Static(classes="phase-summary")
        self._board: Dashboard | None = None
        self._board_version: int | None = None

    def compose_top(self) -> Iterable[Widget]:
        yield self.summary

    def show_view(self, view: View) -> None:
        self.summary.update(summary(view, self._board, self.summary.size.width or 40))

    def show_dashboard(self, board: Dashboard | None, version: int | None = None) -> None:
        """The dashboard walks the whole journal: the app works it out off the UI thread, after the frame.
        `version`: the snapshot's it was worked out from, when known."""
        self._board, self._board_version = board, version
        if self._view is not None:
            self.show_view(self._view)

    def dashboard_of(self, version: int) -> Dashboard | None:
        """The dashboard shown, if it was worked out from this version of the snapshot."""
        return self._board if self._board_version == version else None

    def on_resize(self) -> None:
        if self._view is not None:
            self.show_view(self._view)

    def records(self, view: View) -> Iterable[Any]:
        return view.snapshot.phases.values()

    def describe(self, record: Phase, width: int, view: View) -> list[Span]:
        return describe_phase(record, width, view)

    def fields(self, record: Phase) -> list[tuple[str, str]]:
        return [
            ("goal", record.goal),
            ("kind", record.kind.value),
            ("review", record.review),
            ("id", str(record.ref)),
        ]


def summary(view: View, board: Dashboard | None, width: int) -> Content:
    phase = view.snapshot.current_phase()
    if phase is None:
        return Content.assemble(
            ("Welcome to dualtui.", "bold"),
            "\nAlternate research and production phases deliberately: ",
            ("p", "bold $accent"),
            " starts your first phase.",
        )
    state = progress(phase, view.today)
    head = Content.assemble(
        (one_line(phase.goal) or "no goal set", "bold"),
        "\n",
        (state.day_text(), ""),
        (f" · {phase.started:%m-%d} → {phase.planned_end:%m-%d}", "$text-muted"),
    )
    if board is None:
        return head + Content.styled("\ncounting what this phase produced…", "$text-muted")
    lines = [head, *_compared(board)]
    lines += [_figure(board, name, label) for name, label in FIGURES]
    lines.append(_loops(board, width))
    lines.append(_activity(board, width))
    return Content("\n").join(lines)


def _compared(board: Dashboard) -> list[Content]:
    if board.previous is None:
        return []
    return [Content.assemble(
        ("this phase ", "$accent"), ("against ", "$text-muted"), (f"{board.previous.ref} ", ""),
        ("by the same day", "$text-muted"),
    )]  # fmt: skip


def _figure(board: Dashboard, name: str, label: str) -> Content:
    now = board.counts[name]
    before = board.previous_counts[name] if board.previous_counts is not None else None
    most = max(now, before or 0) or 1
    cells = round(BAR_CELLS * now / most)
    parts: list[tuple[str, str] | str] = [
        (f"{label:<11}", "$text-muted"),
        (f"{now:>4} ", "bold"),
        ("▮" * cells, "$accent"),
        ("▯" * (BAR_CELLS - cells), "$text-disabled"),
    ]
    if before is not None:
        earlier = round(BAR_CELLS * before / most)
        parts += ["  ", (f"{before:>4} ", "$text-muted"), ("▮" * earlier, "$text-muted")]
    return Content.assemble(*parts)


def _loops(board: Dashboard, width: int) -> Content:
    """`open loops 14 to build  13 to write up …`, going on to the next line between loops, never
    inside one (a narrow pane read `16 to` at a line's end and `question` on the next)."""
    lead = "open loops "
    lines: list[Content] = []
    line = Content.styled(lead, "$text-muted")
    for kind, label, style in LOOPS:
        item = Content.assemble(
            (f"{board.open_loops.get(kind, 0)}", f"bold {style}"), (f" {label}", "$text-muted")
        )
        if line.cell_length > len(lead) and line.cell_length + 2 + item.cell_length > width:
            lines.append(line)
            line = Content(" " * len(lead)) + item
        else:
            line = line + ("  " if line.cell_length > len(lead) else "") + item
    return Content("\n").join([*lines, line])


def _activity(board: Dashboard, width: int) -> Content:
    """The phase's days as a strip of heights, the latest on the right (as many as fit)."""
    days = board.daily[-max(width - 11, 1) :]
    most = max(days, default=0) or 1
    strip = "".join(
        SPARK[min(len(SPARK) - 1, round((len(SPARK) - 1) * n / most))] if n else " " for n in days
    )
    return Content.assemble(("activity   ", "$text-muted"), (strip, "$accent"))
