"""The journal's records as plain slotted classes, and their JSON-ready dict form.

Written out rather than made by the dataclass decorator: on these machines defining a dataclass costs
about half a millisecond at every start of every command (the 29 of them came to a fifth of
`dualtui next`). `_Record` gives them what dataclasses would: equality, a repr and `replace`.
Conversions are written out per class, positionally, rather than derived from type hints: they run
once per record at start-up, and at 100,000 records a generic field loop costs several times more.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Self

from .dates import date_from_text, from_text, to_text
from .ids import Kind, Ref
from .validation import MAX_ID, MAX_YEAR, MIN_YEAR, invalid, problem_in


class PhaseKind(StrEnum):
    RESEARCH = "research"
    PRODUCTION = "production"


class PaperStatus(StrEnum):
    QUEUED = "queued"
    READING = "reading"
    READ = "read"
    DROPPED = "dropped"


class BuildStatus(StrEnum):
    IDEA = "idea"
    BUILDING = "building"
    SHIPPED = "shipped"
    ABANDONED = "abandoned"


class WriteupState(StrEnum):
    NONE = "none"
    DRAFT = "draft"
    DONE = "done"


class EntryKind(StrEnum):
    FAILURE = "failure"
    INSIGHT = "insight"
    OBSERVATION = "observation"
    QUESTION = "question"
    VALIDATED = "validated"
    REFUTED = "refuted"
    NOTE = "note"


PRIORITY_NAMES = {0: "none", 1: "low", 2: "medium", 3: "high"}


class _Record:
    """Equality by type and fields, a repr naming every field, and `replace`, over `__slots__`."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dataclass with eq

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes`; an unknown field name is a TypeError, as with dataclasses.replace."""
        values = {name: getattr(self, name) for name in self.__slots__}
        unknown = set(changes) - values.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return type(self)(**values)


class Phase(_Record):
    """A research or production phase, from its start to its planned end (or when it ended)."""

    __slots__ = ("ended", "goal", "id", "kind", "planned_end", "review", "started", "summary")
    id: int
    kind: PhaseKind
    goal: str
    started: datetime
    planned_end: date
    ended: datetime | None
    review: str
    summary: dict[str, int]

    def __init__(
        self,
        id: int,
        kind: PhaseKind,
        goal: str,
        started: datetime,
        planned_end: date,
        ended: datetime | None = None,
        review: str = "",
        summary: dict[str, int] | None = None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.goal = goal
        self.started = started
        self.planned_end = planned_end
        self.ended = ended
        self.review = review
        self.summary = {} if summary is None else summary

    KIND = Kind.PHASE

    @property
    def ref(self) -> Ref:
        return Ref(Kind.PHASE, self.id)

    @property
    def is_open(self) -> bool:
        return self.ended is None

    def to_record(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "goal": self.goal,
            "started": to_text(self.started),
            "planned_end": to_text(self.planned_end),
            "ended": to_text(self.ended),
            "review": self.review,
            "summary": dict(self.summary),
        }

    @classmethod
    def from_record(cls, doc_id: int, r: dict[str, Any]) -> Phase:
        # A journal holds a few phases: the whole rule walk costs nothing here.
        if problem_in(Kind.PHASE, r) is not None:
            raise invalid(Kind.PHASE, r)
        return cls(
            id=doc_id,
            kind=_PHASE_KINDS[r["kind"]],
            goal=r.get("goal", ""),
            started=datetime.fromisoformat(r["started"]),
            planned_end=date.fromisoformat(r["planned_end"]),
            ended=from_text(r.get("ended")),
            review=r.get("review", ""),
            summary=dict(r.get("summary") or {}),
        )


class Paper(_Record):
    """A paper in the reading queue, and where it stands."""

    __slots__ = (
        "added",
        "arxiv",
        "authors",
        "bibkey",
        "bibtype",
        "claims",
        "doi",
        "editors",
        "et_al",
        "finished",
        "id",
        "notes",
        "priority",
        "started",
        "status",
        "tags",
        "title",
        "url",
        "venue",
        "whole_names",
        "year",
    )  # fmt: skip
    id: int
    title: str
    added: datetime
    authors: list[str]
    year: int | None
    venue: str
    doi: str
    arxiv: str
    url: str
    tags: list[str]
    status: PaperStatus
    priority: int
    started: datetime | None
    finished: datetime | None
    notes: str
    claims: list[str]
    bibkey: str
    bibtype: str  # the BibTeX entry type it came as (article, inproceedings, book…); "" if none
    editors: list[str]
    et_al: bool  # the author list goes on beyond `authors` (BibTeX's `and others`)
    # Names in `authors` or `editors` that hold a comma yet are one name, not "Last, First": a corporate
    # author BibTeX had in braces (`{Ministeriet for By, Bolig og Landdistrikter}`).
    whole_names: list[str]

    def __init__(
        self,
        id: int,
        title: str,
        added: datetime,
        authors: list[str] | None = None,
        year: int | None = None,
        venue: str = "",
        doi: str = "",
        arxiv: str = "",
        url: str = "",
        tags: list[str] | None = None,
        status: PaperStatus = PaperStatus.QUEUED,
        priority: int = 0,
        started: datetime | None = None,
        finished: datetime | None = None,
        notes: str = "",
        claims: list[str] | None = None,
        bibkey: str = "",
        bibtype: str = "",
        editors: list[str] | None = None,
        et_al: bool = False,
        whole_names: list[str] | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.added = added
        self.authors = [] if authors is None else authors
        self.year = year
        self.venue = venue
        self.doi = doi
        self.arxiv = arxiv
        self.url = url
        self.tags = [] if tags is None else tags
        self.status = status
        self.priority = priority
        self.started = started
        self.finished = finished
        self.notes = notes
        self.claims = [] if claims is None else claims
        self.bibkey = bibkey
        self.bibtype = bibtype
        self.editors = [] if editors is None else editors
        self.et_al = et_al
        self.whole_names = [] if whole_names is None else whole_names

    KIND = Kind.PAPER

    @property
    def ref(self) -> Ref:
        return Ref(Kind.PAPER, self.id)

    def to_record(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "venue": self.venue,
            "doi": self.doi,
            "arxiv": self.arxiv,
            "url": self.url,
            "tags": list(self.tags),
            "status": self.status.value,
            "priority": self.priority,
            "added": to_text(self.added),
            "started": to_text(self.started),
            "finished": to_text(self.finished),
            "notes": self.notes,
            "claims": list(self.claims),
            "bibkey": self.bibkey,
            "bibtype": self.bibtype,
            "editors": list(self.editors),
            "et_al": self.et_al or None,  # None is left out of the file, as empty fields are
            "whole_names": list(self.whole_names),
        }

    @classmethod
    def from_record(cls, doc_id: int, r: dict[str, Any]) -> Paper:
        # Slot by slot rather than through __init__: a call with seventeen arguments per record costs
        # a third more, and this runs for every paper at every start. The type tests are inline for
        # the same reason; when one fails, validation.invalid says which field and why. A list is the
        # row's own, not a copy, and an empty one is `_NO_ITEMS`, shared by every record: records are
        # never changed, and the store replaces a row whole (about 330 bytes a paper, see _NO_ITEMS).
        try:
            get = r.get
            started, finished = get("started"), get("finished")
            authors, tags, claims = get("authors"), get("tags"), get("claims")
            paper = _new(cls)
            paper.id = doc_id
            paper.title = title = get("title", "")
            paper.added = added = _parse(r["added"])
            paper.authors = authors or _NO_ITEMS
            paper.year = year = get("year")
            paper.venue = venue = get("venue", "")
            paper.doi = doi = get("doi", "")
            paper.arxiv = arxiv = get("arxiv", "")
            paper.url = url = get("url", "")
            paper.tags = tags or _NO_ITEMS
            paper.status = _PAPER_STATUSES[get("status", "queued")]
            paper.priority = priority = get("priority", 0)
            paper.started = None if started is None else _parse(started)
            paper.finished = None if finished is None else _parse(finished)
            paper.notes = notes = get("notes", "")
            paper.claims = claims or _NO_ITEMS
            paper.bibkey = bibkey = get("bibkey", "")
            paper.bibtype = bibtype = get("bibtype", "")
            editors, whole_names, et_al = get("editors"), get("whole_names"), get("et_al")
            paper.editors = editors or _NO_ITEMS
            paper.et_al = bool(et_al)
            paper.whole_names = whole_names or _NO_ITEMS
            # `+` raises a TypeError unless all are text; "".join likewise for a list's items: the
            # cheapest tests there are (a type() call per field cost twice as much).
            if (
                type(title + venue + doi + arxiv + url + notes + bibkey + bibtype) is not str
                or type(priority) is not int or not 0 <= priority <= 3
                or (year is not None and (type(year) is not int or not MIN_YEAR <= year <= MAX_YEAR))
                or added.year > MAX_YEAR
                or (paper.started is not None and paper.started.year > MAX_YEAR)
                or (paper.finished is not None and paper.finished.year > MAX_YEAR)
                or (authors is not None and (type(authors) is not list or "".join(authors) is None))
                or (tags is not None and (type(tags) is not list or "".join(tags) is None))
                or (claims is not None and (type(claims) is not list or "".join(claims) is None))
                or (editors is not None and (type(editors) is not list or "".join(editors) is None))
                or (whole_names is not None and (
                    type(whole_names) is not list or "".join(whole_names) is None
                ))
                or (et_al is not None and type(et_al) is not bool)
            ):  # fmt: skip
                raise invalid(Kind.PAPER, r)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise invalid(Kind.PAPER, r) from None
        return paper


class Build(_Record):
    """A real system built from papers or an insight, and the state of its write-up."""

    __slots__ = (
        "added",
        "constraints",
        "data_source",
        "description",
        "ended",
        "from_entry",
        "id",
        "paper_ids",
        "shipped",
        "started",
        "status",
        "title",
        "users",
        "writeup",
        "writeup_changed",
        "writeup_path",
    )  # fmt: skip
    id: int
    title: str
    added: datetime
    description: str
    status: BuildStatus
    paper_ids: list[int]
    data_source: str
    constraints: str
    users: str
    started: datetime | None
    shipped: datetime | None
    ended: datetime | None
    writeup: WriteupState
    writeup_path: str
    writeup_changed: datetime | None
    from_entry: int | None

    def __init__(
        self,
        id: int,
        title: str,
        added: datetime,
        description: str = "",
        status: BuildStatus = BuildStatus.IDEA,
        paper_ids: list[int] | None = None,
        data_source: str = "",
        constraints: str = "",
        users: str = "",
        started: datetime | None = None,
        shipped: datetime | None = None,
        ended: datetime | None = None,
        writeup: WriteupState = WriteupState.NONE,
        writeup_path: str = "",
        writeup_changed: datetime | None = None,
        from_entry: int | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.added = added
        self.description = description
        self.status = status
        self.paper_ids = [] if paper_ids is None else paper_ids
        self.data_source = data_source
        self.constraints = constraints
        self.users = users
        self.started = started
        self.shipped = shipped
        self.ended = ended
        self.writeup = writeup
        self.writeup_path = writeup_path
        self.writeup_changed = writeup_changed
        self.from_entry = from_entry

    KIND = Kind.BUILD

    @property
    def ref(self) -> Ref:
        return Ref(Kind.BUILD, self.id)

    def to_record(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "status": self.status.value,
            "paper_ids": list(self.paper_ids),
            "data_source": self.data_source,
            "constraints": self.constraints,
            "users": self.users,
            "added": to_text(self.added),
            "started": to_text(self.started),
            "shipped": to_text(self.shipped),
            "ended": to_text(self.ended),
            "writeup": self.writeup.value,
            "writeup_path": self.writeup_path,
            "writeup_changed": to_text(self.writeup_changed),
            "from_entry": self.from_entry,
        }

    @classmethod
    def from_record(cls, doc_id: int, r: dict[str, Any]) -> Build:
        # Slot by slot, with inline type tests, as Paper.from_record.
        try:
            get = r.get
            started, shipped, ended, changed = (
                get("started"),
                get("shipped"),
                get("ended"),
                get("writeup_changed"),
            )
            papers = get("paper_ids")
            build = _new(cls)
            build.id = doc_id
            build.title = title = get("title", "")
            build.added = _parse(r["added"])
            build.description = description = get("description", "")
            build.status = _BUILD_STATUSES[get("status", "idea")]
            build.paper_ids = papers or _NO_ITEMS  # the row's list, as a paper's
            build.data_source = data_source = get("data_source", "")
            build.constraints = constraints = get("constraints", "")
            build.users = users = get("users", "")
            build.started = None if started is None else _parse(started)
            build.shipped = None if shipped is None else _parse(shipped)
            build.ended = None if ended is None else _parse(ended)
            build.writeup = _WRITEUP_STATES[get("writeup", "none")]
            build.writeup_path = writeup_path = get("writeup_path", "")
            build.writeup_changed = None if changed is None else _parse(changed)
            build.from_entry = from_entry = get("from_entry")
            if (
                type(title + description + data_source + constraints + users + writeup_path) is not str
                or (from_entry is not None and (type(from_entry) is not int or not 0 < from_entry <= MAX_ID))
                or (papers is not None and (type(papers) is not list or not _ids(papers)))
                or build.added.year > MAX_YEAR
                or (started is not None and build.started.year > MAX_YEAR)
                or (shipped is not None and build.shipped.year > MAX_YEAR)
                or (ended is not None and build.ended.year > MAX_YEAR)
                or (changed is not None and build.writeup_changed.year > MAX_YEAR)
            ):  # fmt: skip
                raise invalid(Kind.BUILD, r)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise invalid(Kind.BUILD, r) from None
        return build


class Entry(_Record):
    """One line of the validation log: a failure, an insight, a question, a result, a note.

    `paper_id` and `build_id` say what it is about; `answers` the entry it follows up. The loops
    beyond those: `linked_papers` and `linked_builds` are what `dualtui link` tied to it (for a
    question, the papers read for it and the builds that test it; for an insight, the builds it is
    applied to), and `claim` the number of its paper's claim that a validated or refuted entry
    speaks to (1 is the first, as `show` lists them)."""

    __slots__ = ("answers", "at", "build_id", "claim", "id", "kind", "linked_builds", "linked_papers",
                 "paper_id", "text")  # fmt: skip
    id: int
    at: datetime
    kind: EntryKind
    text: str
    paper_id: int | None
    build_id: int | None
    answers: int | None
    linked_papers: tuple[int, ...]
    linked_builds: tuple[int, ...]
    claim: int | None

    def __init__(
        self,
        id: int,
        at: datetime,
        kind: EntryKind,
        text: str,
        paper_id: int | None = None,
        build_id: int | None = None,
        answers: int | None = None,
        linked_papers: tuple[int, ...] = (),
        linked_builds: tuple[int, ...] = (),
        claim: int | None = None,
    ) -> None:
        self.id = id
        self.at = at
        self.kind = kind
        self.text = text
        self.paper_id = paper_id
        self.build_id = build_id
        self.answers = answers
        self.linked_papers = tuple(linked_papers)
        self.linked_builds = tuple(linked_builds)
        self.claim = claim

    KIND = Kind.ENTRY

    @property
    def ref(self) -> Ref:
        return Ref(Kind.ENTRY, self.id)

    def to_record(self) -> dict[str, Any]:
        return {
            "at": to_text(self.at),
            "kind": self.kind.value,
            "text": self.text,
            "paper_id": self.paper_id,
            "build_id": self.build_id,
            "answers": self.answers,
            "linked_papers": list(self.linked_papers),
            "linked_builds": list(self.linked_builds),
            "claim": self.claim,
        }

    @classmethod
    def from_record(cls, doc_id: int, r: dict[str, Any]) -> Entry:
        # Slot by slot, with inline type tests, as Paper.from_record: most of a journal is entries.
        # The links are tuples, so the empty ones (nearly all) share one, and none is a list the raw
        # data also holds.
        try:
            get = r.get
            entry = _new(cls)
            entry.id = doc_id
            entry.at = at = _parse(r["at"])
            entry.kind = _ENTRY_KINDS[r["kind"]]
            entry.text = text = get("text", "")
            entry.paper_id = paper_id = get("paper_id")
            entry.build_id = build_id = get("build_id")
            entry.answers = answers = get("answers")
            papers, builds = get("linked_papers"), get("linked_builds")
            entry.linked_papers = tuple(papers) if papers else ()
            entry.linked_builds = tuple(builds) if builds else ()
            entry.claim = claim = get("claim")
            if (
                type(text) is not str or at.year > MAX_YEAR
                or (paper_id is not None and (type(paper_id) is not int or not 0 < paper_id <= MAX_ID))
                or (build_id is not None and (type(build_id) is not int or not 0 < build_id <= MAX_ID))
                or (answers is not None and (type(answers) is not int or not 0 < answers <= MAX_ID))
                or (claim is not None and (type(claim) is not int or not 0 < claim <= MAX_ID))
                or (papers is not None and (type(papers) is not list or not _ids(papers)))
                or (builds is not None and (type(builds) is not list or not _ids(builds)))
            ):  # fmt: skip
                raise invalid(Kind.ENTRY, r)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise invalid(Kind.ENTRY, r) from None
        return entry


class Snooze(_Record):
    """A suggestion put aside: until a day, or for good (`until` is None: dismissed)."""

    __slots__ = ("at", "id", "rule", "target", "until")
    id: int
    rule: str
    target: str
    at: datetime
    until: date | None

    def __init__(self, id: int, rule: str, target: str, at: datetime, until: date | None = None) -> None:
        self.id = id
        self.rule = rule
        self.target = target
        self.at = at
        self.until = until

    KIND = Kind.SNOOZE

    @property
    def ref(self) -> Ref:
        return Ref(Kind.SNOOZE, self.id)

    def active_on(self, day: date) -> bool:
        return self.until is None or day < self.until

    def to_record(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "target": self.target,
            "at": to_text(self.at),
            "until": to_text(self.until),
        }

    @classmethod
    def from_record(cls, doc_id: int, r: dict[str, Any]) -> Snooze:
        if problem_in(Kind.SNOOZE, r) is not None:
            raise invalid(Kind.SNOOZE, r)
        return cls(
            id=doc_id,
            rule=r.get("rule", ""),
            target=r.get("target", ""),
            at=datetime.fromisoformat(r["at"]),
            until=date_from_text(r.get("until")),
        )


Record = Phase | Paper | Build | Entry | Snooze
RECORD_TYPES: dict[Kind, type[Phase] | type[Paper] | type[Build] | type[Entry] | type[Snooze]] = {
    Kind.PHASE: Phase,
    Kind.PAPER: Paper,
    Kind.BUILD: Build,
    Kind.ENTRY: Entry,
    Kind.SNOOZE: Snooze,
}

_parse = datetime.fromisoformat
_new = object.__new__
# The one empty list of every record built from a row without that list (most papers have no
# claims, editors or whole names): 56 bytes a field a record otherwise, three of five a paper.
# Records are never changed, so neither is it (the tests' conftest holds it empty after each test).
_NO_ITEMS: list[Any] = []


def _ids(values: list[Any]) -> bool:
    # Whole numbers only (not a bool, not a float), in range: C-speed tests, no loop in Python.
    return not values or (set(map(type, values)) == _INT_ONLY and min(values) > 0 and max(values) <= MAX_ID)


_INT_ONLY = {int}

# Plain dict look-ups: several times faster than calling the enum at 100,000 records.
_PHASE_KINDS = {member.value: member for member in PhaseKind}
_PAPER_STATUSES = {member.value: member for member in PaperStatus}
_BUILD_STATUSES = {member.value: member for member in BuildStatus}
_WRITEUP_STATES = {member.value: member for member in WriteupState}
_ENTRY_KINDS = {member.value: member for member in EntryKind}
