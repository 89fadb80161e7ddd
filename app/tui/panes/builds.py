"""Pane 3: the build queue."""

from __future__ import annotations

from ...domain import Build, Kind
from ..rows import Span, View, builds_in_order, describe_build
from .base import Pane


class BuildPane(Pane):
    KIND = Kind.BUILD
    NUMBER = 3
    TITLE = "Build queue"
    SHORT = "Builds"
    EMPTY = "No builds yet: a adds one, b builds from a paper."

    def records(self, view: View) -> list[Build]:
        return builds_in_order(view.snapshot)

    def describe(self, record: Build, width: int, view: View) -> list[Span]:
        return describe_build(record, width, view)

    def searchable(self, record: Build) -> str:
        return " ".join((record.title, record.description, str(record.ref)))
