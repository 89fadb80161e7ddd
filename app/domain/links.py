"""How records point at each other, and what closes each loop of the practice.

The loops (from the mission text): every paper read wants a build; every shipped build wants a
write-up; every production failure wants a research question; every question wants research or an
experiment that addresses it, then an answer; every insight wants a build or an improvement; every
claim of a paper put into production wants evidence; every shipped build wants its real data,
constraints and users named. One pass over the journal builds the index the rules and the views read.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from typing import NamedTuple

from .ids import Ref
from .model import Build, BuildStatus, Entry, EntryKind, Paper, PaperStatus, WriteupState
from .snapshot import Snapshot


class LinkIndex:
    """Who points at whom, by number: the reverse of the links records hold."""

    __slots__ = ("builds_by_paper", "builds_from_entry", "entries_by_build", "entries_by_paper", "followups",
                 "linked_to_build", "linked_to_paper")  # fmt: skip

    def __init__(self) -> None:
        self.builds_by_paper: dict[int, list[int]] = defaultdict(list)
        self.entries_by_paper: dict[int, list[int]] = defaultdict(list)
        self.entries_by_build: dict[int, list[int]] = defaultdict(list)
        self.followups: dict[int, list[int]] = defaultdict(list)
        self.builds_from_entry: dict[int, list[int]] = defaultdict(list)
        # The entries `dualtui link` tied to a paper or a build (questions it addresses, insights
        # applied to it): the reverse of Entry.linked_papers and Entry.linked_builds.
        self.linked_to_paper: dict[int, list[int]] = defaultdict(list)
        self.linked_to_build: dict[int, list[int]] = defaultdict(list)


def index_links(snapshot: Snapshot) -> LinkIndex:
    index = LinkIndex()
    # Locals, not attribute look-ups: this runs over every record on each change at 100,000 records.
    builds_by_paper, builds_from_entry = index.builds_by_paper, index.builds_from_entry
    entries_by_paper, entries_by_build = index.entries_by_paper, index.entries_by_build
    followups = index.followups
    linked_to_paper, linked_to_build = index.linked_to_paper, index.linked_to_build
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
        if entry.linked_papers:
            for paper_id in entry.linked_papers:
                linked_to_paper[paper_id].append(number)
        if entry.linked_builds:
            for build_id in entry.linked_builds:
                linked_to_build[build_id].append(number)
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
        elif kind is insight and not insight_applied(links, entry):
            add(OpenLoop(LoopKind.INSIGHT_NOT_APPLIED, entry.ref, entry.text))
    return loops


def has_question(snapshot: Snapshot, links: LinkIndex, entry_id: int) -> bool:
    """A failure's loop closes when a question answers (follows up) it."""
    entries = snapshot.entries
    return any(
        (e := entries.get(f)) is not None and e.kind is EntryKind.QUESTION
        for f in links.followups.get(entry_id, ())
    )


def insight_applied(links: LinkIndex, entry: Entry) -> bool:
    """An insight is applied once a build comes from it or is linked to it (`dualtui link e7 b3`), or
    a later entry records the improvement. The build it is about is where it was learned: that is
    not applying it."""
    return bool(entry.linked_builds or links.builds_from_entry.get(entry.id) or links.followups.get(entry.id))


# The kinds of entry that answer a question: what was learned, not another question or a note.
ANSWER_KINDS = frozenset({EntryKind.INSIGHT, EntryKind.OBSERVATION, EntryKind.VALIDATED, EntryKind.REFUTED})


def answers_of(snapshot: Snapshot, links: LinkIndex, entry_id: int) -> list[Entry]:
    """The entries that answer a question: its follow-ups of an answering kind, oldest first."""
    entries = snapshot.entries
    found = [e for n in links.followups.get(entry_id, ()) if (e := entries.get(n)) is not None]
    return sorted((e for e in found if e.kind in ANSWER_KINDS), key=lambda e: (e.at, e.id))


def is_answered(snapshot: Snapshot, links: LinkIndex, entry_id: int) -> bool:
    """Whether any entry of an answering kind follows the question up."""
    entries = snapshot.entries
    return any(
        (e := entries.get(n)) is not None and e.kind in ANSWER_KINDS
        for n in links.followups.get(entry_id, ())
    )


def question_addressed(entry: Entry) -> bool:
    """A question is addressed once a paper was read for it or a build tests it."""
    return bool(entry.linked_papers or entry.linked_builds)


def claim_evidence(snapshot: Snapshot, links: LinkIndex, paper: Paper) -> dict[int, list[Entry]]:
    """Each claim of a paper (numbered from 1, as `show` lists them) with the validated and refuted
    entries that name it, oldest first."""
    evidence: dict[int, list[Entry]] = {number: [] for number in range(1, len(paper.claims) + 1)}
    entries = snapshot.entries
    for n in links.entries_by_paper.get(paper.id, ()):
        entry = entries.get(n)
        if entry is not None and entry.claim in evidence and entry.kind in EVIDENCE_KINDS:
            evidence[entry.claim].append(entry)
    for found in evidence.values():
        found.sort(key=lambda e: (e.at, e.id))
    return evidence


EVIDENCE_KINDS = frozenset({EntryKind.VALIDATED, EntryKind.REFUTED})


def evidence_naming_no_claim(snapshot: Snapshot, links: LinkIndex, paper: Paper) -> list[Entry]:
    """The validated and refuted entries about a paper that name none of its claims (logged without
    `--claim`, or before entries named claims), oldest first."""
    entries = snapshot.entries
    found = [
        e
        for n in links.entries_by_paper.get(paper.id, ())
        if (e := entries.get(n)) is not None
        and e.kind in EVIDENCE_KINDS
        and not (e.claim is not None and 0 < e.claim <= len(paper.claims))
    ]
    return sorted(found, key=lambda e: (e.at, e.id))


def untested_claims(snapshot: Snapshot, links: LinkIndex, build: Build) -> list[tuple[Paper, int]]:
    """The claims (paper, number) of the papers a build puts into production that no validated or
    refuted entry speaks to yet, in the order of the build's papers and their claims."""
    found = []
    for paper_id in build.paper_ids:
        paper = snapshot.papers.get(paper_id)
        if paper is not None and paper.claims:
            evidence = claim_evidence(snapshot, links, paper)
            found += [(paper, number) for number, entries in evidence.items() if not entries]
    return found


def linked_entries(
    snapshot: Snapshot, links: LinkIndex, record: Paper | Build, kind: EntryKind
) -> list[Entry]:
    """The entries of a kind that `link` tied to a paper or a build: the questions it addresses, the
    insights applied to it (with the one a build came from, first)."""
    table = links.linked_to_paper if isinstance(record, Paper) else links.linked_to_build
    numbers = list(table.get(record.id, ()))
    if isinstance(record, Build) and record.from_entry is not None and record.from_entry not in numbers:
        numbers.insert(0, record.from_entry)
    entries = snapshot.entries
    return [e for n in numbers if (e := entries.get(n)) is not None and e.kind is kind]


def missing_real(build: Build) -> list[str]:
    """Which of a build's real data source, constraints and users are not named."""
    if build.data_source.strip() and build.constraints.strip() and build.users.strip():
        return []  # the common case, without a list or a lookup by name
    return [label for label, field, _ in REAL_PARTS if not getattr(build, field).strip()]


# What makes a build a real system, not a toy: (name, field, the question that names it).
REAL_PARTS = (
    ("data source", "data_source", "which real data does it run on?"),
    ("constraints", "constraints", "latency, scale, cost?"),
    ("users", "users", "who depends on it?"),
)
