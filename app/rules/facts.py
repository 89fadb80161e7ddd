"""The fact catalogue: every name a rule's `when` and `say` may use, with its type, meaning and source.

A fact's `source` is a short Python expression over `r` (the item a rule is about) and `x` (the
`Context` of one evaluation). Sources are written here, by the app, never by a user: the condition
compiler splices them in place of the fact names of a checked condition, so a rule runs as one
compiled comprehension over the records, with no per-record dict of facts. A day count that does not
apply (a paper not finished yet, a journal without entries) is NaN, shown as "none": every ordering
comparison with it is false, and arithmetic on it never raises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

from dualtui.domain.ids import Kind
from dualtui.domain.links import LinkIndex, has_question, index_links, insight_applied, open_loops
from dualtui.domain.model import (
    Build,
    BuildStatus,
    Entry,
    EntryKind,
    PaperStatus,
    Phase,
    PhaseKind,
    WriteupState,
)
from dualtui.domain.phases import Output, output, progress
from dualtui.domain.snapshot import Snapshot

NAN = float("nan")


class FactType(StrEnum):
    NUMBER = "number"
    DAYS = "days"
    BOOL = "true/false"
    TEXT = "text"
    TAGS = "list of text"

    @property
    def numeric(self) -> bool:
        return self in (FactType.NUMBER, FactType.DAYS)


class Subject(StrEnum):
    """What a rule is about: one suggestion per matching item (or one for the journal or phase)."""

    JOURNAL = "journal"
    PHASE = "phase"
    PAPERS = "papers"
    BUILDS = "builds"
    ENTRIES = "entries"

    @property
    def kind(self) -> Kind | None:
        """The kind of record a suggestion of this subject targets (None: the whole journal)."""
        return _SUBJECT_KINDS.get(self)


_SUBJECT_KINDS = {
    Subject.PHASE: Kind.PHASE,
    Subject.PAPERS: Kind.PAPER,
    Subject.BUILDS: Kind.BUILD,
    Subject.ENTRIES: Kind.ENTRY,
}


class Fact(NamedTuple):
    name: str
    type: FactType
    doc: str
    source: str
    # The closed set of values of a text fact: a condition comparing it with anything else is a typo.
    values: tuple[str, ...] = ()
    # True when the fact can be "none" (NaN): a day count that does not apply.
    optional: bool = False


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


PHASE_KINDS = (*_values(PhaseKind), "none")
_N, _D, _B, _T, _L = FactType.NUMBER, FactType.DAYS, FactType.BOOL, FactType.TEXT, FactType.TAGS


class Context:
    """Everything one evaluation shares: today, the snapshot, and indexes built lazily, at most once,
    only if a rule that runs needs them (each is one pass over a table)."""

    def __init__(self, snapshot: Snapshot, today: date) -> None:
        self.snapshot = snapshot
        self.today = today
        self.day = today.toordinal()

    @cached_property
    def links(self) -> LinkIndex:
        return index_links(self.snapshot)

    @cached_property
    def phase(self) -> Phase | None:
        return self.snapshot.current_phase()

    @cached_property
    def phase_kind(self) -> str:
        return "none" if self.phase is None else self.phase.kind.value

    @cached_property
    def phase_output(self) -> Output:
        """What the open phase has produced so far."""
        return output(self.snapshot, self.phase) if self.phase is not None else Output(0, 0, 0, 0)

    @cached_property
    def phase_history(self) -> list[str]:
        """Kinds of every phase, most recent first."""
        ordered = sorted(self.snapshot.phases.values(), key=lambda p: (p.started, p.id), reverse=True)
        return [p.kind.value for p in ordered]

    @cached_property
    def same_kind_streak(self) -> int:
        history = self.phase_history
        streak = 0
        for kind in history:
            if kind != history[0]:
                break
            streak += 1
        return streak

    @cached_property
    def paper_counts(self) -> Counter[PaperStatus]:
        return Counter(p.status for p in self.snapshot.papers.values())

    @cached_property
    def build_counts(self) -> Counter[BuildStatus]:
        return Counter(b.status for b in self.snapshot.builds.values())

    @cached_property
    def loop_count(self) -> int:
        return len(open_loops(self.snapshot, self.links))

    @cached_property
    def entry_days(self) -> set[int]:
        return {e.at.toordinal() for e in self.snapshot.entries.values()}

    @cached_property
    def streak_days(self) -> int:
        """Days in a row with an entry, up to today (a streak lives on until a whole day is missed)."""
        days = self.entry_days
        day = self.day if self.day in days else self.day - 1
        streak = 0
        while day in days:
            streak += 1
            day -= 1
        return streak

    @cached_property
    def last_entry_day(self) -> int | None:
        entries = self.snapshot.entries
        return max(e.at for e in entries.values()).toordinal() if entries else None

    @cached_property
    def entries_today(self) -> int:
        return sum(e.at.toordinal() == self.day for e in self.snapshot.entries.values())

    # Per build, computed for the builds a rule reaches only, from the link index.

    def build_failures(self, build_id: int) -> list[Entry]:
        entries = self.snapshot.entries
        numbers = self.links.entries_by_build.get(build_id, ())
        return [e for n in numbers if (e := entries.get(n)) is not None and e.kind is EntryKind.FAILURE]

    def build_open_failures(self, build_id: int) -> int:
        return sum(not has_question(self.snapshot, self.links, e.id) for e in self.build_failures(build_id))

    def build_last_entry(self, build_id: int) -> int:
        """Ordinal day of the latest entry about a build, 0 if there is none."""
        numbers = self.links.entries_by_build.get(build_id)
        if not numbers:
            return 0
        entries = self.snapshot.entries
        return max(entries[n].at for n in numbers if n in entries).toordinal()

    def build_idle(self, build: Build) -> int:
        """Days since the last sign of life of a build: its last entry, its start, or when it was added."""
        start = (build.started or build.added).toordinal()
        return self.day - max(self.build_last_entry(build.id), start)


def other_kind(kind: str) -> str:
    return {"research": "production", "production": "research"}.get(kind, "research")


# Names a fact source may use, besides `r` and `x`.
SOURCE_GLOBALS: dict[str, Any] = {
    "__builtins__": {},
    "NAN": NAN,
    "len": len,
    "bool": bool,
    "int": int,
    "max": max,
    "str": str,
    "PaperStatus": PaperStatus,
    "BuildStatus": BuildStatus,
    "EntryKind": EntryKind,
    "WriteupState": WriteupState,
    "answered_by_question": has_question,
    "insight_applied": insight_applied,
    "phase_progress": progress,
    "opposite_kind": other_kind,
}


def _catalogue(*facts: Fact) -> dict[str, Fact]:
    return {fact.name: fact for fact in facts}


def _days_since(name: str, field: str, doc: str, *, optional: bool = False) -> Fact:
    """Days from the record's `field` to today; an optional field that is not set reads as none."""
    days = f"x.day - r.{field}.toordinal()"
    if optional:
        return Fact(name, _D, doc, f"NAN if r.{field} is None else {days}", optional=True)
    return Fact(name, _D, doc, days)


JOURNAL_FACTS = _catalogue(
    Fact("today", _T, "today's date, YYYY-MM-DD (for messages)", "x.today.isoformat()"),
    Fact("phase_kind", _T, "kind of the open phase, or none", "x.phase_kind", PHASE_KINDS),
    Fact(
        "other_kind",
        _T,
        "the kind the open phase is not (research if none is open)",
        "opposite_kind(x.phase_kind)",
        _values(PhaseKind),
    ),
    Fact("papers_queued", _N, "papers waiting in the reading queue", "x.paper_counts[PaperStatus.QUEUED]"),
    Fact("papers_reading", _N, "papers being read now", "x.paper_counts[PaperStatus.READING]"),
    Fact("papers_read", _N, "papers read", "x.paper_counts[PaperStatus.READ]"),
    Fact("builds_idea", _N, "builds still ideas", "x.build_counts[BuildStatus.IDEA]"),
    Fact("builds_building", _N, "builds in progress", "x.build_counts[BuildStatus.BUILDING]"),
    Fact("builds_shipped", _N, "builds shipped", "x.build_counts[BuildStatus.SHIPPED]"),
    Fact("entries_total", _N, "entries in the validation log", "len(x.snapshot.entries)"),
    Fact("entries_today", _N, "entries logged today", "x.entries_today"),
    Fact(
        "days_since_last_entry",
        _D,
        "days since the latest entry; none if nothing was ever logged",
        "NAN if x.last_entry_day is None else x.day - x.last_entry_day",
        optional=True,
    ),
    Fact(
        "streak_days",
        _N,
        "days in a row with at least one entry, up to today (or yesterday)",
        "x.streak_days",
    ),
    Fact(
        "open_loops",
        _N,
        "papers read with no build, shipped builds with no write-up done, failures "
        "with no question, insights applied to no build",
        "x.loop_count",
    ),
    Fact("phase_count", _N, "phases ever started", "len(x.phase_history)"),
    Fact("recent_phase_kinds", _L, "kinds of the last four phases, most recent first", "x.phase_history[:4]"),
    Fact(
        "same_kind_streak",
        _N,
        "how many phases in a row, ending with the latest, share its kind",
        "x.same_kind_streak",
    ),
)

PHASE_FACTS = _catalogue(
    Fact("id", _T, "the phase's id, like ph3", "str(r.ref)"),
    Fact("kind", _T, "research or production", "r.kind", _values(PhaseKind)),
    Fact("goal", _T, "the phase's goal", "r.goal"),
    Fact("day", _N, "day of the phase, 1 on the day it started", "phase_progress(r, x.today).day"),
    Fact("length_days", _N, "planned length in days", "phase_progress(r, x.today).length"),
    Fact(
        "days_left",
        _D,
        "days until the planned end (negative once overdue)",
        "phase_progress(r, x.today).days_left",
    ),
    Fact(
        "days_overdue",
        _D,
        "days past the planned end, 0 if not overdue",
        "phase_progress(r, x.today).overdue",
    ),
    Fact(
        "progress",
        _N,
        "percent of the planned length gone, 0 to 100",
        "int(phase_progress(r, x.today).fraction * 100)",
    ),
    Fact("overdue", _B, "true once the planned end has passed", "phase_progress(r, x.today).days_left < 0"),
    Fact("papers_read", _N, "papers finished during this phase", "x.phase_output.papers_read"),
    Fact("builds_shipped", _N, "builds shipped during this phase", "x.phase_output.builds_shipped"),
    Fact("entries", _N, "entries logged during this phase", "x.phase_output.entries"),
)

PAPER_FACTS = _catalogue(
    Fact("id", _T, "the paper's id, like p12", "str(r.ref)"),
    Fact("title", _T, "its title", "r.title"),
    Fact("status", _T, "queued, reading, read or dropped", "r.status", _values(PaperStatus)),
    Fact("priority", _N, "0 (none) to 3 (high)", "r.priority"),
    Fact("tags", _L, "its tags", "r.tags"),
    Fact("tag_count", _N, "how many tags it has", "len(r.tags)"),
    Fact("year", _N, "publication year; none if unknown", "NAN if r.year is None else r.year", optional=True),
    _days_since("days_since_added", "added", "days since it entered the queue"),
    _days_since(
        "days_since_started", "started", "days since reading began; none if not started", optional=True
    ),
    _days_since("days_since_finished", "finished", "days since it was read; none if not read", optional=True),
    Fact("build_count", _N, "builds linked to it", "len(x.links.builds_by_paper.get(r.id, ()))"),
    Fact("entry_count", _N, "entries about it", "len(x.links.entries_by_paper.get(r.id, ()))"),
    Fact("claim_count", _N, "claims noted from it", "len(r.claims)"),
)

BUILD_FACTS = _catalogue(
    Fact("id", _T, "the build's id, like b3", "str(r.ref)"),
    Fact("title", _T, "its title", "r.title"),
    Fact("status", _T, "idea, building, shipped or abandoned", "r.status", _values(BuildStatus)),
    _days_since("days_since_added", "added", "days since it was added"),
    _days_since(
        "days_since_started", "started", "days since building began; none if not started", optional=True
    ),
    _days_since("days_since_shipped", "shipped", "days since it shipped; none if not shipped", optional=True),
    Fact("paper_count", _N, "papers it is linked to", "len(r.paper_ids)"),
    Fact("from_insight", _B, "true if it applies an insight from the log", "r.from_entry is not None"),
    Fact("entry_count", _N, "entries about it", "len(x.links.entries_by_build.get(r.id, ()))"),
    Fact("failure_count", _N, "failures logged about it", "len(x.build_failures(r.id))"),
    Fact(
        "open_failures",
        _N,
        "its failures that no question follows up yet",
        "x.build_open_failures(r.id)",
    ),
    Fact("writeup", _T, "state of its write-up: none, draft or done", "r.writeup", _values(WriteupState)),
    _days_since(
        "days_since_writeup",
        "writeup_changed",
        "days since the write-up last changed state; none if it never did",
        optional=True,
    ),
    Fact(
        "days_since_last_entry",
        _D,
        "days since the latest entry about it; none if there is none",
        "x.day - x.build_last_entry(r.id) if r.id in x.links.entries_by_build else NAN",
        optional=True,
    ),
    Fact(
        "days_idle",
        _D,
        "days since its last sign of life: latest entry, start, or when added",
        "x.build_idle(r)",
    ),
)

ENTRY_FACTS = _catalogue(
    Fact("id", _T, "the entry's id, like e40", "str(r.ref)"),
    Fact(
        "kind",
        _T,
        "failure, insight, observation, question, validated, refuted or note",
        "r.kind",
        _values(EntryKind),
    ),
    Fact("text", _T, "what was logged", "r.text"),
    _days_since("days_old", "at", "days since it was logged"),
    Fact(
        "has_followup",
        _B,
        "true if another entry answers (follows up) it",
        "bool(x.links.followups.get(r.id))",
    ),
    Fact(
        "has_question",
        _B,
        "true if a question answers it (closes a failure's loop)",
        "r.id in x.links.followups and answered_by_question(x.snapshot, x.links, r.id)",
    ),
    Fact(
        "applied",
        _B,
        "true if a build comes from it or a later entry follows it up (an insight's loop)",
        "insight_applied(x.links, r.id)",
    ),
    Fact(
        "paper_id",
        _T,
        "id of the paper it is about, or empty",
        "'' if r.paper_id is None else 'p%d' % r.paper_id",
    ),
    Fact(
        "build_id",
        _T,
        "id of the build it is about, or empty",
        "'' if r.build_id is None else 'b%d' % r.build_id",
    ),
    Fact(
        "answers",
        _T,
        "id of the entry it follows up, or empty",
        "'' if r.answers is None else 'e%d' % r.answers",
    ),
)

CATALOGUE: dict[Subject, dict[str, Fact]] = {
    Subject.JOURNAL: JOURNAL_FACTS,
    Subject.PHASE: PHASE_FACTS,
    Subject.PAPERS: PAPER_FACTS,
    Subject.BUILDS: BUILD_FACTS,
    Subject.ENTRIES: ENTRY_FACTS,
}


def items(subject: Subject, x: Context) -> Iterable[Any]:
    """The records a rule about `subject` looks at: each item, or the journal (None), or the open phase."""
    if subject is Subject.JOURNAL:
        return (None,)
    if subject is Subject.PHASE:
        return () if x.phase is None else (x.phase,)
    return getattr(x.snapshot, subject.value).values()
