"""`r`: the weekly review: what the last seven days produced, then every open loop to walk."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain import EntryKind, Ref
from ...domain.links import LoopKind, OpenLoop, open_loops
from ..rows import Span, View, layout
from ..stylesheets import MODAL
from ..text import one_line
from ..widgets.virtual_list import VirtualList

LOOP_ROLE = {
    LoopKind.PAPER_WITHOUT_BUILD: "row--accent",
    LoopKind.BUILD_WITHOUT_WRITEUP: "row--warn",
    LoopKind.FAILURE_WITHOUT_QUESTION: "row--bad",
    LoopKind.INSIGHT_NOT_APPLIED: "row--info",
}


def week_content(view: View) -> Content:
    since = view.today - timedelta(days=7)
    snapshot = view.snapshot
    entries = [e for e in snapshot.entries.values() if e.at.date() > since]
    read = sum(1 for p in snapshot.papers.values() if p.finished and p.finished.date() > since)
    shipped = sum(1 for b in snapshot.builds.values() if b.shipped and b.shipped.date() > since)
    failures = sum(1 for e in entries if e.kind is EntryKind.FAILURE)
    return Content.assemble(
        ("Last 7 days  ", "bold"),
        (str(read), "bold $success"),
        " read · ",
        (str(shipped), "bold $success"),
        " shipped · ",
        (str(len(entries)), "bold"),
        " logged · ",
        (str(failures), "bold $error"),
        " failures",
    )


def describe_loop(loop: OpenLoop, width: int) -> list[Span]:
    left: list[Span] = [
        (f"{loop.ref!s:<6}", LOOP_ROLE[loop.kind]),
        (f"{loop.kind.value:<34}", LOOP_ROLE[loop.kind]),
    ]
    if width < 70:
        left = left[:1]
    return layout(left, one_line(loop.title), [], width)


class WeeklyReview(ModalScreen[Ref | None]):
    CSS_PATH = MODAL
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="review-close"),
        Binding("enter", "jump", "Go to it", id="review-jump"),
    ]

    def __init__(self, view: View) -> None:
        super().__init__(classes="review")
        self.view = view
        self.loops = open_loops(view.snapshot, view.links)
        self.list = VirtualList(
            lambda loop, width: describe_loop(loop, width),
            key=lambda loop: (loop.kind, loop.ref),
            empty=[("No open loops: every paper built, every build written up. ✓", "row--good")],
            id="loops",
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Weekly review", id="form-title")
            yield Static(week_content(self.view), id="week")
            yield Static(
                Content.assemble(("Open loops ", "bold"), (str(len(self.loops)), "bold $warning")),
                id="loops-title",
            )
            yield self.list
            yield Static(
                Content.assemble(("enter", "bold"), " go to it  ", ("esc", "bold"), " close"), id="form-hint"
            )

    def on_mount(self) -> None:
        self.list.set_items(self.loops)
        self.list.focus()

    def action_jump(self) -> None:
        loop = self.list.highlighted
        self.dismiss(loop.ref if loop is not None else None)

    def action_close(self) -> None:
        self.dismiss(None)
