"""The add and edit forms of each kind of record, wired to the journal service."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual.content import Content

from ...domain import Build, Entry, EntryKind, Kind, Paper, Phase, Snapshot, UserError, parse_ref
from ...domain.model import PRIORITY_NAMES
from ...domain.text_lists import join_items, split_items
from ...services.journal_service import JournalService, parse_priority
from ..text import lines, one_line
from .form import Field, FormScreen

ENTRY_KINDS = [kind.value for kind in EntryKind]


def _required(what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text.strip():
            raise UserError(f"{what} cannot be empty.")
        return text

    return parse


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
    service: JournalService,
    paper: Paper | None = None,
    *,
    after: Content | None = None,
    for_build: Build | None = None,
    for_question: Entry | None = None,
) -> FormScreen:
    """`for_build`, `for_question`: a new paper is research for them, linked to each as it is saved
    (a stuck build's research; its question's)."""
    p = paper

    def of(name: str) -> Any:
        return getattr(p, name) if p is not None else None

    fields = [
        Field("title", "Title", p.title if p else "", "what the paper is called", _required("A title"),
              original=of("title")),
        Field("authors", "Authors", join_items(p.authors) if p else "", "Last, First; Last, First",
              split_items, original=of("authors")),
        Field("year", "Year", str(p.year or "") if p else "", "e.g. 2017", _year, original=of("year")),
        Field("venue", "Venue", p.venue if p else "", "journal or conference", original=of("venue")),
        Field("tags", "Tags", join_items(p.tags) if p else "", "; separates", split_items,
              original=of("tags")),
        Field("priority", "Priority", PRIORITY_NAMES[p.priority] if p else "", "none, low, medium or high",
              _priority, original=of("priority")),
        Field("doi", "DOI", p.doi if p else "", original=of("doi")),
        Field("arxiv", "arXiv id", p.arxiv if p else "", original=of("arxiv")),
        Field("url", "URL", p.url if p else "", original=of("url")),
        Field("notes", "Notes", p.notes if p else "", "ctrl+o opens your editor", long=True,
              original=of("notes")),
        Field("claims", "Claims", join_items(p.claims) if p else "",
              "what it says should work; ; separates (;; is a ; of its own)", split_items,
              original=of("claims")),
    ]  # fmt: skip

    def save(values: dict[str, Any], expected: dict[str, Any]) -> Paper:
        if p is None:
            return service.add_paper(
                **values,
                for_build=for_build.ref if for_build else None,
                for_question=for_question.ref if for_question else None,
            )
        return service.edit(p.ref, expected=expected, **values)  # type: ignore[return-value]

    title = "Add a paper to the reading queue" if p is None else f"{p.ref} · paper"
    intro = None
    if for_build is not None:
        title = f"Research for {for_build.ref}: {one_line(for_build.title)}"
        intro = Content.assemble(
            ("When stuck, look for research that addresses the problem: ", "bold"),
            f"the paper is linked to {for_build.ref}",
            f" and read for {for_question.ref}, “{one_line(for_question.text)}”." if for_question else ".",
        )
    recipe = {
        "form": "paper",
        "ref": str(p.ref) if p else None,
        "for_build": str(for_build.ref) if for_build else None,
        "for_question": str(for_question.ref) if for_question else None,
    }
    return FormScreen(title, fields, save, intro=intro, after=after, edits=p is not None, recipe=recipe)


def build_form(
    service: JournalService,
    build: Build | None = None,
    *,
    from_paper: Paper | None = None,
    from_insight: Entry | None = None,
    status: str | None = None,
    after: Content | None = None,
) -> FormScreen:
    """`status`: a new build is saved in it (`building`: started now, not an idea)."""
    b = build
    snapshot = service.snapshot
    papers = b.paper_ids if b else [from_paper.id] if from_paper else []
    if from_insight is not None and from_insight.paper_id is not None:
        papers = [from_insight.paper_id]
    suggested = from_paper.title if from_paper else one_line(from_insight.text) if from_insight else ""

    def of(name: str) -> Any:
        return getattr(b, name) if b is not None else None

    fields = [
        Field("title", "Title", b.title if b else suggested, "the system you will run for real",
              _required("A title"), original=of("title")),
        Field("data_source", "Real data source", b.data_source if b else "", "where the real data comes from",
              original=of("data_source")),
        Field("constraints", "Constraints", b.constraints if b else "", "latency, scale, cost",
              original=of("constraints")),
        Field("users", "Users", b.users if b else "", "who will rely on it", original=of("users")),
        Field("description", "Description", b.description if b else "", "ctrl+o opens your editor",
              long=True, original=of("description")),
    ]  # fmt: skip
    # The papers it builds on: linked and unlinked here too. A new build names them under its title;
    # an existing one after what makes it real, which its edit is most often opened to fill.
    fields.insert(1 if b is None else 4, _papers_field(papers, snapshot, of("paper_ids")))

    def save(values: dict[str, Any], expected: dict[str, Any]) -> Build:
        if b is not None:
            return service.edit(b.ref, expected=expected, **values)  # type: ignore[return-value]
        return service.add_build(
            **values, from_entry=from_insight.id if from_insight else None, status=status or "idea"
        )

    if b is not None:
        title = f"{b.ref} · build"
    elif from_paper is not None:
        title = f"Build a production system from {from_paper.ref}"
    elif from_insight is not None:
        title = f"Apply insight {from_insight.ref} in a build"
    elif status == "building":
        title = "Start a build: saved as building"
    else:
        title = "Add a build"
    intro = None
    if b is None:
        intro = Content.assemble(
            ("Not a toy: ", "bold"), "say where its real data comes from, what constrains it and who uses it."
        )
        if from_insight is not None:
            intro = Content("\n\n").join([quoted(from_insight), intro])
    recipe = {
        "form": "build",
        "ref": str(b.ref) if b else None,
        "from_paper": str(from_paper.ref) if from_paper else None,
        "from_insight": str(from_insight.ref) if from_insight else None,
        "status": status,
    }
    return FormScreen(title, fields, save, intro=intro, after=after, edits=b is not None, recipe=recipe)


def _papers_field(papers: list[int], snapshot: Callable[[], Snapshot], original: Any) -> Field:
    return Field(
        "paper_ids",
        "Papers it builds on",
        _refs_text("p", papers),
        "e.g. p3 p7 (delete one to unlink it)",
        _many_refs(Kind.PAPER, snapshot),
        original=original,
    )


def build_links_form(service: JournalService, build: Build) -> FormScreen:
    """`L` on a build: link it to more papers, or unlink one, in one change."""

    def save(values: dict[str, Any], expected: dict[str, Any]) -> Build:
        return service.edit(build.ref, expected=expected, **values)  # type: ignore[return-value]

    return FormScreen(
        f"Papers {build.ref} builds on: {one_line(build.title)}",
        [_papers_field(build.paper_ids, service.snapshot, build.paper_ids)],
        save,
        intro=Content("Add a paper's id to link it, delete one to unlink it (u undoes)."),
        edits=True,
        recipe={"form": "build-links", "ref": str(build.ref)},
    )


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

    def of(name: str) -> Any:
        return getattr(e, name) if e is not None else None

    fields = [
        Field("text", "What happened", e.text if e else "", "ctrl+o opens your editor",
              _required("An entry"), long=True, original=of("text")),
        Field("kind", "Kind", kind, choices=ENTRY_KINDS, original=of("kind")),
        Field("paper_id", "Paper", f"p{paper_id}" if paper_id else "", "optional, e.g. p12",
              _one_ref(Kind.PAPER, snapshot), original=of("paper_id")),
        Field("build_id", "Build", f"b{build_id}" if build_id else "", "optional, e.g. b3",
              _one_ref(Kind.BUILD, snapshot), original=of("build_id")),
        Field("answers", "Follows up", f"e{answers}" if answers else "", "optional, e.g. e40",
              _one_ref(Kind.ENTRY, snapshot), original=of("answers")),
    ]  # fmt: skip
    if e is not None:
        fields += _linked_fields(e, snapshot)
    # The claims of the paper it is about, offered by number: a validated or refuted entry names the
    # one it tests (the number `dualtui show` gives it).
    paper = snapshot().papers.get(paper_id) if paper_id is not None else None
    intros: list[Content] = []
    # A new entry that follows another up shows it in full: what is being followed up.
    followed = snapshot().entries.get(answers) if e is None and answers is not None else None
    if followed is not None:
        intros.append(quoted(followed))
    if paper is not None and paper.claims:
        numbers = [str(n) for n in range(1, len(paper.claims) + 1)]
        chosen = str(claim) if claim is not None and str(claim) in numbers else NO_CLAIM
        fields.append(
            Field(
                "claim",
                "Claim it tests",
                chosen,
                choices=[NO_CLAIM, *numbers],
                parse=_claim,
                original=of("claim"),
            )
        )
        intros.append(claims_content(paper))
    else:
        fields.append(
            Field(
                "claim",
                "Claim it tests",
                str(claim or ""),
                "validated or refuted: the paper's claim number (optional)",
                _claim,
                original=of("claim"),
            )
        )

    def save(values: dict[str, Any], expected: dict[str, Any]) -> Entry:
        if e is not None:
            return service.edit(e.ref, expected=expected, **values)  # type: ignore[return-value]
        return service.log(values.pop("kind"), values.pop("text"), **values)

    intro = Content("\n\n").join(intros) if intros else None
    heading = title or ("Log an entry" if e is None else f"{e.ref} · {e.kind.value}")
    recipe = {"form": "entry", "ref": str(e.ref) if e else None, "kind": kind, "paper_id": paper_id,
              "build_id": build_id, "answers": answers, "claim": claim, "title": title}  # fmt: skip
    return FormScreen(heading, fields, save, intro=intro, after=after, edits=e is not None, recipe=recipe)


def _linked_fields(entry: Entry, snapshot: Callable[[], Snapshot]) -> list[Field]:
    """What `link` tied to the entry, edited as lists: a question's papers read for it and builds that
    test it, an insight's builds it is applied to (shown on any entry that holds such links)."""
    question, insight = entry.kind is EntryKind.QUESTION, entry.kind is EntryKind.INSIGHT
    fields = []
    if question or entry.linked_papers:
        fields.append(
            Field("linked_papers", "Papers read for it", _refs_text("p", list(entry.linked_papers)),
                  "e.g. p5 p9 (delete one to unlink it)", _many_refs(Kind.PAPER, snapshot),
                  original=entry.linked_papers)
        )  # fmt: skip
    if question or insight or entry.linked_builds:
        label = "Builds it is applied to" if insight else "Builds that test it"
        fields.append(
            Field("linked_builds", label, _refs_text("b", list(entry.linked_builds)),
                  "e.g. b3 (delete one to unlink it)", _many_refs(Kind.BUILD, snapshot),
                  original=entry.linked_builds)
        )  # fmt: skip
    return fields


NO_CLAIM = "none"


def _claim(text: str) -> int | None:
    if not text or text == NO_CLAIM:
        return None
    if not text.isdigit() or int(text) < 1:
        raise UserError(f"“{text}” is not a claim number: 1 is the paper's first claim.")
    return int(text)


def quoted(entry: Entry) -> Content:
    """An entry in full, read-only, above a form that follows it up: its text shown harmlessly."""
    return Content.assemble((f"{entry.ref} · {entry.kind.value}", "bold $accent"), "\n", lines(entry.text))


def claims_content(paper: Paper) -> Content:
    """A paper's claims, numbered, for the form that tests one."""
    lines = [Content.assemble(("Claims of ", "bold"), (str(paper.ref), "bold $accent"), ("  ", ""))]
    lines += [Content.assemble(f"  {n}. ", one_line(claim)) for n, claim in enumerate(paper.claims, 1)]
    return Content("\n").join(lines)


def phase_form(service: JournalService, phase: Phase, *, after: Content | None = None) -> FormScreen:
    fields = [
        Field("goal", "Goal", phase.goal, "what this phase is for", original=phase.goal),
        Field("review", "Review", phase.review, "ctrl+o opens your editor", long=True, original=phase.review),
    ]

    def save(values: dict[str, Any], expected: dict[str, Any]) -> Phase:
        return service.edit(phase.ref, expected=expected, **values)  # type: ignore[return-value]

    state = "open" if phase.is_open else f"ended {phase.ended:%Y-%m-%d}"
    title = f"{phase.ref} · {phase.kind.value} phase, {state}"
    return FormScreen(
        title, fields, save, after=after, edits=True, recipe={"form": "phase", "ref": str(phase.ref)}
    )


def reopen(service: JournalService, recipe: dict[str, Any]) -> FormScreen | None:
    """The form a kept draft came from, made again from its recipe; None if it no longer can be (the
    record is gone, or the recipe is not one this version makes)."""

    def record(key: str) -> Any:
        text = recipe.get(key)
        if text is None:
            return None
        found = service.snapshot().get(parse_ref(str(text)))
        if found is None:
            raise LookupError(text)
        return found

    def number(key: str) -> int | None:
        value = recipe.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    try:
        form = recipe.get("form")
        if form == "paper":
            return paper_form(
                service, record("ref"), for_build=record("for_build"), for_question=record("for_question")
            )
        if form == "build":
            return build_form(
                service,
                record("ref"),
                from_paper=record("from_paper"),
                from_insight=record("from_insight"),
                status="building" if recipe.get("status") == "building" else None,
            )
        if form == "entry":
            kind = recipe.get("kind")
            return entry_form(
                service,
                record("ref"),
                kind=kind if kind in ENTRY_KINDS else EntryKind.NOTE.value,
                paper_id=number("paper_id"),
                build_id=number("build_id"),
                answers=number("answers"),
                claim=number("claim"),
                title=recipe["title"] if isinstance(recipe.get("title"), str) else None,
            )
        if form == "phase":
            return phase_form(service, record("ref"))
        if form == "build-links":
            return build_links_form(service, record("ref"))
    except (LookupError, UserError):
        return None
    return None
