"""Pane 4: the validation log, newest first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...domain import Entry, Kind
from ..rows import Span, View, describe_entry, entries_in_order
from ..text import one_line
from .base import Pane


class LogPane(Pane):
    KIND = Kind.ENTRY
    NUMBER = 4
    TITLE = "Validation log"
    SHORT = "Log"
    EMPTY = "Nothing logged yet: l logs a failure, an insight, a note…"

    def __init__(self) -> None:
        super().__init__()
        self.rule_errors = Static(classes="rule-errors")

    def compose_top(self) -> Iterable[Widget]:
        yield self.rule_errors

    def show_rule_errors(self, errors: Sequence[str]) -> None:
        """Errors in the user's rule file sit at the top of the log until the file is fixed."""
        self.rule_errors.display = bool(errors)
        self.rule_errors.update(
            Content("\n").join(Content.assemble(("⚠ ", "$error"), one_line(error)) for error in errors)
        )

    def records(self, view: View) -> list[Entry]:
        return entries_in_order(view.snapshot)

    def describe(self, record: Entry, width: int, view: View) -> list[Span]:
        return describe_entry(record, width, view)

    def searchable(self, record: Entry) -> str:
        return " ".join((record.text, record.kind.value, str(record.ref)))
