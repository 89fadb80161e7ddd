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
from dualtui.domain.lifecycle import move_build, move_paper, next_status
from dualtui.domain.model import PRIORITY_NAMES, RECORD_TYPES
from dualtui.domain.phases import balance
from dualtui.store import Journal, Transaction

from .clock import Clock
from .config import Config

TRASH_KEPT = 20


class NotFound(UserError):
    pass


class JournalService:
    def __init__(self, journal: Journal, config: Config, clock: Clock) -> None:
        self.journal = journal
        self.config = config
        self.clock = clock

    # Reading

    def snapshot(self) -> Snapshot:
        return self.journal.snapshot()

    def refresh(self) -> bool:
        return self.journal.refresh()

    def prepare_writes(self) -> None:
        self.journal.prepare_writes()

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
        when: datetime | None = None,
    ) -> Paper:
        moment = when or self.clock.now()
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
        target = _choice(PaperStatus, status, "paper status")
        if target is not PaperStatus.QUEUED:
            paper = move_paper(paper, target, moment)
        with self.journal.transaction() as tx:
            return tx.insert(paper)

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
        moment = when or self.clock.now()
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
        target = _choice(BuildStatus, status, "build status")
        if target is not BuildStatus.IDEA:
            build = move_build(build, target, moment)
        with self.journal.transaction() as tx:
            for number in build.paper_ids:
                _existing(tx.snapshot, Ref(Kind.PAPER, number))
            if from_entry is not None:
                _existing(tx.snapshot, Ref(Kind.ENTRY, from_entry))
            return tx.insert(build)

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

    def link(self, build: Ref | str, paper: Ref | str) -> Build:
        build_ref, paper_ref = _as_ref(build, Kind.BUILD), _as_ref(paper, Kind.PAPER)
        with self.journal.transaction() as tx:
            current = _existing(tx.snapshot, build_ref)
            _existing(tx.snapshot, paper_ref)
            assert isinstance(current, Build)
            if paper_ref.number in current.paper_ids:
                raise UserError(f"{build_ref} is already linked to {paper_ref}.")
            changed = current.replace(paper_ids=[*current.paper_ids, paper_ref.number])
            tx.update(changed)
        return changed

    def edit(self, ref: Ref | str, **fields: Any) -> Record:
        """Change the given fields of a record; unknown fields and empty titles are refused."""
        with self.journal.transaction() as tx:
            current = _existing(tx.snapshot, _as_ref(ref))
            allowed = _EDITABLE[current.KIND]
            for name in fields:
                if name not in allowed:
                    raise UserError(f"A {current.KIND.value} has no editable field “{name}”.")
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
                values["kind"] = _choice(EntryKind, values["kind"], "log kind")
            for name, kind in _LINK_FIELDS.items():
                if values.get(name) is not None:
                    _existing(tx.snapshot, Ref(kind, int(values[name])))
            changed = current.replace(**values)
            tx.update(changed)
        return changed

    def set_status(self, ref: Ref | str, status: str, when: datetime | None = None) -> Paper | Build:
        moment = when or self.clock.now()
        with self.journal.transaction() as tx:
            current = _existing(tx.snapshot, _as_ref(ref))
            changed: Paper | Build
            if isinstance(current, Paper):
                changed = move_paper(current, _choice(PaperStatus, status, "paper status"), moment)
            elif isinstance(current, Build):
                changed = move_build(current, _choice(BuildStatus, status, "build status"), moment)
            else:
                raise UserError(f"{current.ref} has no status: only papers and builds do.")
            tx.update(changed)
        return changed

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
        when: datetime | None = None,
    ) -> Entry:
        if not text.strip():
            raise UserError("An entry needs some text.")
        entry = Entry(
            id=0,
            at=when or self.clock.now(),
            kind=_choice(EntryKind, kind, "log kind"),
            text=text.strip(),
            paper_id=paper_id,
            build_id=build_id,
            answers=answers,
        )
        with self.journal.transaction() as tx:
            for kind_, number in ((Kind.PAPER, paper_id), (Kind.BUILD, build_id), (Kind.ENTRY, answers)):
                if number is not None:
                    _existing(tx.snapshot, Ref(kind_, number))
            return tx.insert(entry)

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
        review: str = "",
        when: datetime | None = None,
    ) -> Phase:
        """Open a phase; the open one, if any, ends now with the review given and a summary of
        what it produced."""
        moment = when or self.clock.now()
        phase_kind = _choice(PhaseKind, kind, "phase kind")
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
                if moment < current.started:
                    raise UserError(f"The new phase cannot start before the open one ({current.ref}) began.")
                tx.update(_closed(tx.snapshot, current, moment, review))
            return tx.insert(phase)

    def end_phase(self, *, review: str = "", when: datetime | None = None) -> Phase:
        moment = when or self.clock.now()
        with self.journal.transaction() as tx:
            current = tx.snapshot.current_phase()
            if current is None:
                raise UserError("No phase is open, so there is none to end.")
            ended = _closed(tx.snapshot, current, moment, review)
            tx.update(ended)
        return ended

    # Delete and undo

    def delete(self, ref: Ref | str) -> Record:
        """Delete a record and unlink what pointed at it; `undo` puts both back."""
        target = _as_ref(ref)
        with self.journal.transaction() as tx:
            record = _existing(tx.snapshot, target)
            unlinked = _unlink_everything_pointing_at(tx, target)
            tx.delete(target.kind, target.number)
            trash = tx.meta.setdefault("trash", [])
            trash.append({"ref": str(target), "record": record.to_record(), "unlinked": unlinked})
            del trash[:-TRASH_KEPT]
        return record

    def undo(self) -> Record:
        """Restore the last deletion, with the links it removed."""
        with self.journal.transaction() as tx:
            trash = tx.meta.get("trash") or []
            if not trash:
                raise UserError("There is nothing to undo.")
            item = trash.pop()
            ref = parse_ref(item["ref"])
            record = RECORD_TYPES[ref.kind].from_record(ref.number, item["record"])
            tx.restore(record)
            _relink(tx, item["unlinked"])
        return record


# Editable fields per kind; everything else changes through its own use case.
_EDITABLE: dict[Kind, frozenset[str]] = {
    Kind.PAPER: frozenset(
        {"title", "authors", "year", "venue", "doi", "arxiv", "url", "tags", "priority", "notes", "claims"}
    ),
    Kind.BUILD: frozenset({"title", "description", "data_source", "constraints", "users"}),
    Kind.ENTRY: frozenset({"text", "kind", "paper_id", "build_id", "answers"}),
    Kind.PHASE: frozenset({"goal", "review"}),
    Kind.SNOOZE: frozenset(),
}

_LINK_FIELDS = {"paper_id": Kind.PAPER, "build_id": Kind.BUILD, "answers": Kind.ENTRY}

# (kind of the record pointed at) -> [(kind holding the link, field)]
_POINTERS: dict[Kind, list[tuple[Kind, str]]] = {
    Kind.PAPER: [(Kind.BUILD, "paper_ids"), (Kind.ENTRY, "paper_id")],
    Kind.BUILD: [(Kind.ENTRY, "build_id")],
    Kind.ENTRY: [(Kind.ENTRY, "answers"), (Kind.BUILD, "from_entry")],
}


def _unlink_everything_pointing_at(tx: Transaction, target: Ref) -> list[list[Any]]:
    unlinked: list[list[Any]] = []
    for holder_kind, field_name in _POINTERS.get(target.kind, []):
        for holder in tx.snapshot.table(holder_kind).values():
            value = getattr(holder, field_name)
            if isinstance(value, list):
                if target.number in value:
                    tx.update(holder.replace(**{field_name: [v for v in value if v != target.number]}))
                    unlinked.append([str(holder.ref), field_name, target.number])
            elif value == target.number:
                tx.update(holder.replace(**{field_name: None}))
                unlinked.append([str(holder.ref), field_name, target.number])
    return unlinked


def _relink(tx: Transaction, unlinked: list[list[Any]]) -> None:
    for holder_text, field_name, number in unlinked:
        holder = tx.snapshot.get(parse_ref(holder_text))
        if holder is None:
            continue
        value = getattr(holder, field_name)
        if isinstance(value, list):
            tx.update(holder.replace(**{field_name: [*value, number]}))
        else:
            tx.update(holder.replace(**{field_name: number}))


def _closed(snapshot: Snapshot, phase: Phase, moment: datetime, review: str) -> Phase:
    ended = phase.replace(ended=moment, review=review.strip())
    return ended.replace(summary=balance(snapshot, ended).as_dict())


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


def _choice(enum: Any, value: str, what: str) -> Any:
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        options = ", ".join(member.value for member in enum)
        raise UserError(f"“{value}” is not a {what}: use {options}.") from None


def parse_priority(value: int | str) -> int:
    names = {name: number for number, name in PRIORITY_NAMES.items()}
    text = str(value).strip().lower()
    if text in names:
        return names[text]
    if text.isdigit() and int(text) in PRIORITY_NAMES:
        return int(text)
    raise UserError(f"“{value}” is not a priority: use none, low, medium or high (or 0–3).")
