"""The journal's use cases: what the command line and the app do to it, each one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from dualtui.domain import (
    Build,
    BuildStatus,
    Entry,
    EntryKind,
    Kind,
    Paper,
    PaperStatus,
    Phase,
    PhaseKind,
    Record,
    Ref,
    Snapshot,
    UserError,
    parse_ref,
)
from dualtui.domain.dates import add_length, check_length
from dualtui.domain.errors import NeedsConfirmation
from dualtui.domain.lifecycle import MOVE_MEANINGS, allowed_moves, move_build, move_paper, next_status
from dualtui.domain.model import PRIORITY_NAMES
from dualtui.domain.phases import balance
from dualtui.domain.pointers import LINK_FIELDS, POINTERS, pointed_numbers
from dualtui.domain.text import a_or_an, did_you_mean, one_line, one_of, plural
from dualtui.domain.text_lists import join_items
from dualtui.store import Change, Journal, NotUndoable, Transaction, Undoing
from dualtui.store.journal import Stamp

from .clock import Clock
from .config import Config
from .duplicates import KnownPapers


class NotFound(UserError):
    pass


class FutureDate(UserError):
    pass


class PhaseOpen(UserError):
    """A phase started while one is open, with no review of the open one."""

    def __init__(self, phase: Phase) -> None:
        super().__init__(
            f"{phase.ref}, the {phase.kind.value} phase open since {phase.started:%Y-%m-%d}, has no review: "
            "give its review to end it as the new phase starts."
        )
        self.phase = phase


class DuplicatePaper(NeedsConfirmation):
    """A paper added by hand that the journal holds already: refused, naming it, unless meant."""

    def __init__(self, found: tuple[Paper, str]) -> None:
        paper, why = found
        super().__init__(
            f"{paper.ref} {quoted(paper.title)} is already in the journal ({why})", flag="duplicate"
        )
        self.existing = paper.ref


class EditConflict(UserError):
    """A field someone else changed since the editor read it: not overwritten, said in a sentence."""

    def __init__(self, ref: Ref, field: str, current: Any) -> None:
        shown = join_items(current) if isinstance(current, list) else "" if current is None else current
        super().__init__(
            f"{ref}'s {field.replace('_', ' ')} was changed elsewhere while this was open (it is now "
            f"“{shown}”); yours is kept here: save again to put it in place of that."
        )
        self.field = field
        self.current = current


class JournalService:
    def __init__(self, journal: Journal, config: Config, clock: Clock) -> None:
        self.journal = journal
        self.config = config
        self.clock = clock
        self._papers = KnownPapers()

    def _happened(self, when: datetime | None) -> datetime:
        """When something happened: now, or a day the user gives, which cannot be after today (a
        record dated ahead would count in every figure as done)."""
        if when is None:
            return self.clock.now()
        today = self.clock.today()
        if when.date() > today:
            raise FutureDate(
                f"{when:%Y-%m-%d} is after today ({today}): a record says when something happened, so "
                "its date cannot be in the future; only a plan can (a phase's planned end, set by its "
                "length)."
            )
        return when

    # Reading

    def snapshot(self) -> Snapshot:
        return self.journal.snapshot()

    def refresh(self) -> bool:
        return self.journal.refresh()

    def stamp(self) -> Stamp | None:
        """The identity of the journal file the snapshot was read from or written as (what is kept
        of its suggestions is filed under it)."""
        return self.journal.stamp()

    def prepare_writes(self) -> None:
        """What the first write would otherwise wait for: the write path's imports, and the papers
        indexed for the duplicate check of the first paper added (50 ms at 20,000 papers)."""
        self.journal.prepare_writes()
        self._papers.index(self.snapshot())

    def get(self, ref: Ref | str, implied: Kind | None = None) -> Record:
        ref = _as_ref(ref, implied)
        record = self.snapshot().get(ref)
        if record is None:
            raise NotFound(f"There is no {ref.kind.value} {ref}.")
        return record

    # Papers and builds

    def add_paper(
        self,
        title: str,
        *,
        authors: Iterable[str] = (),
        year: int | None = None,
        venue: str = "",
        doi: str = "",
        arxiv: str = "",
        url: str = "",
        tags: Iterable[str] = (),
        status: str = PaperStatus.QUEUED,
        priority: int | str = 0,
        notes: str = "",
        claims: Iterable[str] = (),
        for_question: Ref | str | None = None,
        for_build: Ref | str | None = None,
        duplicate: bool = False,
        when: datetime | None = None,
    ) -> Paper:
        """Add a paper to the reading queue; `for_question`: it is read for that question, and
        `for_build`: the build (stuck, say) builds on it, each linked in the same transaction. A paper
        the journal holds already (the same DOI, arXiv id, or title) is refused with its id, unless
        `duplicate` says it is meant."""
        moment = self._happened(when)
        paper = Paper(
            id=0,
            title=_required_title(title),
            added=moment,
            authors=[a.strip() for a in authors if a.strip()],
            year=year,
            venue=venue.strip(),
            doi=doi.strip(),
            arxiv=arxiv.strip(),
            url=url.strip(),
            tags=_clean_tags(tags),
            priority=parse_priority(priority),
            notes=notes,
            claims=[c.strip() for c in claims if c.strip()],
        )
        target = choice(PaperStatus, status, "paper status")
        if target is not PaperStatus.QUEUED:
            paper = move_paper(paper, target, moment)
        question = None if for_question is None else _as_ref(for_question, Kind.ENTRY)
        build_ref = None if for_build is None else _as_ref(for_build, Kind.BUILD)
        with self.journal.transaction() as tx:
            if question is not None:
                entry = _existing(tx.snapshot, question)
                assert isinstance(entry, Entry)
                _linkable(entry, Kind.PAPER)
            if build_ref is not None:
                build = _existing(tx.snapshot, build_ref)
                assert isinstance(build, Build)
            if not duplicate:
                found = self._papers.duplicate_of(tx, paper)
                if found is not None:
                    raise DuplicatePaper(found)
            paper = tx.insert(paper)
            if question is not None:
                tx.update(entry.replace(linked_papers=(*entry.linked_papers, paper.id)))
            if build_ref is not None:
                tx.update(build.replace(paper_ids=[*build.paper_ids, paper.id]))
            linked = " and ".join(str(ref) for ref in (question, build_ref) if ref is not None)
            tx.summary = f"added {paper.ref} {quoted(paper.title)}" + (f" for {linked}" if linked else "")
        return paper

    def add_build(
        self,
        title: str,
        *,
        paper_ids: Iterable[int] = (),
        description: str = "",
        status: str = BuildStatus.IDEA,
        data_source: str = "",
        constraints: str = "",
        users: str = "",
        from_entry: int | None = None,
        when: datetime | None = None,
    ) -> Build:
        moment = self._happened(when)
        build = Build(
            id=0,
            title=_required_title(title),
            added=moment,
            description=description,
            paper_ids=list(dict.fromkeys(paper_ids)),
            data_source=data_source.strip(),
            constraints=constraints.strip(),
            users=users.strip(),
            from_entry=from_entry,
        )
        target = choice(BuildStatus, status, "build status")
        if target is not BuildStatus.IDEA:
            build = move_build(build, target, moment)
        with self.journal.transaction() as tx:
            for number in build.paper_ids:
                _existing(tx.snapshot, Ref(Kind.PAPER, number))
            if from_entry is not None:
                _existing(tx.snapshot, Ref(Kind.ENTRY, from_entry))
            build = tx.insert(build)
            tx.summary = f"added {build.ref} {quoted(build.title)}"
        return build

    def build_from_paper(self, paper: Ref | str, *, title: str = "", **fields: Any) -> Build:
        """A build pre-linked to the paper it puts into production."""
        source = self.get(paper, Kind.PAPER)
        assert isinstance(source, Paper)
        return self.add_build(title.strip() or source.title, paper_ids=[source.id], **fields)

    def build_from_insight(self, insight: Ref | str, *, title: str = "", **fields: Any) -> Build:
        """A build (or improvement) that applies an insight; it closes the insight's loop."""
        entry = self.get(insight, Kind.ENTRY)
        assert isinstance(entry, Entry)
        papers = [entry.paper_id] if entry.paper_id is not None else []
        return self.add_build(title.strip() or entry.text, paper_ids=papers, from_entry=entry.id, **fields)

    def link(self, first: Ref | str, second: Ref | str) -> Build | Entry:
        """Tie two records together, in either order: a build to a paper it builds on (b3 p5); a
        paper read for a question or a build that tests it to the question (e12 p5, e12 b3); an
        insight to a build it is applied to (e7 b3). Returns the record that holds the link."""
        holder_ref, other = _link_ends(first, second, "linked")
        with self.journal.transaction() as tx:
            holder = _existing(tx.snapshot, holder_ref)
            _existing(tx.snapshot, other)
            if isinstance(holder, Entry):
                _linkable(holder, other.kind)
            field_name, linked = _link_field(holder, other.kind)
            if other.number in linked:
                raise UserError(f"{holder_ref} is already linked to {other}.")
            changed = holder.replace(**{field_name: type(linked)((*linked, other.number))})
            tx.update(changed)
            tx.summary = f"linked {holder_ref} to {other}"
        return changed

    def unlink(self, first: Ref | str, second: Ref | str) -> Build | Entry:
        """Undo a link `link` made, in either order (b3 p5, e12 p5, e12 b3, e7 b3). Returns the
        record that held the link."""
        holder_ref, other = _link_ends(first, second, "unlinked")
        with self.journal.transaction() as tx:
            holder = _existing(tx.snapshot, holder_ref)
            field_name, linked = _link_field(holder, other.kind)
            if other.number not in linked:
                has = ", ".join(str(Ref(other.kind, n)) for n in linked)
                kinds = f"{other.kind.value}s"
                now = f"the {kinds} linked to it are {has}" if has else f"no {kinds} are linked to it"
                raise UserError(f"{holder_ref} is not linked to {other}: {now}.")
            changed = holder.replace(**{field_name: type(linked)(n for n in linked if n != other.number)})
            tx.update(changed)
            tx.summary = f"unlinked {holder_ref} from {other}"
        return changed

    def edit(self, ref: Ref | str, *, expected: dict[str, Any] | None = None, **fields: Any) -> Record:
        """Change the given fields of a record; unknown fields and empty titles are refused.

        `expected`: the value of each field as the editor read it. A field that holds something else
        now (another process changed it) is not overwritten: EditConflict names it."""
        with self.journal.transaction() as tx:
            current = _existing(tx.snapshot, _as_ref(ref))
            allowed = EDITABLE[current.KIND]
            for name in fields:
                if name not in allowed:
                    raise UserError(_not_editable(current.KIND, name))
            values = dict(fields)
            if "title" in values:
                values["title"] = _required_title(values["title"])
            if "text" in values and not str(values["text"]).strip():
                raise UserError("An entry needs some text.")
            if "tags" in values:
                values["tags"] = _clean_tags(values["tags"])
            if "priority" in values:
                values["priority"] = parse_priority(values["priority"])
            if current.KIND is Kind.ENTRY and "kind" in values:
                values["kind"] = choice(EntryKind, values["kind"], "log kind")
            for name, kind in _LINK_FIELDS.items():
                if values.get(name) is not None:
                    _existing(tx.snapshot, Ref(kind, int(values[name])))
            for name, kind in _LINK_LISTS.items():
                if name in values:
                    values[name] = _linked_numbers(tx.snapshot, current, name, kind, values)
            for name, seen in (expected or {}).items():
                now = getattr(current, name)
                if name in values and now != seen and now != values[name]:
                    raise EditConflict(current.ref, name, now)
            changed = current.replace(**values)
            if isinstance(changed, Entry):
                _check_claim(tx.snapshot, changed)
            tx.update(changed)
            edited = [
                _edited(name, getattr(current, name), getattr(changed, name))
                for name in values
                if getattr(current, name) != getattr(changed, name)
            ]
            tx.summary = f"edited {current.ref}: " + (", ".join(edited) or "nothing changed")
        return changed

    def set_status(self, ref: Ref | str, status: str, when: datetime | None = None) -> Paper | Build:
        moment = self._happened(when)
        with self.journal.transaction() as tx:
            current = _existing(tx.snapshot, _as_ref(ref))
            changed: Paper | Build
            if isinstance(current, Paper):
                changed = move_paper(current, choice(PaperStatus, status, "paper status"), moment)
            elif isinstance(current, Build):
                changed = move_build(current, choice(BuildStatus, status, "build status"), moment)
            else:
                raise UserError(f"{current.ref} has no status: only papers and builds do.")
            tx.update(changed)
            tx.summary = f"{current.ref} {current.status.value} → {changed.status.value}"
        return changed

    def moves(self, ref: Ref | str) -> list[tuple[str, str]]:
        """The statuses a paper or build may move to now, each with what the move means, the usual
        next one first: the one definition `status`, `advance` and the app's choice all go through."""
        current = self.get(ref)
        if not isinstance(current, Paper | Build):
            raise UserError(f"{current.ref} has no status: only papers and builds do.")
        return [(to.value, MOVE_MEANINGS[current.status, to]) for to in allowed_moves(current)]

    def advance(self, ref: Ref | str, when: datetime | None = None) -> Paper | Build:
        current = self.get(ref)
        if not isinstance(current, Paper | Build):
            raise UserError(f"{current.ref} has no status to advance: only papers and builds do.")
        return self.set_status(current.ref, next_status(current).value, when)

    # The validation log

    def log(
        self,
        kind: str,
        text: str,
        *,
        paper_id: int | None = None,
        build_id: int | None = None,
        answers: int | None = None,
        claim: int | None = None,
        when: datetime | None = None,
    ) -> Entry:
        """Log an entry; `claim`: the number of its paper's claim that a validated or refuted entry
        speaks to (1 is the first, as `show` lists them)."""
        if not text.strip():
            raise UserError("An entry needs some text.")
        entry = Entry(
            id=0,
            at=self._happened(when),
            kind=choice(EntryKind, kind, "log kind"),
            text=text.strip(),
            paper_id=paper_id,
            build_id=build_id,
            answers=answers,
            claim=claim,
        )
        with self.journal.transaction() as tx:
            for kind_, number in ((Kind.PAPER, paper_id), (Kind.BUILD, build_id), (Kind.ENTRY, answers)):
                if number is not None:
                    _existing(tx.snapshot, Ref(kind_, number))
            _check_claim(tx.snapshot, entry)
            entry = tx.insert(entry)
            tx.summary = f"logged {entry.ref} {entry.kind.value} {quoted(entry.text)}"
        return entry

    def question_from(self, failure: Ref | str, text: str, when: datetime | None = None) -> Entry:
        """Turn a production failure into a research question that answers it."""
        source = self.get(failure, Kind.ENTRY)
        assert isinstance(source, Entry)
        return self.log(
            EntryKind.QUESTION,
            text,
            paper_id=source.paper_id,
            build_id=source.build_id,
            answers=source.id,
            when=when,
        )

    # Phases

    def start_phase(
        self,
        kind: str,
        *,
        goal: str = "",
        length: str | None = None,
        review: str | None = None,
        when: datetime | None = None,
    ) -> Phase:
        """Open a phase; the open one, if any, ends now with the review given and a summary of what it
        produced, in the same transaction. With a phase open and no review (None; an empty text is a
        review the user chose to leave empty), PhaseOpen refuses: a phase never ends unreviewed by
        accident."""
        moment = self._happened(when)
        phase_kind = choice(PhaseKind, kind, "phase kind")
        span = check_length(length or self.config.phase_length)
        phase = Phase(
            id=0,
            kind=phase_kind,
            goal=goal.strip(),
            started=moment,
            planned_end=add_length(moment.date(), span),
        )
        with self.journal.transaction() as tx:
            current = tx.snapshot.current_phase()
            if current is not None:
                if review is None:
                    raise PhaseOpen(current)
                if moment < current.started:
                    raise UserError(f"The new phase cannot start before the open one ({current.ref}) began.")
                tx.update(_closed(tx.snapshot, current, moment, review))
                released = _release_snoozes_until_end(tx, current)
            phase = tx.insert(phase)
            ended = f" (ended {current.ref}{released})" if current is not None else ""
            tx.summary = f"started {phase.ref}, a {phase.kind.value} phase{ended}"
        return phase

    def end_phase(self, *, review: str = "", when: datetime | None = None) -> Phase:
        moment = self._happened(when)
        with self.journal.transaction() as tx:
            current = tx.snapshot.current_phase()
            if current is None:
                raise UserError("No phase is open, so there is none to end.")
            ended = _closed(tx.snapshot, current, moment, review)
            tx.update(ended)
            released = _release_snoozes_until_end(tx, current)
            tx.summary = f"ended {ended.ref}, a {ended.kind.value} phase{released}"
        return ended

    # Delete, and the change history: undo, redo

    def delete(self, ref: Ref | str) -> Record:
        """Delete a record and unlink what pointed at it; `undo` puts both back."""
        target = _as_ref(ref)
        with self.journal.transaction() as tx:
            record = _existing(tx.snapshot, target)
            unlinked = _unlink_everything_pointing_at(tx, target)
            tx.delete(target.kind, target.number)
            title = title_of(record)
            named = f" {quoted(title)}" if title else ""
            links = f" and {plural(unlinked, 'link')} to it" if unlinked else ""
            tx.summary = f"deleted {target}{named}{links}"
        return record

    def history(self) -> list[Change]:
        """The kept changes, newest first (undone ones included: redo puts them back; and those a
        merge brought in from another copy, in the order they were made there)."""
        changes = self.journal.changes()
        return sorted(changes, key=lambda c: c.at.timestamp() if c.at else float("-inf"))[::-1]

    def undo(self) -> Change:
        """Take back the newest change: the one this process last saw as the newest, even if another
        process has made one since (unless that one changed the same records: then it is refused)."""
        seen = self.journal.newest_change()
        with self.journal.transaction() as tx:
            undoing = tx.undo(seen)
            _check_links(tx, undoing, "undo")
        return undoing.change

    def redo(self) -> Change:
        """Put back the change undone last."""
        seen = self.journal.newest_change(undone=True)
        with self.journal.transaction() as tx:
            redoing = tx.redo(seen)
            _check_links(tx, redoing, "redo")
        return redoing.change


# The fields `edit` changes, by record kind, in the order `dualtui edit --help` lists them;
# everything else changes through its own use case.
EDITABLE: dict[Kind, tuple[str, ...]] = {
    Kind.PAPER: (
        "title", "authors", "year", "venue", "doi", "arxiv", "url", "tags", "priority", "notes", "claims",
    ),
    Kind.BUILD: ("title", "description", "data_source", "constraints", "users", "paper_ids"),
    Kind.ENTRY: (
        "text", "kind", "paper_id", "build_id", "answers", "claim", "linked_papers", "linked_builds",
    ),
    Kind.PHASE: ("goal", "review"),
    Kind.SNOOZE: (),
}  # fmt: skip

_LINK_FIELDS = {"paper_id": Kind.PAPER, "build_id": Kind.BUILD, "answers": Kind.ENTRY}
# The links `link` and `unlink` make, as whole lists an edit sets (the app's forms edit them so).
_LINK_LISTS = {"paper_ids": Kind.PAPER, "linked_papers": Kind.PAPER, "linked_builds": Kind.BUILD}


def _linked_numbers(
    snapshot: Snapshot, current: Record, name: str, kind: Kind, values: dict[str, Any]
) -> Any:
    """An edited list of links, each to a record that exists, once each, in the order given; an
    entry's only where `link` would make it (a question's papers and builds, an insight's builds)."""
    numbers = list(dict.fromkeys(int(n) for n in values[name]))
    for number in numbers:
        _existing(snapshot, Ref(kind, number))
    if isinstance(current, Entry) and numbers and numbers != list(getattr(current, name)):
        _linkable(current.replace(kind=values.get("kind", current.kind)), kind)  # its kind after the edit
    return numbers if isinstance(current, Build) else tuple(numbers)


def _edited(name: str, before: Any, after: Any) -> str:
    """One edited field as the history says it: its name, and for a list of links what came and went
    (papers +p5 −p1)."""
    kind = _LINK_LISTS.get(name)
    if kind is None:
        return name
    gone = [str(Ref(kind, n)) for n in before if n not in after]
    came = [str(Ref(kind, n)) for n in after if n not in before]
    label = {"paper_ids": "papers", "linked_papers": "linked papers", "linked_builds": "linked builds"}[name]
    return " ".join([label, *(f"+{ref}" for ref in came), *(f"−{ref}" for ref in gone)])


# Which of two records to link holds the link: an entry, else a build.
_LINK_ORDER = {Kind.ENTRY: 0, Kind.BUILD: 1, Kind.PAPER: 2}
_LINKABLE = ((Kind.BUILD, Kind.PAPER), (Kind.ENTRY, Kind.PAPER), (Kind.ENTRY, Kind.BUILD))


def _link_ends(first: Ref | str, second: Ref | str, verb: str) -> tuple[Ref, Ref]:
    """The record that holds a link between the two, and the one it points at; refused, naming the
    links there are, when no link joins such records."""
    holder, other = sorted((_as_ref(first), _as_ref(second)), key=lambda ref: _LINK_ORDER.get(ref.kind, 9))
    if (holder.kind, other.kind) not in _LINKABLE:
        raise UserError(
            f"{first} and {second} cannot be {verb}: link a build to a paper (b3 p5), a question to "
            "the paper or build that addresses it (e12 p5, e12 b3), or an insight to a build (e7 b3)."
        )
    return holder, other


def _link_field(holder: Record, kind: Kind) -> tuple[str, Any]:
    """The field of `holder` that holds its links to records of `kind`, and its value."""
    if isinstance(holder, Build):
        return "paper_ids", holder.paper_ids
    field_name = "linked_papers" if kind is Kind.PAPER else "linked_builds"
    return field_name, getattr(holder, field_name)


def _unlink_everything_pointing_at(tx: Transaction, target: Ref) -> int:
    """Unlink every record that points at `target`; returns how many links it removed."""
    unlinked = 0
    for holder_kind, field_name in POINTERS.get(target.kind, []):
        for holder in tx.snapshot.table(holder_kind).values():
            value = getattr(holder, field_name)
            if isinstance(value, list | tuple):
                if target.number in value:
                    kept = type(value)(v for v in value if v != target.number)
                    tx.update(holder.replace(**{field_name: kept}))
                    unlinked += 1
            elif value == target.number:
                tx.update(holder.replace(**{field_name: None}))
                unlinked += 1
    return unlinked


def _check_links(tx: Transaction, flipping: Undoing, verb: str) -> None:
    """Refuse an undo or redo that would leave a link to a record it removes, or write a link to a
    record that is gone: a later change built on what it takes back."""
    leaves = {ref: record for ref, record in flipping.records}

    def now(ref: Ref) -> Record | None:
        return leaves[ref] if ref in leaves else tx.snapshot.get(ref)

    removed: dict[Kind, set[int]] = {}
    for ref, record in flipping.records:
        if record is None:
            removed.setdefault(ref.kind, set()).add(ref.number)
    for target_kind, numbers in removed.items():
        for holder_kind, field_name in POINTERS.get(target_kind, []):
            holders = {**tx.snapshot.table(holder_kind), **_written(flipping, holder_kind)}
            for number in holders:
                holder = now(Ref(holder_kind, number))
                for pointed in _pointed(holder, field_name) & numbers:
                    target = Ref(target_kind, pointed)
                    raise NotUndoable(
                        _refusal(tx, flipping, verb, holder.ref, f"links {holder.ref} to {target} since")
                    )
    for ref, record in flipping.records:
        if record is None:
            continue
        for field_name, target_kind in LINK_FIELDS[ref.kind]:
            for pointed in sorted(_pointed(record, field_name)):
                target = Ref(target_kind, pointed)
                if now(target) is None:
                    raise NotUndoable(
                        _refusal(tx, flipping, verb, target, f"removed {target}, which {ref} links to")
                    )


def _written(flipping: Undoing, kind: Kind) -> dict[int, Record]:
    return {ref.number: record for ref, record in flipping.records if ref.kind is kind and record is not None}


def _pointed(holder: Record | None, field_name: str) -> set[int]:
    return set() if holder is None else set(pointed_numbers(getattr(holder, field_name)))


def _refusal(tx: Transaction, flipping: Undoing, verb: str, moved: Ref, what_it_did: str) -> str:
    """The sentence refusing an undo or redo: what it was, and the change since that moved `moved`."""
    since = tx.last_change_touching(moved, besides=flipping.change.uid)
    by = since.label() if since is not None else "a change outside the change history"
    return (
        f"Cannot {verb} {flipping.change.label()}: {by} {what_it_did}. Undo that first; nothing was changed."
    )


def quoted(text: str, width: int = 48) -> str:
    """User text in a summary: one line with control characters made harmless, cut to `width`, in
    quotes."""
    line = " ".join(one_line(str(text)).split())
    return f"“{line[: width - 1]}…”" if len(line) > width else f"“{line}”"


def title_of(record: Record) -> str:
    """What a person calls a record: its title, an entry's text, a phase's goal."""
    return str(getattr(record, "title", None) or getattr(record, "text", None) or getattr(record, "goal", ""))


def _release_snoozes_until_end(tx: Transaction, phase: Phase) -> str:
    """A suggestion snoozed "until the phase ends" (until its planned end, while it was open) comes
    back when it ends, early or not: those snoozes go in the transaction that ends it, so an undo of
    the ending puts them back. Returns what to add to the summary."""
    released = [
        snooze
        for snooze in tx.snapshot.snoozes.values()
        if snooze.until == phase.planned_end and snooze.at >= phase.started
    ]
    for snooze in released:
        tx.delete(Kind.SNOOZE, snooze.id)
    return f"; brought back {plural(released, 'suggestion')} snoozed until it ended" if released else ""


def _closed(snapshot: Snapshot, phase: Phase, moment: datetime, review: str) -> Phase:
    ended = phase.replace(ended=moment, review=review.strip())
    return ended.replace(summary=balance(snapshot, ended).as_dict())


def _linkable(entry: Entry, kind: Kind) -> None:
    """Refuse a link that closes no loop: only a question is addressed (by a paper or a build), and
    only an insight applied (to a build)."""
    if entry.kind is EntryKind.QUESTION:
        return
    if entry.kind is EntryKind.INSIGHT:
        if kind is Kind.BUILD:
            return
        raise UserError(
            f"{entry.ref} is an insight: link it to the build it is applied to (e.g. {entry.ref} b3); "
            "a paper is linked to a question it addresses."
        )
    raise UserError(
        f"{entry.ref} is a {entry.kind.value}: only a question (addressed by a paper or a build) or an "
        "insight (applied to a build) is linked; a failure becomes a question first "
        f'(dualtui log question "..." --answers {entry.ref}).'
    )


def _check_claim(snapshot: Snapshot, entry: Entry) -> None:
    """A claim number names one of the entry's paper's claims, on a validated or refuted entry."""
    if entry.claim is None:
        return
    if entry.kind not in (EntryKind.VALIDATED, EntryKind.REFUTED):
        raise UserError(
            f"A claim is tested by a validated or refuted entry, not a {entry.kind.value}: "
            "log it as validated or refuted."
        )
    paper = snapshot.papers.get(entry.paper_id) if entry.paper_id is not None else None
    if paper is None:
        raise UserError("A claim belongs to a paper: say which with --paper (e.g. --paper p3 --claim 2).")
    if (
        not isinstance(entry.claim, int)
        or isinstance(entry.claim, bool)
        or not 1 <= entry.claim <= len(paper.claims)
    ):
        count = len(paper.claims)
        listed = f"claims 1 to {count}" if count > 1 else "only claim 1" if count else "no claims yet"
        raise UserError(
            f"{paper.ref} has no claim {entry.claim}: it has {listed} "
            f"(`dualtui show {paper.ref}` lists them)."
        )


def _as_ref(ref: Ref | str, implied: Kind | None = None) -> Ref:
    if isinstance(ref, Ref):
        if implied is not None and ref.kind is not implied:
            raise UserError(f"{ref} is a {ref.kind.value}, but a {implied.value} is needed here.")
        return ref
    return parse_ref(ref, implied)


def _existing(snapshot: Snapshot, ref: Ref) -> Record:
    record = snapshot.get(ref)
    if record is None:
        raise NotFound(f"There is no {ref.kind.value} {ref}.")
    return record


def _required_title(title: str) -> str:
    cleaned = " ".join(str(title).split())
    if not cleaned:
        raise UserError("A title cannot be empty.")
    return cleaned


def _clean_tags(tags: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t.strip().lstrip("#") for t in tags if t.strip().lstrip("#")))


def _not_editable(kind: Kind, name: str) -> str:
    what = a_or_an(kind.value).capitalize()
    fields = EDITABLE[kind]
    if not fields:
        return f"{what} has no field to edit; nothing was changed."
    near = did_you_mean(name, fields)
    return f"{what} has no editable field “{name}”{near}: its fields are {', '.join(fields)}."


def choice(enum: Any, value: str, what: str) -> Any:
    """The member of `enum` that `value` names (any case), else a sentence listing them all."""
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        names = [member.value for member in enum]
        raise UserError(
            f"“{value}” is not {a_or_an(what)}: use {one_of(names)}{did_you_mean(str(value), names)}."
        ) from None


def parse_priority(value: int | str) -> int:
    names = {name: number for number, name in PRIORITY_NAMES.items()}
    text = str(value).strip().lower()
    if text in names:
        return names[text]
    if text.isdigit() and int(text) in PRIORITY_NAMES:
        return int(text)
    raise UserError(f"“{value}” is not a priority: use none, low, medium or high (or 0–3).")
