"""What closes each loop, as the app does it: the form (or the write-up) for a record and a rule's
action. The main screen's keys and the weekly review's both come here, so a loop closes the same
way from the item, from the suggestion and from the review."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.content import Content

from ...domain import (
    Build,
    Entry,
    EntryKind,
    Kind,
    Paper,
    PaperStatus,
    PhaseKind,
    Snapshot,
    UserError,
    WriteupState,
    parse_ref,
)
from ...domain.links import answers_of, index_links, untested_claims
from ...domain.model import Record
from ...services.journal_service import JournalService
from .. import editor
from ..text import one_line
from .form import Field, FormScreen
from .forms import build_form, entry_form, paper_form
from .pick import Pick

if TYPE_CHECKING:
    from textual.app import App

    from ...services.context import AppContext


def address_form(service: JournalService, question: Entry) -> FormScreen:
    """A paper read for the question (new, by its title, or one in the queue) or a build that tests it."""
    phase = service.snapshot().current_phase()
    production = phase is not None and phase.kind is PhaseKind.PRODUCTION
    field = Field(
        "what",
        "A build that tests it (b3)" if production else "A paper to read for it",
        "",
        "b3, p5, or the title of a paper to add" if production else "a title to add, or p5, or b3",
        _address_target,
    )

    def save(values: dict[str, Any], _expected: dict[str, Any]) -> Record:
        target = values["what"]
        if isinstance(target, str):
            return service.add_paper(
                target, for_question=question.ref, duplicate=values.get("duplicate", False)
            )
        return service.link(question.ref, target)

    intro = Content.assemble(
        ("When stuck, look for research that addresses the problem: ", "bold"),
        "a paper read for it, or in production an experiment, a build that tests it.",
    )
    return FormScreen(
        f"Address question {question.ref}: {one_line(question.text)}", [field], save, intro=intro
    )


def _address_target(text: str) -> Any:
    """An id of a paper or build (p5, b3), or the title of a paper to add."""
    if not text:
        raise UserError("Name a paper to add (its title), or the paper or build (p5, b3) to link.")
    word = text.strip()
    if " " not in word and word[:1].lower() in ("p", "b") and word[1:].isdigit():
        return parse_ref(word)
    return text


def apply_form(service: JournalService, insight: Entry) -> FormScreen:
    """Apply an insight to a build that exists already (b builds a new one from it)."""
    snapshot = service.snapshot

    def build_ref(text: str) -> Any:
        if not text:
            raise UserError("Name the build it is applied to, like b3.")
        ref = parse_ref(text, Kind.BUILD)
        if snapshot().get(ref) is None:
            raise UserError(f"There is no build {ref}.")
        return ref

    field = Field("build", "Build it is applied to", "", "b3", build_ref)
    return FormScreen(
        f"Apply insight {insight.ref} to a build: {one_line(insight.text)}",
        [field],
        lambda values, _expected: service.link(insight.ref, values["build"]),
        intro=Content("Research insights become production improvements, in new systems and existing ones."),
    )


def follow_up_form(service: JournalService, entry: Entry, kind: EntryKind, heading: str) -> FormScreen:
    """An entry that follows `entry` up (a failure's question, a question's answer), about what it is
    about."""
    return entry_form(
        service,
        kind=kind.value,
        paper_id=entry.paper_id,
        build_id=entry.build_id,
        answers=entry.id,
        title=f"{heading} {entry.ref}: {one_line(entry.text)}",
    )


def claim_form(service: JournalService, build: Build) -> FormScreen:
    """Log what production said of the first claim of the build's papers that has no evidence yet."""
    snapshot = service.snapshot()
    untested = untested_claims(snapshot, index_links(snapshot), build)
    paper, number = untested[0] if untested else (None, None)
    return entry_form(
        service,
        kind=EntryKind.VALIDATED.value,
        paper_id=None if paper is None else paper.id,
        build_id=build.id,
        claim=number,
        title=f"What did {build.ref} show of the claim? (validated or refuted)",
    )


def closing_form(service: JournalService, action: str | None, record: Any) -> FormScreen | str:
    """The form that closes a rule's loop on a record (None for a rule about the journal), with the
    links that close it; or a sentence saying why there is none. Nothing is recorded until it is
    saved."""
    if action == "build-from-paper" and isinstance(record, Paper):
        return build_form(service, from_paper=record)
    if action == "apply-insight" and isinstance(record, Entry):
        return build_form(service, from_insight=record)
    if action == "ask-question" and isinstance(record, Entry):
        return follow_up_form(service, record, EntryKind.QUESTION, "A research question for")
    if action == "address-question" and isinstance(record, Entry):
        return address_form(service, record)
    if action == "answer-question" and isinstance(record, Entry):
        return follow_up_form(service, record, EntryKind.INSIGHT, "Answer")
    if action == "test-claim" and isinstance(record, Build):
        return claim_form(service, record)
    if action == "describe-build" and isinstance(record, Build):
        return build_form(service, record)
    if action == "add-paper" and isinstance(record, Build):
        return paper_form(service, for_build=record, for_question=_open_question(service, record))
    if action == "add-paper" and record is None:
        return paper_form(service)
    if action == "start-build" and record is None:
        return build_form(service, status="building")
    if action == "log-entry" and record is None:
        return entry_form(service)
    return "Nothing to fill in here: open the item (enter) to see what it needs."


def _open_question(service: JournalService, build: Build) -> Entry | None:
    """The oldest question about the build or tested by it that nothing answers yet."""
    snapshot = service.snapshot()
    links = index_links(snapshot)
    for number in sorted(
        {*links.entries_by_build.get(build.id, ()), *links.linked_to_build.get(build.id, ())}
    ):
        entry = snapshot.entries.get(number)
        if entry is not None and entry.kind is EntryKind.QUESTION and not answers_of(snapshot, links, number):
            return entry
    return None


def reading_picks(snapshot: Snapshot, today: date) -> list[Pick]:
    """The papers in reading, the one read longest first, each with how long."""
    reading = [p for p in snapshot.papers.values() if p.status is PaperStatus.READING]
    reading.sort(key=lambda p: (p.started or p.added, p.id))
    return [
        Pick(
            p,
            f"{p.ref} {one_line(p.title)}",
            f"reading for {(today - (p.started or p.added).date()).days} days",
        )
        for p in reading
    ]


def _days_reading(paper: Paper, today: date) -> int:
    return (today - (paper.started or paper.added).date()).days


def writeup_picks(build: Build) -> list[Pick]:
    """What can be done with a build's write-up from a suggestion: draft it, or open the draft or mark
    it done."""
    if build.writeup is WriteupState.NONE:
        return [Pick("draft", "draft it", "write the draft from the journal and open it in your editor")]
    return [
        Pick("open", "open the draft", "in your editor"),
        Pick("done", "mark it done", "the write-up is finished"),
    ]


def open_writeup(app: App[Any], context: AppContext, build: Build) -> str | None:
    """Draft the write-up (an untouched draft is redrafted from the journal), then open it in the
    editor; a sentence when that cannot be done."""
    from ...services.writeup import WriteupError

    writeups = context.writeups()
    try:
        path = writeups.draft(build.ref).path
    except WriteupError as error:
        stored = writeups.stored_path(build)  # never a path an import set outside the write-ups
        if stored is None:
            return str(error)
        # The author has edited the draft: open their words, never overwrite them.
        path = stored
    try:
        editor.edit_file(app, path, configured=context.config.editor)
    except editor.EditorFailed as error:
        return f"{error} The draft is in {path}."
    return None
