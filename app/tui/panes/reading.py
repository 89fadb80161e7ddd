"""Pane 2: the reading queue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...domain import Kind, Paper
from ..rows import PAPER_LOOK, PAPER_SINCE, PAPERS, Span, View, describe_paper
from .base import Pane


class ReadingPane(Pane):
    KIND = Kind.PAPER
    ORDER = PAPERS
    NUMBER = 2
    TITLE = "Reading queue"
    SHORT = "Reading"
    SINCE = (PAPER_LOOK, PAPER_SINCE)
    EMPTY = "No papers yet: a adds one."

    def records(self, view: View) -> Iterable[Any]:
        return view.snapshot.papers.values()

    def describe(self, record: Paper, width: int, view: View) -> list[Span]:
        return describe_paper(record, width, view)

    def fields(self, record: Paper) -> list[tuple[str, str]]:
        return [
            ("title", record.title),
            ("authors", "; ".join(record.authors)),
            ("year", str(record.year) if record.year is not None else ""),
            ("venue", record.venue),
            ("tags", " ".join(record.tags)),
            ("id", str(record.ref)),
            ("doi", record.doi),
            ("arxiv", record.arxiv),
            ("key", record.bibkey),
        ]

    def linked(self, record: Paper, view: View) -> list[tuple[str, str]]:
        builds = view.links.builds_by_paper.get(record.id)
        return [("builds", " ".join(f"b{n}" for n in builds))] if builds else []
