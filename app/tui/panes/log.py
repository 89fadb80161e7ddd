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

    def fields(self, record: Entry) -> list[tuple[str, str]]:
        papers = (
            (record.paper_id, *record.linked_papers) if record.paper_id is not None else record.linked_papers
        )
        builds = (
            (record.build_id, *record.linked_builds) if record.build_id is not None else record.linked_builds
        )
        return [
            ("text", record.text),
            ("kind", record.kind.value),
            ("papers", " ".join(f"p{n}" for n in papers)),
            ("builds", " ".join(f"b{n}" for n in builds)),
            ("id", str(record.ref)),
            ("answers", f"e{record.answers}" if record.answers is not None else ""),
        ]
