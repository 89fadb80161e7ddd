"""Pane 4: the validation log, newest first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.content import Content
from textual.widgets import Static

from ...domain import Entry, Kind
from ..rows import ENTRIES, Span, View, describe_entry
from ..text import one_line
from .base import Pane


class LogPane(Pane):
    KIND = Kind.ENTRY
    ORDER = ENTRIES
    NUMBER = 4
    TITLE = "Validation log"
    SHORT = "Log"
    EMPTY = "Nothing logged yet: l logs a failure, an insight, a note…"

    def __init__(self) -> None:
        super().__init__()
        # Mounted the first time there is an error to show: most launches have none.
        self.rule_errors: Static | None = None

    def show_rule_errors(self, errors: Sequence[str]) -> None:
        """Errors in the user's rule file sit at the top of the log until the file is fixed."""
        if self.rule_errors is None:
            if not errors:
                return
            self.rule_errors = Static(classes="rule-errors")
            self.mount(self.rule_errors, before=self.list)
        self.rule_errors.display = bool(errors)
        self.rule_errors.update(
            Content("\n").join(Content.assemble(("⚠ ", "$error"), one_line(error)) for error in errors)
        )

    def records(self, view: View) -> Iterable[Any]:
        return view.snapshot.entries.values()

    def describe(self, record: Entry, width: int, view: View) -> list[Span]:
        return describe_entry(record, width, view)

    def searchable(self, record: Entry) -> str:
        links = " ".join(
            f"{p}{n}" for p, n in (("p", record.paper_id), ("b", record.build_id)) if n is not None
        )
        return " ".join((record.text, record.kind.value, links, str(record.ref)))
