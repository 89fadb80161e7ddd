"""The add and edit forms of each kind of record, wired to the journal service."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual.content import Content

from ...domain import Build, Entry, EntryKind, Kind, Paper, Phase, Snapshot, UserError, parse_ref
from ...domain.model import PRIORITY_NAMES
from ...services.journal_service import JournalService, parse_priority
from ..text import one_line
from .form import Field, FormScreen

ENTRY_KINDS = [kind.value for kind in EntryKind]


def _required(what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text.strip():
            raise UserError(f"{what} cannot be empty.")
        return text

    return parse


def _words(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def _authors(text: str) -> list[str]:
    # Names are kept "Last, First" (as BibTeX gives them), so a comma cannot separate two people.
    return [part.strip() for part in re.split(r";|\s+and\s+", text) if part.strip()]


def _year(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 1000 <= int(text) <= 2999:
        raise UserError(f"“{text}” is not a year: use four digits, like 2017.")
    return int(text)


def _one_ref(kind: Kind, snapshot: Callable[[], Snapshot]) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        if not text:
            return None
        ref = parse_ref(text, kind)
        if snapshot().get(ref) is None:
            raise UserError(f"There is no {kind.value} {ref}.")
        return ref.number

    return parse


def _many_refs(kind: Kind, snapshot: Callable[[], Snapshot]) -> Callable[[str], list[int]]:
    one = _one_ref(kind, snapshot)

    def parse(text: str) -> list[int]:
        return [n for part in re.split(r"[\s,]+", text) if part and (n := one(part)) is not None]

    return parse


def _priority(text: str) -> int:
    return parse_priority(text or 0)


def _refs_text(prefix: str, numbers: list[int]) -> str:
    return " ".join(f"{prefix}{n}" for n in numbers)


def paper_form(
    service: JournalService, paper: Paper | None = None, *, after: Content | None = None
) -> FormScreen:
    p = paper
    fields = [
        Field("title", "Title", p.title if p else "", "what the paper is called", _required("A title")),
        Field("authors", "Authors", "; ".join(p.authors) if p else "", "Last, First; Last, First", _authors),
        Field("year", "Year", str(p.year or "") if p else "", "e.g. 2017", _year),
        Field("venue", "Venue", p.venue if p else "", "journal or conference"),
        Field("tags", "Tags", ", ".join(p.tags) if p else "", "comma separated", _words),
        Field(
            "priority",
            "Priority",
            PRIORITY_NAMES[p.priority] if p else "",
            "none, low, medium or high",
            _priority,
        ),
        Field("doi", "DOI", p.doi if p else ""),
        Field("arxiv", "arXiv id", p.arxiv if p else ""),
        Field("url", "URL", p.url if p else ""),
        Field("notes", "Notes", p.notes if p else "", "ctrl+o opens your editor", long=True),
        Field(
            "claims",
            "Claims",
            "; ".join(p.claims) if p else "",
            "what it says should work; ; separates",
            _words,
        ),
    ]

    def save(values: dict[str, Any]) -> Paper:
        if p is None:
            return service.add_paper(**values)
        return service.edit(p.ref, **values)  # type: ignore[return-value]

    title = "Add a paper to the reading queue" if p is None else f"{p.ref} · paper"
    return FormScreen(title, fields, save, after=after)


def build_form(
    service: JournalService,
    build: Build | None = None,
    *,
    from_paper: Paper | None = None,
    from_insight: Entry | None = None,
    after: Content | None = None,
) -> FormScreen:
    b = build
    snapshot = service.snapshot
    papers = b.paper_ids if b else [from_paper.id] if from_paper else []
    if from_insight is not None and from_insight.paper_id is not None:
        papers = [from_insight.paper_id]
    suggested = from_paper.title if from_paper else one_line(from_insight.text) if from_insight else ""
    fields = [
        Field(
            "title",
            "Title",
            b.title if b else suggested,
            "the system you will run for real",
            _required("A title"),
        ),
        Field(
            "data_source", "Real data source", b.data_source if b else "", "where the real data comes from"
        ),
        Field("constraints", "Constraints", b.constraints if b else "", "latency, scale, cost"),
        Field("users", "Users", b.users if b else "", "who will rely on it"),
        Field(
            "description", "Description", b.description if b else "", "ctrl+o opens your editor", long=True
        ),
    ]
    if b is None:
        fields.insert(
            1,
            Field(
                "paper_ids", "Papers", _refs_text("p", papers), "e.g. p3 p7", _many_refs(Kind.PAPER, snapshot)
            ),
        )

    def save(values: dict[str, Any]) -> Build:
        if b is not None:
            return service.edit(b.ref, **values)  # type: ignore[return-value]
        return service.add_build(**values, from_entry=from_insight.id if from_insight else None)

    if b is not None:
        title = f"{b.ref} · build"
    elif from_paper is not None:
        title = f"Build a production system from {from_paper.ref}"
    elif from_insight is not None:
        title = f"Apply insight {from_insight.ref} in a build"
    else:
        title = "Add a build"
    intro = None
    if b is None:
        intro = Content.assemble(
            ("Not a toy: ", "bold"), "say where its real data comes from, what constrains it and who uses it."
        )
    return FormScreen(title, fields, save, intro=intro, after=after)


def entry_form(
    service: JournalService,
    entry: Entry | None = None,
    *,
    kind: str = EntryKind.NOTE.value,
    paper_id: int | None = None,
    build_id: int | None = None,
    answers: int | None = None,
    claim: int | None = None,
    title: str | None = None,
    after: Content | None = None,
) -> FormScreen:
    e = entry
    snapshot = service.snapshot
    if e is not None:
        kind, paper_id, build_id, answers, claim = e.kind.value, e.paper_id, e.build_id, e.answers, e.claim
    fields = [
        Field(
            "text",
            "What happened",
            e.text if e else "",
            "ctrl+o opens your editor",
            _required("An entry"),
            long=True,
        ),
        Field("kind", "Kind", kind, choices=ENTRY_KINDS),
        Field(
            "paper_id",
            "Paper",
            f"p{paper_id}" if paper_id else "",
            "optional, e.g. p12",
            _one_ref(Kind.PAPER, snapshot),
        ),
        Field(
            "build_id",
            "Build",
            f"b{build_id}" if build_id else "",
            "optional, e.g. b3",
            _one_ref(Kind.BUILD, snapshot),
        ),
        Field(
            "answers",
            "Follows up",
            f"e{answers}" if answers else "",
            "e40 (optional)",
            _one_ref(Kind.ENTRY, snapshot),
        ),
    ]
    # The claims of the paper it is about, offered by number: a validated or refuted entry names the
    # one it tests (the number `dualtui show` gives it).
    paper = snapshot().papers.get(paper_id) if paper_id is not None else None
    intro = None
    if paper is not None and paper.claims:
        numbers = [str(n) for n in range(1, len(paper.claims) + 1)]
        chosen = str(claim) if claim is not None and str(claim) in numbers else NO_CLAIM
        fields.append(Field("claim", "Claim it tests", chosen, choices=[NO_CLAIM, *numbers], parse=_claim))
        intro = claims_content(paper)
    else:
        fields.append(
            Field(
                "claim",
                "Claim it tests",
                str(claim or ""),
                "validated or refuted: the paper's claim number (optional)",
                _claim,
            )
        )

    def save(values: dict[str, Any]) -> Entry:
        if e is not None:
            # JournalService.edit stores fields as given: the kind must be the enum, not its name.
            values["kind"] = EntryKind(values["kind"])
            return service.edit(e.ref, **values)  # type: ignore[return-value]
        return service.log(values.pop("kind"), values.pop("text"), **values)

    heading = title or ("Log an entry" if e is None else f"{e.ref} · {e.kind.value}")
    return FormScreen(heading, fields, save, intro=intro, after=after)


NO_CLAIM = "none"


def _claim(text: str) -> int | None:
    if not text or text == NO_CLAIM:
        return None
    if not text.isdigit() or int(text) < 1:
        raise UserError(f"“{text}” is not a claim number: 1 is the paper's first claim.")
    return int(text)


def claims_content(paper: Paper) -> Content:
    """A paper's claims, numbered, for the form that tests one."""
    lines = [Content.assemble(("Claims of ", "bold"), (str(paper.ref), "bold $accent"), ("  ", ""))]
    lines += [Content.assemble(f"  {n}. ", one_line(claim)) for n, claim in enumerate(paper.claims, 1)]
    return Content("\n").join(lines)


def phase_form(service: JournalService, phase: Phase, *, after: Content | None = None) -> FormScreen:
    fields = [
        Field("goal", "Goal", phase.goal, "what this phase is for"),
        Field("review", "Review", phase.review, "ctrl+o opens your editor", long=True),
    ]

    def save(values: dict[str, Any]) -> Phase:
        return service.edit(phase.ref, **values)  # type: ignore[return-value]

    state = "open" if phase.is_open else f"ended {phase.ended:%Y-%m-%d}"
    title = f"{phase.ref} · {phase.kind.value} phase, {state}"
    return FormScreen(title, fields, save, after=after)
