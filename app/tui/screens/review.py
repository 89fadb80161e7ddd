"""`r`: the weekly review: what the last seven days produced, then every open loop, each closed from
here with the key that closes it (build, write up, ask or answer, link, check a claim, describe,
snooze); the list follows as loops close, so a Friday review is a few minutes of keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import set_cell_size
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain import Ref, UserError
from ...domain.dates import age_text
from ...domain.text import plural_noun
from ...services.review import LoopItem, LoopState, weekly_review
from ...services.review import WeeklyReview as Review
from ..rows import Span, layout
from ..stylesheets import MODAL
from ..text import fit, one_line
from ..widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from ...services.context import AppContext
    from ...services.suggestions import SuggestionService

# The key that closes each rule's loop here, and what it does (a rule's `do`).
CLOSE_KEYS: dict[str, tuple[str, str]] = {
    "build-from-paper": ("b", "build it"),
    "apply-insight": ("b", "build from it (L: link a build)"),
    "write-up": ("w", "write it up"),
    "ask-question": ("f", "ask a question"),
    "answer-question": ("f", "answer it"),
    "address-question": ("L", "link research or a build"),
    "test-claim": ("c", "check the claim"),
    "describe-build": ("e", "name what is real"),
    "add-paper": ("L", "find research"),
}
# The loop's name beside its item, from 90 columns of list (the dialog's at 120): the default loops'
# names whole but the longest, whose end the line under the list shows.
LOOP_WIDTH = 36
ROLES = {
    "failure-no-question": "row--bad",
    "paper-read-no-build": "row--accent",
    "shipped-no-writeup": "row--warn",
    "writeup-stalled": "row--warn",
    "build-not-real": "row--warn",
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
        f" {plural_noun(week['questions'], 'question')} asked",
    )


def describe_loop(item: LoopItem, width: int) -> list[Span]:
    role = ROLES.get(item.rule, "row--info")
    ref = "" if item.ref is None else str(item.ref)
    left: list[Span] = [(f"{ref:<6}", role)]
    if width >= 90:
        left.append((set_cell_size(fit(one_line(item.loop), LOOP_WIDTH - 1), LOOP_WIDTH), role))
    if item.state is LoopState.OPEN:
        key = CLOSE_KEYS.get(item.action or "")
        what = f"{key[0]} {key[1].split(' (')[0]}" if key else "z snooze"
        right: list[Span] = [(f" {what}", "row--accent")]
    else:
        right = [(f" {item.state_text()}", "row--muted")]
    right.append((f"{age_text(item.age_days):>6}", "row--muted"))
    return layout(left, one_line(item.title), right, width)


class WeeklyReview(ModalScreen[Ref | None]):
    CSS_PATH = MODAL
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="review-close"),
        Binding("enter", "jump", "Go to it", id="review-jump"),
        Binding("b", "close_loop('b')", "Build", id="review-build"),
        Binding("w", "close_loop('w')", "Write up", id="review-writeup"),
        Binding("f", "close_loop('f')", "Ask or answer", id="review-follow-up"),
        Binding("L", "close_loop('L')", "Link", id="review-link"),
        Binding("c", "close_loop('c')", "Check the claim", id="review-claim"),
        Binding("e", "close_loop('e')", "Describe", id="review-describe"),
        Binding("z", "snooze", "Snooze", id="review-snooze"),
    ]

    def __init__(self, context: AppContext, suggestions: SuggestionService) -> None:
        super().__init__(classes="review")
        self.context = context
        self.suggestions = suggestions
        self.review = weekly_review(suggestions)
        self.list = VirtualList(
            describe_loop,
            key=lambda item: item.key,
            empty=[("No open loops: every paper built, every build written up. ✓", "row--good")],
            id="loops",
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Weekly review", id="form-title")
            yield Static(week_content(self.review), id="week")
            yield Static(self._title(), id="loops-title")
            yield self.list
            yield Static("", id="loop-detail")
            yield Static(self._hint(), id="form-hint")

    def on_mount(self) -> None:
        self.list.set_items(self.review.items)
        self.list.focus()

    def _title(self) -> Content:
        waiting = sum(item.state is not LoopState.OPEN for item in self.review.items)
        extra = f"  ({waiting} snoozed or waiting for their phase)" if waiting else ""
        return Content.assemble(
            ("Open loops ", "bold"), (str(self.review.total), "bold $warning"), (extra, "$text-muted")
        )

    def _hint(self) -> Content:
        return Content.assemble(
            ("b w f L c e", "bold"), " the key on a row closes its loop  ",
            ("z", "bold"), " snooze  ", ("enter", "bold"), " go to it  ", ("esc", "bold"), " close",
        )  # fmt: skip

    @on(VirtualList.Highlighted)
    def _show_detail(self, event: VirtualList.Highlighted) -> None:
        item: LoopItem | None = event.item
        detail = Content("")
        if item is not None:
            detail = Content.assemble((f"{one_line(item.loop)}: ", "bold"), one_line(item.message))
        self.query_one("#loop-detail", Static).update(detail)

    def refresh_loops(self, *_: Any) -> None:
        """The review again from the journal as it is now: closed loops leave the list."""
        self.review = weekly_review(self.suggestions)
        self.list.set_items(self.review.items)
        self.query_one("#week", Static).update(week_content(self.review))
        self.query_one("#loops-title", Static).update(self._title())

    def action_jump(self) -> None:
        item = self.list.highlighted
        self.dismiss(item.ref if item is not None else None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_close_loop(self, key: str) -> None:
        from .loops import apply_form, closing_form, open_writeup

        item = self.list.highlighted
        if item is None:
            return
        service = self.context.service
        record = None if item.ref is None else service.snapshot().get(item.ref)
        closing = CLOSE_KEYS.get(item.action or "")
        if key == "L" and item.action == "apply-insight":
            self.app.push_screen(apply_form(service, record), self.refresh_loops)  # type: ignore[arg-type]
            return
        if closing is None or closing[0] != key:
            how = f"{closing[0]} ({closing[1]})" if closing else "z (snooze) or enter (go to it)"
            self.notify(f"This loop closes with {how}.", severity="warning")
            return
        if item.action == "write-up":
            problem = open_writeup(self.app, self.context, record)  # type: ignore[arg-type]
            if problem is not None:
                self.notify(Content(problem), severity="warning")
            self.refresh_loops()
            return
        form = closing_form(service, item.action, record)
        if isinstance(form, str):
            self.notify(form, severity="warning")
            return
        self.app.push_screen(form, self.refresh_loops)

    def action_snooze(self) -> None:
        """How long to put the loop aside (3 days, a week, two weeks, until the phase ends, for
        good); a snoozed loop can be brought back. Enter records, escape records nothing."""
        from .snoozing import record_snooze, snooze_choice

        item = self.list.highlighted
        if item is None:
            return
        if item.state is LoopState.HELD:
            held = f"{item.ref or item.rule} {item.state_text()}: nothing to snooze."
            self.notify(held, severity="warning")
            return
        snoozed = item.state_text() if item.state is LoopState.SNOOZED else None

        def chosen(pick: Any) -> None:
            if pick is None:
                return
            try:
                suggestion = self.suggestions.find(item.key)
                done = record_snooze(self.suggestions, suggestion, pick.value, one_line(item.title))
            except UserError as error:
                self.notify(Content(str(error)), severity="error")
                return
            self.notify(Content(done), timeout=3)
            self.refresh_loops()

        what = f"{item.ref or item.rule}: {one_line(item.title)}"
        self.app.push_screen(snooze_choice(self.suggestions, what, snoozed_until=snoozed), chosen)
