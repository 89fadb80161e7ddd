"""The command palette, with an input that shows what is typed or pasted in it harmlessly.

Textual's palette input is a stock Input: a paste can carry ESC, NUL or a bidi override, and the
stock Input would hand them to the terminal as they are. Every palette the app opens (ctrl+p, the
theme picker) is this one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.command import CommandInput, CommandPalette

from .text import one_line


class SafeCommandInput(CommandInput):
    """The palette's input, cleaned as every other input of the app (widgets/text_input.py).
    A CommandInput first: Textual styles a widget by the names of its first bases only."""

    def validate_value(self, value: str) -> str:
        # Called on every assignment, typing and pasting included.
        return one_line(value)


class SafeCommandPalette(CommandPalette):
    def compose(self) -> ComposeResult:
        # The stock layout, with only the input swapped: the containers around it stay Textual's.
        for widget in super().compose():
            if isinstance(widget, CommandInput) and not isinstance(widget, SafeCommandInput):
                yield SafeCommandInput(placeholder=widget.placeholder, select_on_focus=False)
            else:
                yield widget
