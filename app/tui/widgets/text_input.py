"""Textual's Input, showing its text harmlessly whatever reaches it: what a form fills it with, what
the user types, and what is pasted (a paste can carry escape sequences, which the stock Input would
send to the terminal as they are)."""

from __future__ import annotations

from textual.widgets import Input

from ..text import one_line


class TextInput(Input):
    def validate_value(self, value: str) -> str:
        # Textual calls validate_<reactive> on every assignment, typing and pasting included.
        return one_line(value)
