"""Pick one of a few options with a single key while it has the focus: its first letter (f for failure,
n for note…), or ←/→; tab goes on to the next field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    DEFAULT_CSS = """
    Choice { height: auto; width: 1fr; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "step(1)", "Next", show=False),
        Binding("left,h", "step(-1)", "Previous", show=False),
        Binding("enter", "screen.save", "Save", show=False),
    ]

    value: reactive[str] = reactive("")

    class Changed(Message):
        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(self, options: Sequence[str], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.set_reactive(Choice.value, value if value in self.options else self.options[0])

    def render(self) -> Content:
        parts: list[Content | tuple[str, str] | str] = []
        for option in self.options:
            if option == self.value:
                parts.append((f" {option} ", "reverse bold $accent"))
            else:
                parts.append(Content.assemble(" ", (option[0], "bold underline"), option[1:], " "))
        return Content.assemble(*parts)

    def action_step(self, step: int) -> None:
        index = self.options.index(self.value)
        self.value = self.options[(index + step) % len(self.options)]

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def on_key(self, event: events.Key) -> None:
        # The focus stays here: moving on by itself sent what was typed next (tab, p1) one field
        # further than the user meant ("p1" into the Build field). Only tab moves on.
        letter = (event.character or "").lower()
        for option in self.options:
            if letter and option.startswith(letter):
                event.stop()
                event.prevent_default()
                self.value = option
                return
