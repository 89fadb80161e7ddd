"""Pane 3: the build queue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...domain import Build, Kind
from ..rows import BUILDS, Span, View, describe_build
from .base import Pane


class BuildPane(Pane):
    KIND = Kind.BUILD
    ORDER = BUILDS
    NUMBER = 3
    TITLE = "Build queue"
    SHORT = "Builds"
    EMPTY = "No builds yet: a adds one, b builds from a paper."

    def records(self, view: View) -> Iterable[Any]:
        return view.snapshot.builds.values()

    def describe(self, record: Build, width: int, view: View) -> list[Span]:
        return describe_build(record, width, view)

    def searchable(self, record: Build) -> str:
        papers = " ".join(f"p{n}" for n in record.paper_ids)
        return " ".join(
            (record.title, record.description, record.data_source, record.users, papers, str(record.ref))
        )
