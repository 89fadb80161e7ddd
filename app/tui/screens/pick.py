"""Pick one of a few moves: a paper's or build's next status, how long to snooze a suggestion, which
snoozed suggestion to bring back. The usual one is highlighted; enter records it, escape records
nothing (the screen only answers: the caller writes, through the services)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..stylesheets import MODAL
from ..text import one_line


class Pick(NamedTuple):
    """One choice: what the caller gets back, its name, and what it means (all shown literally)."""

    value: Any
    name: str
    meaning: str = ""


class PickScreen(ModalScreen[Pick | None]):
    CSS_PATH = MODAL
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick-cancel"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]

    def __init__(self, title: str, picks: Sequence[Pick], *, chosen: int = 0, intro: str = "") -> None:
        super().__init__(classes="pick")
        self.pick_title = title
        self.picks = list(picks)
        self.chosen = chosen
        self.intro = intro

    def compose(self) -> ComposeResult:
        width = max(len(one_line(pick.name)) for pick in self.picks)
        lines = [
            Content.assemble(
                (one_line(p.name).ljust(width), "bold"),
                "  ",
                (one_line(p.meaning), "$text-muted"),
            )
            for p in self.picks
        ]
        with Vertical(id="dialog"):
            yield Static(Content(one_line(self.pick_title)), id="form-title")
            if self.intro:
                yield Static(Content(one_line(self.intro)), classes="form-intro")
            yield OptionList(*(Option(line) for line in lines), id="picks")
            yield Static(
                Content.assemble(("↑↓", "bold"), " choose  ", ("enter", "bold"), " record  ",
                                 ("esc", "bold"), " cancel: nothing is recorded"),
                id="form-hint",
            )  # fmt: skip

    def on_mount(self) -> None:
        options = self.query_one("#picks", OptionList)
        options.highlighted = self.chosen
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.picks[event.option_index])

    def action_move(self, step: int) -> None:
        options = self.query_one("#picks", OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
