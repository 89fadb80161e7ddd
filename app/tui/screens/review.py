"""`r`: the weekly review: what the last seven days produced, then every open loop to walk."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain import Ref
from ...domain.dates import age_text
from ...domain.links import LoopKind
from ...services.review import LoopItem, weekly_review
from ...services.review import WeeklyReview as Review
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


def week_content(review: Review) -> Content:
    week = review.week
    return Content.assemble(
        ("Last 7 days  ", "bold"),
        (str(week["papers_read"]), "bold $success"),
        " read · ",
        (str(week["builds_shipped"]), "bold $success"),
        " shipped · ",
        (str(week["writeups_done"]), "bold $success"),
        " written up · ",
        (str(week["entries"]), "bold"),
        " logged · ",
        (str(week["questions"]), "bold"),
        " questions asked",
    )


def describe_loop(loop: tuple[LoopKind, LoopItem], width: int) -> list[Span]:
    kind, item = loop
    left: list[Span] = [(f"{item.ref!s:<6}", LOOP_ROLE[kind])]
    if width >= 70:
        left.append((f"{kind.value:<34}", LOOP_ROLE[kind]))
    return layout(left, one_line(item.title), [(f"{age_text(item.age_days):>6}", "row--muted")], width)


class WeeklyReview(ModalScreen[Ref | None]):
    CSS_PATH = MODAL
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="review-close"),
        Binding("enter", "jump", "Go to it", id="review-jump"),
    ]

    def __init__(self, view: View) -> None:
        super().__init__(classes="review")
        self.review = weekly_review(view.snapshot, view.today)
        # The service groups the loops by kind, oldest first in each group.
        self.loops = [(kind, item) for kind, items in self.review.groups.items() for item in items]
        self.list = VirtualList(
            describe_loop,
            key=lambda loop: (loop[0], loop[1].ref),
            empty=[("No open loops: every paper built, every build written up. ✓", "row--good")],
            id="loops",
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Weekly review", id="form-title")
            yield Static(week_content(self.review), id="week")
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
        self.dismiss(loop[1].ref if loop is not None else None)

    def action_close(self) -> None:
        self.dismiss(None)
