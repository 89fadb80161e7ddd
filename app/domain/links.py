"""How records point at each other, and the open loops of the practice.

The loops (from the mission text): every paper read wants a build; every shipped build wants a
write-up; every production failure wants a research question; every insight wants a build or an
improvement. One pass over the journal builds the index both the rules and the reviews read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from .ids import Ref
from .model import BuildStatus, EntryKind, PaperStatus, WriteupState
from .snapshot import Snapshot


@dataclass(slots=True)
class LinkIndex:
    builds_by_paper: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    entries_by_paper: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    entries_by_build: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    followups: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    builds_from_entry: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def index_links(snapshot: Snapshot) -> LinkIndex:
    index = LinkIndex()
    for build in snapshot.builds.values():
        for paper_id in build.paper_ids:
            index.builds_by_paper[paper_id].append(build.id)
        if build.from_entry is not None:
            index.builds_from_entry[build.from_entry].append(build.id)
    for entry in snapshot.entries.values():
        if entry.paper_id is not None:
            index.entries_by_paper[entry.paper_id].append(entry.id)
        if entry.build_id is not None:
            index.entries_by_build[entry.build_id].append(entry.id)
        if entry.answers is not None:
            index.followups[entry.answers].append(entry.id)
    return index


class LoopKind(StrEnum):
    PAPER_WITHOUT_BUILD = "paper read, nothing built"
    BUILD_WITHOUT_WRITEUP = "build shipped, no write-up done"
    FAILURE_WITHOUT_QUESTION = "failure with no research question"
    INSIGHT_NOT_APPLIED = "insight applied to no build"


@dataclass(frozen=True, slots=True)
class OpenLoop:
    kind: LoopKind
    ref: Ref
    title: str


def open_loops(snapshot: Snapshot, index: LinkIndex | None = None) -> list[OpenLoop]:
    links = index or index_links(snapshot)
    loops: list[OpenLoop] = []
    for paper in snapshot.papers.values():
        if paper.status is PaperStatus.READ and not links.builds_by_paper.get(paper.id):
            loops.append(OpenLoop(LoopKind.PAPER_WITHOUT_BUILD, paper.ref, paper.title))
    for build in snapshot.builds.values():
        if build.status is BuildStatus.SHIPPED and build.writeup is not WriteupState.DONE:
            loops.append(OpenLoop(LoopKind.BUILD_WITHOUT_WRITEUP, build.ref, build.title))
    for entry in snapshot.entries.values():
        if entry.kind is EntryKind.FAILURE and not has_question(snapshot, links, entry.id):
            loops.append(OpenLoop(LoopKind.FAILURE_WITHOUT_QUESTION, entry.ref, entry.text))
        elif entry.kind is EntryKind.INSIGHT and not insight_applied(links, entry.id):
            loops.append(OpenLoop(LoopKind.INSIGHT_NOT_APPLIED, entry.ref, entry.text))
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
