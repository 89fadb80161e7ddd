"""The fact catalogue: every name a rule's `when` and `say` may use, with its type, meaning and source.

A fact's source is where its value comes from, in one of two shapes: a field of the record the rule
is about (`r.title`), or a typed method of `Context`, the state one evaluation shares, given the
record or one of its fields (`x.paper_build_count(r)`, `x.days_since(r.finished)`); a fact about
the whole journal is a method given nothing (`x.streak_days()`). The code generator (codegen.py)
puts these in place of the fact names of a checked condition, so a rule runs as one compiled
comprehension over the records, with no per-record dict of facts. A day count that does not apply
(a paper not finished yet, a journal without entries) is NaN, shown as "none": every ordering
comparison with it is false, and arithmetic on it never raises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

from dualtui.domain.ids import Kind, Ref
from dualtui.domain.links import (
    LinkIndex,
    has_question,
    index_links,
    insight_applied,
    is_answered,
    missing_real,
    open_loops,
    question_addressed,
    untested_claims,
)
from dualtui.domain.model import (
    Build,
    BuildStatus,
    Entry,
    EntryKind,
    Paper,
    PaperStatus,
    Phase,
    PhaseKind,
    WriteupState,
)
from dualtui.domain.phases import Output, Progress, output, progress
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


class Source(NamedTuple):
    """Where a fact's value comes from: `r.FIELD` (no method), `x.METHOD(r)` (no field),
    `x.METHOD(r.FIELD)` (both), or `x.METHOD()` for a fact about the whole journal."""

    method: str | None
    field: str | None


def field(name: str) -> Source:
    return Source(None, name)


def method(function: Callable[..., Any], of_field: str | None = None) -> Source:
    # Named by the function itself, so a renamed or missing method fails here, at import.
    return Source(function.__name__, of_field)


class Fact(NamedTuple):
    name: str
    type: FactType
    doc: str
    source: Source
    # The closed set of values of a text fact: a condition comparing it with anything else is a typo.
    values: tuple[str, ...] = ()
    # True when the fact can be "none" (NaN): a day count that does not apply.
    optional: bool = False


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


PHASE_KINDS = (*_values(PhaseKind), "none")


class Context:
    """Everything one evaluation shares: today, the snapshot, indexes built lazily, at most once,
    only if a rule that runs needs them (each is one pass over a table), and the method behind
    every fact that is not a plain field of its record."""

    def __init__(self, snapshot: Snapshot, today: date, links: LinkIndex | None = None) -> None:
        """`links`: the snapshot's link index when the caller has it already (the app's panes made
        one from the same version): a second index of 100,000 records costs 35 ms and 6 MB."""
        self.snapshot = snapshot
        self.today = today
        self.day = today.toordinal()
        self._outputs: dict[int, Output] = {}
        if links is not None:
            self.__dict__["links"] = links  # what the cached property below would have made

    @cached_property
    def links(self) -> LinkIndex:
        return index_links(self.snapshot)

    @cached_property
    def phase(self) -> Phase | None:
        return self.snapshot.current_phase()

    @cached_property
    def _phase_history(self) -> list[str]:
        """Kinds of every phase, most recent first."""
        ordered = sorted(self.snapshot.phases.values(), key=lambda p: (p.started, p.id), reverse=True)
        return [p.kind.value for p in ordered]

    @cached_property
    def _paper_counts(self) -> Counter[PaperStatus]:
        return Counter(p.status for p in self.snapshot.papers.values())

    @cached_property
    def _build_counts(self) -> Counter[BuildStatus]:
        return Counter(b.status for b in self.snapshot.builds.values())

    # Each a pass over the entries or the whole journal, made once: a fact's value is read again
    # for the message and the reason.

    @cached_property
    def _entries_today(self) -> int:
        return sum(e.at.toordinal() == self.day for e in self.snapshot.entries.values())

    @cached_property
    def _entry_days(self) -> set[int]:
        return {e.at.toordinal() for e in self.snapshot.entries.values()}

    @cached_property
    def _last_entry(self) -> datetime | None:
        entries = self.snapshot.entries
        return max(e.at for e in entries.values()) if entries else None

    @cached_property
    def _loop_count(self) -> int:
        return len(open_loops(self.snapshot, self.links))

    # Shared by the facts of several subjects.

    def days_since(self, moment: datetime | date | None) -> float:
        """Whole calendar days from a stamp to today; none (NaN) for a stamp that is not set."""
        return NAN if moment is None else self.day - moment.toordinal()

    def or_none(self, number: int | None) -> float:
        return NAN if number is None else number

    def ref_text(self, r: Phase | Paper | Build | Entry) -> str:
        return str(r.ref)

    # The journal.

    def today_text(self) -> str:
        return self.today.isoformat()

    def phase_kind(self) -> str:
        return "none" if self.phase is None else self.phase.kind.value

    def other_kind(self) -> str:
        return {"research": "production", "production": "research"}.get(self.phase_kind(), "research")

    def papers_queued(self) -> int:
        return self._paper_counts[PaperStatus.QUEUED]

    def papers_reading(self) -> int:
        return self._paper_counts[PaperStatus.READING]

    def papers_read(self) -> int:
        return self._paper_counts[PaperStatus.READ]

    def builds_idea(self) -> int:
        return self._build_counts[BuildStatus.IDEA]

    def builds_building(self) -> int:
        return self._build_counts[BuildStatus.BUILDING]

    def builds_shipped(self) -> int:
        return self._build_counts[BuildStatus.SHIPPED]

    def entries_total(self) -> int:
        return len(self.snapshot.entries)

    def entries_today(self) -> int:
        return self._entries_today

    def days_since_last_entry(self) -> float:
        return self.days_since(self._last_entry)

    def streak_days(self) -> int:
        """Days in a row with an entry, up to today (a streak lives on until a whole day is missed)."""
        days = self._entry_days
        day = self.day if self.day in days else self.day - 1
        streak = 0
        while day in days:
            streak += 1
            day -= 1
        return streak

    def open_loops(self) -> int:
        return self._loop_count

    def phase_count(self) -> int:
        return len(self._phase_history)

    def recent_phase_kinds(self) -> list[str]:
        return self._phase_history[:4]

    def same_kind_streak(self) -> int:
        history = self._phase_history
        streak = 0
        for kind in history:
            if kind != history[0]:
                break
            streak += 1
        return streak

    # A phase.

    def _progress(self, r: Phase) -> Progress:
        return progress(r, self.today)

    def _output(self, r: Phase) -> Output:
        """What a phase produced (so far, for the open one), counted once per phase."""
        made = self._outputs.get(r.id)
        if made is None:
            made = self._outputs[r.id] = output(self.snapshot, r)
        return made

    def phase_day(self, r: Phase) -> int:
        return self._progress(r).day

    def phase_length(self, r: Phase) -> int:
        return self._progress(r).length

    def phase_days_left(self, r: Phase) -> float:
        return self._progress(r).days_left

    def phase_days_overdue(self, r: Phase) -> float:
        return self._progress(r).overdue

    def phase_percent(self, r: Phase) -> int:
        return int(self._progress(r).fraction * 100)

    def phase_overdue(self, r: Phase) -> bool:
        return self._progress(r).days_left < 0

    def phase_papers_read(self, r: Phase) -> int:
        return self._output(r).papers_read

    def phase_builds_shipped(self, r: Phase) -> int:
        return self._output(r).builds_shipped

    def phase_entries(self, r: Phase) -> int:
        return self._output(r).entries

    # A paper.

    def tag_count(self, r: Paper) -> int:
        return len(r.tags)

    def paper_build_count(self, r: Paper) -> int:
        return len(self.links.builds_by_paper.get(r.id, ()))

    def paper_entry_count(self, r: Paper) -> int:
        return len(self.links.entries_by_paper.get(r.id, ()))

    def claim_count(self, r: Paper) -> int:
        return len(r.claims)

    # A build: computed for the builds a rule reaches only, from the link index.

    def paper_count(self, r: Build) -> int:
        return len(r.paper_ids)

    def from_insight(self, r: Build) -> bool:
        return r.from_entry is not None

    def build_entry_count(self, r: Build) -> int:
        return len(self.links.entries_by_build.get(r.id, ()))

    def _build_failures(self, r: Build) -> list[Entry]:
        entries = self.snapshot.entries
        numbers = self.links.entries_by_build.get(r.id, ())
        return [e for n in numbers if (e := entries.get(n)) is not None and e.kind is EntryKind.FAILURE]

    def build_failure_count(self, r: Build) -> int:
        return len(self._build_failures(r))

    def build_open_failures(self, r: Build) -> int:
        return sum(not has_question(self.snapshot, self.links, e.id) for e in self._build_failures(r))

    def _build_last_entry(self, r: Build) -> int:
        """Ordinal day of the latest entry about a build, 0 if there is none."""
        numbers = self.links.entries_by_build.get(r.id)
        if not numbers:
            return 0
        entries = self.snapshot.entries
        return max(entries[n].at for n in numbers if n in entries).toordinal()

    def build_days_since_last_entry(self, r: Build) -> float:
        return self.day - self._build_last_entry(r) if r.id in self.links.entries_by_build else NAN

    def build_days_idle(self, r: Build) -> float:
        """Days since the last sign of life of a build: its last entry, its start, when it was added,
        or the newest paper it builds on (research added for it when it was stuck)."""
        start = (r.started or r.added).toordinal()
        papers = self.snapshot.papers
        research = max((p.added.toordinal() for n in r.paper_ids if (p := papers.get(n))), default=start)
        return self.day - max(self._build_last_entry(r), start, research)

    # An entry.

    def has_followup(self, r: Entry) -> bool:
        return bool(self.links.followups.get(r.id))

    def has_question(self, r: Entry) -> bool:
        return r.id in self.links.followups and has_question(self.snapshot, self.links, r.id)

    def build_open_questions(self, r: Build) -> list[str]:
        """Questions about the build or tested by it that nothing answers yet, oldest first."""
        links, entries = self.links, self.snapshot.entries
        numbers = {*links.entries_by_build.get(r.id, ()), *links.linked_to_build.get(r.id, ())}
        questions = (e for n in sorted(numbers) if (e := entries.get(n)) is not None)
        return [
            str(q.ref) for q in questions if q.kind is EntryKind.QUESTION and not self.question_answered(q)
        ]

    @cached_property
    def _papers_with_claims(self) -> frozenset[int]:
        return frozenset(p.id for p in self.snapshot.papers.values() if p.claims)

    def _untested(self, r: Build) -> list[tuple[Paper, int]]:
        # Most builds' papers note no claim: one set test, before any evidence is sought.
        if self._papers_with_claims.isdisjoint(r.paper_ids):
            return []
        return untested_claims(self.snapshot, self.links, r)

    def build_untested_claims(self, r: Build) -> int:
        return len(self._untested(r))

    def build_untested_claim(self, r: Build) -> str:
        found = self._untested(r)
        if not found:
            return ""
        paper, number = found[0]
        return f"“{paper.claims[number - 1]}” ({paper.ref}, claim {number})"

    def build_missing_real(self, r: Build) -> str:
        missing = missing_real(r)
        return ", ".join(missing[:-1]) + " or " + missing[-1] if len(missing) > 1 else "".join(missing)

    def build_missing_count(self, r: Build) -> int:
        return (not r.data_source.strip()) + (not r.constraints.strip()) + (not r.users.strip())

    def build_why_real(self, r: Build) -> str:
        return "; ".join(WHY_REAL[label] for label in missing_real(r))

    def insight_applied(self, r: Entry) -> bool:
        return insight_applied(self.links, r)

    def question_addressed(self, r: Entry) -> bool:
        return question_addressed(r)

    def question_answered(self, r: Entry) -> bool:
        return r.id in self.links.followups and is_answered(self.snapshot, self.links, r.id)

    def days_since_addressed(self, r: Entry) -> float:
        """Days since the first paper read for it was finished, or the first build that tests it
        shipped; none while neither has happened."""
        papers, builds = self.snapshot.papers, self.snapshot.builds
        moments = [p.finished for n in r.linked_papers if (p := papers.get(n)) is not None and p.finished]
        moments += [b.shipped for n in r.linked_builds if (b := builds.get(n)) is not None and b.shipped]
        return self.days_since(min(moments)) if moments else NAN

    def how_to_address(self, r: Entry) -> str:
        if self.phase_kind() == PhaseKind.PRODUCTION.value:
            return "try an experiment that tests it (a build linked to it)"
        return "find research that addresses it (a paper read for it)"

    def entry_paper(self, r: Entry) -> str:
        return _ref_or_empty(Kind.PAPER, r.paper_id)

    def entry_build(self, r: Entry) -> str:
        return _ref_or_empty(Kind.BUILD, r.build_id)

    def entry_answers(self, r: Entry) -> str:
        return _ref_or_empty(Kind.ENTRY, r.answers)


# Why each part of a real system matters, in the practice's own terms.
WHY_REAL = {
    "data source": "real data is messy where a paper's was clean",
    "constraints": "latency, scale and cost are where elegant solutions shatter",
    "users": "real users validate a theory in ways peer review never can",
}


def _ref_or_empty(kind: Kind, number: int | None) -> str:
    return "" if number is None else str(Ref(kind, number))


def _catalogue(*facts: Fact) -> dict[str, Fact]:
    return {fact.name: fact for fact in facts}


def _days_since(name: str, stamp: str, doc: str, *, optional: bool = False) -> Fact:
    """Days from the record's `stamp` field to today; an optional stamp that is not set reads as none."""
    return Fact(name, FactType.DAYS, doc, method(Context.days_since, stamp), optional=optional)


_N, _D, _B, _T, _L = FactType.NUMBER, FactType.DAYS, FactType.BOOL, FactType.TEXT, FactType.TAGS

JOURNAL_FACTS = _catalogue(
    Fact("today", _T, "today's date, YYYY-MM-DD (for messages)", method(Context.today_text)),
    Fact("phase_kind", _T, "kind of the open phase, or none", method(Context.phase_kind), PHASE_KINDS),
    Fact(
        "other_kind",
        _T,
        "the kind the open phase is not (research if none is open)",
        method(Context.other_kind),
        _values(PhaseKind),
    ),
    Fact("papers_queued", _N, "papers waiting in the reading queue", method(Context.papers_queued)),
    Fact("papers_reading", _N, "papers being read now", method(Context.papers_reading)),
    Fact("papers_read", _N, "papers read", method(Context.papers_read)),
    Fact("builds_idea", _N, "builds still ideas", method(Context.builds_idea)),
    Fact("builds_building", _N, "builds in progress", method(Context.builds_building)),
    Fact("builds_shipped", _N, "builds shipped", method(Context.builds_shipped)),
    Fact("entries_total", _N, "entries in the validation log", method(Context.entries_total)),
    Fact("entries_today", _N, "entries logged today", method(Context.entries_today)),
    Fact(
        "days_since_last_entry",
        _D,
        "days since the latest entry; none if nothing was ever logged",
        method(Context.days_since_last_entry),
        optional=True,
    ),
    Fact(
        "streak_days",
        _N,
        "days in a row with at least one entry, up to today (or yesterday)",
        method(Context.streak_days),
    ),
    Fact(
        "open_loops",
        _N,
        "papers read with no build, shipped builds with no write-up done, failures with no question, "
        "insights applied to no build, however recent (the weekly review lists the loops rules find due)",
        method(Context.open_loops),
    ),
    Fact("phase_count", _N, "phases ever started", method(Context.phase_count)),
    Fact(
        "recent_phase_kinds",
        _L,
        "kinds of the last four phases, most recent first",
        method(Context.recent_phase_kinds),
    ),
    Fact(
        "same_kind_streak",
        _N,
        "how many phases in a row, ending with the latest, share its kind",
        method(Context.same_kind_streak),
    ),
)

PHASE_FACTS = _catalogue(
    Fact("id", _T, "the phase's id, like ph3", method(Context.ref_text)),
    Fact("kind", _T, "research or production", field("kind"), _values(PhaseKind)),
    Fact("goal", _T, "the phase's goal", field("goal")),
    Fact("day", _N, "day of the phase, 1 on the day it started", method(Context.phase_day)),
    Fact("length_days", _N, "planned length in days", method(Context.phase_length)),
    Fact(
        "days_left", _D, "days until the planned end (negative once overdue)", method(Context.phase_days_left)
    ),
    Fact(
        "days_overdue", _D, "days past the planned end, 0 if not overdue", method(Context.phase_days_overdue)
    ),
    Fact("progress", _N, "percent of the planned length gone, 0 to 100", method(Context.phase_percent)),
    Fact("overdue", _B, "true once the planned end has passed", method(Context.phase_overdue)),
    Fact("papers_read", _N, "papers finished during this phase", method(Context.phase_papers_read)),
    Fact("builds_shipped", _N, "builds shipped during this phase", method(Context.phase_builds_shipped)),
    Fact("entries", _N, "entries logged during this phase", method(Context.phase_entries)),
)

PAPER_FACTS = _catalogue(
    Fact("id", _T, "the paper's id, like p12", method(Context.ref_text)),
    Fact("title", _T, "its title", field("title")),
    Fact("status", _T, "queued, reading, read or dropped", field("status"), _values(PaperStatus)),
    Fact("priority", _N, "0 (none) to 3 (high)", field("priority")),
    Fact("tags", _L, "its tags", field("tags")),
    Fact("tag_count", _N, "how many tags it has", method(Context.tag_count)),
    Fact("year", _N, "publication year; none if unknown", method(Context.or_none, "year"), optional=True),
    _days_since("days_since_added", "added", "days since it entered the queue"),
    _days_since(
        "days_since_started", "started", "days since reading began; none if not started", optional=True
    ),
    _days_since("days_since_finished", "finished", "days since it was read; none if not read", optional=True),
    Fact("build_count", _N, "builds linked to it", method(Context.paper_build_count)),
    Fact("entry_count", _N, "entries about it", method(Context.paper_entry_count)),
    Fact("claim_count", _N, "claims noted from it", method(Context.claim_count)),
)

BUILD_FACTS = _catalogue(
    Fact("id", _T, "the build's id, like b3", method(Context.ref_text)),
    Fact("title", _T, "its title", field("title")),
    Fact("status", _T, "idea, building, shipped or abandoned", field("status"), _values(BuildStatus)),
    _days_since("days_since_added", "added", "days since it was added"),
    _days_since(
        "days_since_started", "started", "days since building began; none if not started", optional=True
    ),
    _days_since("days_since_shipped", "shipped", "days since it shipped; none if not shipped", optional=True),
    Fact("paper_count", _N, "papers it is linked to", method(Context.paper_count)),
    Fact("from_insight", _B, "true if it applies an insight from the log", method(Context.from_insight)),
    Fact("entry_count", _N, "entries about it", method(Context.build_entry_count)),
    Fact("failure_count", _N, "failures logged about it", method(Context.build_failure_count)),
    Fact(
        "open_failures",
        _N,
        "its failures that no question follows up yet",
        method(Context.build_open_failures),
    ),
    Fact(
        "writeup", _T, "state of its write-up: none, draft or done", field("writeup"), _values(WriteupState)
    ),
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
        method(Context.build_days_since_last_entry),
        optional=True,
    ),
    Fact(
        "days_idle",
        _D,
        "days since its last sign of life: latest entry, start, when added, or the newest paper it builds on",
        method(Context.build_days_idle),
    ),
    Fact(
        "open_questions",
        _L,
        "ids of the questions about it or tested by it that nothing answers yet",
        method(Context.build_open_questions),
    ),
    Fact(
        "untested_claims",
        _N,
        "claims of its papers that no validated or refuted entry speaks to yet",
        method(Context.build_untested_claims),
    ),
    Fact(
        "untested_claim",
        _T,
        "the first of those, with its paper and number, or empty",
        method(Context.build_untested_claim),
    ),
    Fact(
        "missing_real",
        _T,
        "which of data source, constraints and users are not named, like “constraints or users”",
        method(Context.build_missing_real),
    ),
    Fact("missing_count", _N, "how many of those are not named", method(Context.build_missing_count)),
    Fact("why_real", _T, "why each of those matters, in a sentence", method(Context.build_why_real)),
)

ENTRY_FACTS = _catalogue(
    Fact("id", _T, "the entry's id, like e40", method(Context.ref_text)),
    Fact(
        "kind",
        _T,
        "failure, insight, observation, question, validated, refuted or note",
        field("kind"),
        _values(EntryKind),
    ),
    Fact("text", _T, "what was logged", field("text")),
    _days_since("days_old", "at", "days since it was logged"),
    Fact("has_followup", _B, "true if another entry answers (follows up) it", method(Context.has_followup)),
    Fact(
        "has_question",
        _B,
        "true if a question answers it (closes a failure's loop)",
        method(Context.has_question),
    ),
    Fact(
        "applied",
        _B,
        "true if a build comes from it or is linked to it, or an entry follows it up (an insight's loop)",
        method(Context.insight_applied),
    ),
    Fact(
        "addressed",
        _B,
        "true if a paper was read for it or a build tests it (`dualtui link`; a question's loop)",
        method(Context.question_addressed),
    ),
    Fact(
        "answered",
        _B,
        "true if an insight, observation, validated or refuted entry follows it up",
        method(Context.question_answered),
    ),
    Fact(
        "days_since_addressed",
        _D,
        "days since a paper read for it was finished or a build that tests it shipped (the first); "
        "none until then",
        method(Context.days_since_addressed),
        optional=True,
    ),
    Fact(
        "how_to_address",
        _T,
        "what would address it in the open phase: research (a paper) or an experiment (a build)",
        method(Context.how_to_address),
    ),
    Fact(
        "claim",
        _N,
        "the number of its paper's claim it validates or refutes; none if it names none",
        method(Context.or_none, "claim"),
        optional=True,
    ),
    Fact("paper_id", _T, "id of the paper it is about, or empty", method(Context.entry_paper)),
    Fact("build_id", _T, "id of the build it is about, or empty", method(Context.entry_build)),
    Fact("answers", _T, "id of the entry it follows up, or empty", method(Context.entry_answers)),
)

CATALOGUE: dict[Subject, dict[str, Fact]] = {
    Subject.JOURNAL: JOURNAL_FACTS,
    Subject.PHASE: PHASE_FACTS,
    Subject.PAPERS: PAPER_FACTS,
    Subject.BUILDS: BUILD_FACTS,
    Subject.ENTRIES: ENTRY_FACTS,
}

# The record class each subject's facts read (None: the journal's facts read no record).
RECORD_CLASSES: dict[Subject, type | None] = {
    Subject.JOURNAL: None,
    Subject.PHASE: Phase,
    Subject.PAPERS: Paper,
    Subject.BUILDS: Build,
    Subject.ENTRIES: Entry,
}


def items(subject: Subject, x: Context) -> Iterable[Any]:
    """The records a rule about `subject` looks at: each item, or the journal (None), or the open phase."""
    if subject is Subject.JOURNAL:
        return (None,)
    if subject is Subject.PHASE:
        return () if x.phase is None else (x.phase,)
    return getattr(x.snapshot, subject.value).values()
