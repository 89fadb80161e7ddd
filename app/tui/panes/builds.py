"""Pane 3: the build queue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...domain import Build, Kind
from ..rows import BUILD_LOOK, BUILD_SINCE, BUILDS, Span, View, describe_build
from .base import Pane


class BuildPane(Pane):
    KIND = Kind.BUILD
    ORDER = BUILDS
    NUMBER = 3
    TITLE = "Build queue"
    SHORT = "Builds"
    SINCE = (BUILD_LOOK, BUILD_SINCE)
    EMPTY = "No builds yet: a adds one, b builds from a paper."

    def records(self, view: View) -> Iterable[Any]:
        return view.snapshot.builds.values()

    def describe(self, record: Build, width: int, view: View) -> list[Span]:
        return describe_build(record, width, view)

    def fields(self, record: Build) -> list[tuple[str, str]]:
        return [
            ("title", record.title),
            ("papers", " ".join(f"p{n}" for n in record.paper_ids)),
            ("id", str(record.ref)),
            ("about", record.description),
            ("data", record.data_source),
            ("users", record.users),
            ("constraints", record.constraints),
        ]
