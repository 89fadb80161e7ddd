"""How records point at each other, and the open loops of the practice.

The loops (from the mission text): every paper read wants a build; every shipped build wants a
write-up; every production failure wants a research question; every insight wants a build or an
improvement. One pass over the journal builds the index both the rules and the reviews read.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from typing import NamedTuple

from .ids import Ref
from .model import BuildStatus, EntryKind, PaperStatus, WriteupState
from .snapshot import Snapshot


class LinkIndex:
    """Who points at whom, by number: the reverse of the links records hold."""

    __slots__ = ("builds_by_paper", "builds_from_entry", "entries_by_build", "entries_by_paper", "followups")

    def __init__(self) -> None:
        self.builds_by_paper: dict[int, list[int]] = defaultdict(list)
        self.entries_by_paper: dict[int, list[int]] = defaultdict(list)
        self.entries_by_build: dict[int, list[int]] = defaultdict(list)
        self.followups: dict[int, list[int]] = defaultdict(list)
        self.builds_from_entry: dict[int, list[int]] = defaultdict(list)


def index_links(snapshot: Snapshot) -> LinkIndex:
    index = LinkIndex()
    # Locals, not attribute look-ups: this runs over every record on each change at 100,000 records.
    builds_by_paper, builds_from_entry = index.builds_by_paper, index.builds_from_entry
    entries_by_paper, entries_by_build = index.entries_by_paper, index.entries_by_build
    followups = index.followups
    for build in snapshot.builds.values():
        for paper_id in build.paper_ids:
            builds_by_paper[paper_id].append(build.id)
        if build.from_entry is not None:
            builds_from_entry[build.from_entry].append(build.id)
    for entry in snapshot.entries.values():
        number = entry.id
        if entry.paper_id is not None:
            entries_by_paper[entry.paper_id].append(number)
        if entry.build_id is not None:
            entries_by_build[entry.build_id].append(number)
        if entry.answers is not None:
            followups[entry.answers].append(number)
    return index


class LoopKind(StrEnum):
    PAPER_WITHOUT_BUILD = "paper read, nothing built"
    BUILD_WITHOUT_WRITEUP = "build shipped, no write-up done"
    FAILURE_WITHOUT_QUESTION = "failure with no research question"
    INSIGHT_NOT_APPLIED = "insight applied to no build"


class OpenLoop(NamedTuple):
    kind: LoopKind
    ref: Ref
    title: str


def open_loops(snapshot: Snapshot, index: LinkIndex | None = None) -> list[OpenLoop]:
    links = index or index_links(snapshot)
    loops: list[OpenLoop] = []
    add = loops.append
    builds_by_paper = links.builds_by_paper
    for paper in snapshot.papers.values():
        if paper.status is PaperStatus.READ and paper.id not in builds_by_paper:
            add(OpenLoop(LoopKind.PAPER_WITHOUT_BUILD, paper.ref, paper.title))
    for build in snapshot.builds.values():
        if build.status is BuildStatus.SHIPPED and build.writeup is not WriteupState.DONE:
            add(OpenLoop(LoopKind.BUILD_WITHOUT_WRITEUP, build.ref, build.title))
    failure, insight = EntryKind.FAILURE, EntryKind.INSIGHT
    for entry in snapshot.entries.values():
        kind = entry.kind
        if kind is failure and not has_question(snapshot, links, entry.id):
            add(OpenLoop(LoopKind.FAILURE_WITHOUT_QUESTION, entry.ref, entry.text))
        elif kind is insight and not insight_applied(links, entry.id):
            add(OpenLoop(LoopKind.INSIGHT_NOT_APPLIED, entry.ref, entry.text))
    return loops


def has_question(snapshot: Snapshot, links: LinkIndex, entry_id: int) -> bool:
    """A failure's loop closes when a question answers (follows up) it."""
    entries = snapshot.entries
    return any(
        (e := entries.get(f)) is not None and e.kind is EntryKind.QUESTION
        for f in links.followups.get(entry_id, ())
    )


def insight_applied(links: LinkIndex, entry_id: int) -> bool:
    """An insight is applied once a build comes from it, or a later entry records the improvement."""
    return bool(links.builds_from_entry.get(entry_id) or links.followups.get(entry_id))
