"""Pane 2: the reading queue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...domain import Kind, Paper
from ..rows import PAPERS, Span, View, describe_paper
from .base import Pane


class ReadingPane(Pane):
    KIND = Kind.PAPER
    ORDER = PAPERS
    NUMBER = 2
    TITLE = "Reading queue"
    SHORT = "Reading"
    EMPTY = "No papers yet: a adds one."

    def records(self, view: View) -> Iterable[Any]:
        return view.snapshot.papers.values()

    def describe(self, record: Paper, width: int, view: View) -> list[Span]:
        return describe_paper(record, width, view)

    def searchable(self, record: Paper) -> str:
        year = str(record.year) if record.year else ""
        return " ".join((record.title, *record.authors, *record.tags, record.venue, year, str(record.ref)))
