"""Random changes of every kind a user makes (add, status, edit, link and unlink, log, phase start
and end, snooze for each length and bring back, import, restore of an export, delete), the links and
claims of the loops among them (a question or an insight linked to a paper or a build, a paper's
claims, a validated or refuted entry naming one), for the property tests of the history and the
merge."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from hypothesis import strategies as st

from dualtui.domain import Kind, Ref, UserError
from dualtui.services.context import AppContext

TODAY = date(2026, 11, 25)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)
plain = st.text("abcdefghij klmnop", min_size=1, max_size=12).filter(str.strip)
pick = st.integers(min_value=0, max_value=7)
entry_kinds = st.sampled_from(["failure", "insight", "question", "note"])
evidence_kinds = st.sampled_from(["validated", "refuted"])

CHANGES = st.one_of(
    st.tuples(st.just("add paper"), text, st.sampled_from(["queued", "reading", "read"])),
    st.tuples(st.just("add build"), text, st.none() | pick),
    st.tuples(st.just("status"), pick, st.sampled_from(["reading", "read", "dropped", "building"])),
    st.tuples(st.just("status"), pick, st.sampled_from(["queued", "idea", "shipped", "abandoned"])),
    st.tuples(st.just("edit"), pick, st.sampled_from(["notes", "title", "tags", "goal", "text"]), text),
    st.tuples(st.just("link"), pick, pick),
    st.tuples(st.just("unlink"), pick, pick),
    st.tuples(st.just("edit papers"), pick, st.lists(pick, max_size=3)),
    st.tuples(st.just("link entry"), pick, st.sampled_from([Kind.PAPER, Kind.BUILD]), pick),
    st.tuples(st.just("log"), entry_kinds, text, st.none() | pick),
    st.tuples(st.just("log evidence"), evidence_kinds, text, pick, st.integers(1, 2)),
    st.tuples(st.just("claims"), pick, st.lists(plain, min_size=1, max_size=2)),
    st.tuples(st.just("phase start"), st.sampled_from(["research", "production"]), text),
    st.tuples(st.just("phase end"), text),
    st.tuples(st.just("snooze"), st.sampled_from(["paper-read-no-build", "idle"]), pick, st.booleans()),
    st.tuples(st.just("snooze as"), pick, st.sampled_from(["3d", "1w", "2w", "phase", "forever"])),
    st.tuples(st.just("unsnooze"), pick),
    st.tuples(st.just("import"), st.lists(plain, min_size=1, max_size=3)),
    st.tuples(st.just("restore"),),
    st.tuples(st.just("delete"), st.sampled_from([Kind.PAPER, Kind.BUILD, Kind.ENTRY]), pick),
)  # fmt: skip

# Changes of the kinds issue 12's facts brought, which the history must take back like the rest: a
# paper added as research for a stuck build and for a question (three records in one change), a
# paper added again on purpose (`--duplicate`; without it, a title seen before is refused), and a
# phase started with no review (refused while one is open: no change at all).
RESEARCH = st.one_of(
    st.tuples(st.just("add paper for"), plain, st.none() | pick, st.none() | pick, st.booleans()),
    st.tuples(st.just("log"), st.just("question"), text, st.none() | pick),
    st.tuples(st.just("phase start unreviewed"), st.sampled_from(["research", "production"])),
)


def without_history(raw: bytes) -> bytes:
    """The file up to its history, which is its last table: what undo must give back byte for byte."""
    return raw[: raw.rindex(b',\n"history":')]


def nth(context: AppContext, kind: Kind, index: int) -> Ref | None:
    numbers = list(context.service.snapshot().table(kind))
    return Ref(kind, numbers[index % len(numbers)]) if numbers else None


def make(context: AppContext, change: tuple, folder: Path, export: Path) -> None:
    """Make one change; a refused one (a move the status machine forbids, no open phase…) changes
    nothing."""
    with contextlib.suppress(UserError):
        _make(context, change, folder, export)


def _make(context: AppContext, change: tuple, folder: Path, export: Path) -> None:
    service = context.service
    verb, *args = change
    if verb == "add paper":
        service.add_paper(args[0], status=args[1])
    elif verb == "add paper for":
        build = nth(context, Kind.BUILD, args[1]) if args[1] is not None else None
        questions = [e.ref for e in service.snapshot().entries.values() if e.kind.value == "question"]
        question = questions[args[2] % len(questions)] if questions and args[2] is not None else None
        service.add_paper(args[0], for_build=build, for_question=question, duplicate=args[3])
    elif verb == "add build":
        paper = nth(context, Kind.PAPER, args[1]) if args[1] is not None else None
        service.add_build(args[0], paper_ids=[paper.number] if paper else [])
    elif verb == "status":
        target = nth(
            context,
            Kind.PAPER if args[1] in ("queued", "reading", "read", "dropped") else Kind.BUILD,
            args[0],
        )
        if target:
            service.set_status(target, args[1])
    elif verb == "edit":
        field, value = args[1], args[2]
        kind = {"goal": Kind.PHASE, "text": Kind.ENTRY}.get(field, Kind.PAPER)
        target = nth(context, kind, args[0])
        if target:
            service.edit(target, **{field: [value] if field == "tags" else value})
    elif verb == "link":
        build, paper = nth(context, Kind.BUILD, args[0]), nth(context, Kind.PAPER, args[1])
        if build and paper:
            service.link(build, paper)
    elif verb == "unlink":
        build = nth(context, Kind.BUILD, args[0])
        if build:
            papers = service.get(build).paper_ids
            if papers:
                service.unlink(build, Ref(Kind.PAPER, papers[args[1] % len(papers)]))
    elif verb == "edit papers":
        build = nth(context, Kind.BUILD, args[0])
        papers = [ref.number for index in args[1] if (ref := nth(context, Kind.PAPER, index))]
        if build:
            service.edit(build, paper_ids=papers)
    elif verb == "snooze as":
        paper = nth(context, Kind.PAPER, args[0])
        context.suggestions().snooze(
            SimpleNamespace(rule="paper-read-no-build", target=paper), length=args[1]
        )
    elif verb == "unsnooze":
        snooze = nth(context, Kind.SNOOZE, args[0])
        if snooze:
            context.suggestions().unsnooze(str(snooze))
    elif verb == "link entry":
        entry, other = nth(context, Kind.ENTRY, args[0]), nth(context, args[1], args[2])
        if entry and other:
            service.link(entry, other)  # refused unless a question or an insight takes that link
    elif verb == "log evidence":
        paper = nth(context, Kind.PAPER, args[2])
        if paper:
            service.log(args[0], args[1], paper_id=paper.number, claim=args[3])  # refused past its claims
    elif verb == "claims":
        paper = nth(context, Kind.PAPER, args[0])
        if paper:
            service.edit(paper, claims=args[1])
    elif verb == "log":
        paper = nth(context, Kind.PAPER, args[2]) if args[2] is not None else None
        service.log(args[0], args[1], paper_id=paper.number if paper else None)
    elif verb == "phase start":
        service.start_phase(args[0], goal=args[1], review="switching")
    elif verb == "phase start unreviewed":
        service.start_phase(args[0])
    elif verb == "phase end":
        service.end_phase(review=args[0])
    elif verb == "snooze":
        target = nth(context, Kind.PAPER, args[1]) if args[0] == "paper-read-no-build" else None
        context.suggestions().snooze(
            SimpleNamespace(rule=args[0], target=target), length="1w" if args[2] else None
        )
    elif verb == "import":
        bib = folder / "refs.bib"
        bib.write_text("".join(f"@misc{{k{i}, title={{{title}}}}}\n" for i, title in enumerate(args[0])))
        context.transfer().import_file(bib)
    elif verb == "restore":
        context.transfer().import_file(export)
    else:
        target = nth(context, args[0], args[1])
        if target:
            service.delete(target)
