"""Pane 2: the reading queue."""

from __future__ import annotations

from ...domain import Kind, Paper
from ..rows import Span, View, describe_paper, papers_in_order
from .base import Pane


class ReadingPane(Pane):
    KIND = Kind.PAPER
    NUMBER = 2
    TITLE = "Reading queue"
    SHORT = "Reading"
    EMPTY = "No papers yet: a adds one."

    def records(self, view: View) -> list[Paper]:
        return papers_in_order(view.snapshot)

    def describe(self, record: Paper, width: int, view: View) -> list[Span]:
        return describe_paper(record, width, view)

    def searchable(self, record: Paper) -> str:
        return " ".join((record.title, *record.authors, *record.tags, str(record.ref)))
