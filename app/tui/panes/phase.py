"""Pane 1: the open phase (goal, dates, balance) above the history of phases as a timeline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...domain import Kind, Phase
from ...domain.phases import Balance
from ..rows import PHASES, Span, View, describe_phase
from ..text import one_line
from .base import Pane


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
        self._balance: Balance | None = None

    def compose_top(self) -> Iterable[Widget]:
        yield self.summary

    def show_view(self, view: View) -> None:
        self.summary.update(summary(view, self._balance))

    def show_balance(self, done: Balance | None) -> None:
        """The balance walks the whole journal: the app computes it off the UI thread, after the frame."""
        self._balance = done
        if self._view is not None:
            self.summary.update(summary(self._view, done))

    def records(self, view: View) -> Iterable[Any]:
        return view.snapshot.phases.values()

    def describe(self, record: Phase, width: int, view: View) -> list[Span]:
        return describe_phase(record, width, view)

    def searchable(self, record: Phase) -> str:
        return " ".join((record.kind.value, record.goal, record.review, str(record.ref)))


def summary(view: View, done: Balance | None) -> Content:
    phase = view.snapshot.current_phase()
    if phase is None:
        return Content.assemble(
            ("Welcome to dualtui. ", "bold"),
            "Alternate research and production phases deliberately: ",
            ("p", "bold $accent"),
            " starts your first phase.",
        )
    goal = one_line(phase.goal) or "no goal set"
    head = Content.assemble(
        (goal, "bold"),
        "\n",
        f"{phase.started:%Y-%m-%d}",
        (" → ", "$text-muted"),
        f"{phase.planned_end:%Y-%m-%d}",
        "\n",
    )
    if done is None:
        return head + Content.styled("counting what this phase produced…", "$text-muted")
    return head + Content.assemble(
        (f"{done.papers_read}", "bold $success"),
        (" read · ", "$text-muted"),
        (f"{done.builds_shipped}", "bold $success"),
        (" shipped · ", "$text-muted"),
        (f"{done.writeups_done}", "bold $success"),
        (" written up · ", "$text-muted"),
        (f"{done.entries}", "bold"),
        (" logged", "$text-muted"),
    )
