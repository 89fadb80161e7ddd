"""Commands that record and list: add, log, status, advance, link, unlink, edit, delete, phase, list,
show."""

from __future__ import annotations

import argparse
from datetime import datetime

from dualtui.domain import BuildStatus, EntryKind, Kind, PaperStatus, PhaseKind, UserError, parse_ref
from dualtui.domain.dates import parse_when
from dualtui.domain.model import PRIORITY_NAMES
from dualtui.domain.text import one_of
from dualtui.domain.text_lists import split_items

from .options import add_command, date_option, id_argument, json_option
from .output import print_json, print_records, record_json, record_line, show_lines

# How a list is written on the command line, as in the app's forms (domain/text_lists.py).
LIST_SYNTAX = "separated by ';' (';;' for a ';' in an item)"

LISTABLE = {"papers": Kind.PAPER, "builds": Kind.BUILD, "entries": Kind.ENTRY, "phases": Kind.PHASE}


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_add(subparsers)

    log = add_command(
        subparsers,
        "log",
        "log an entry in the validation log",
        [
            ('dualtui log failure "p99 doubled at peak" --build b1', "a failure of build b1"),
            ('dualtui log question "Does hedging help?" --answers e1', "the question failure e1 raises"),
            ('dualtui log validated "p99 halved" --paper p3 --claim 2', "evidence for p3's claim 2"),
        ],
    )
    log.add_argument("kind", metavar="KIND", help=one_of(k.value for k in EntryKind))
    log.add_argument("text", metavar="TEXT", help="what happened, in your words")
    _links(log)
    log.add_argument(
        "--answers",
        metavar="ID",
        help="the entry this one follows up (a failure a question answers, a question an answer answers)",
    )
    log.add_argument(
        "--claim",
        type=int,
        metavar="N",
        help="with --paper, for validated or refuted: the number of the paper's claim it tests, "
        "as `dualtui show p3` lists them",
    )
    date_option(log)
    log.set_defaults(handler=_log)

    status = add_command(
        subparsers,
        "status",
        "set the status of a paper or build",
        [("dualtui status p12 read", "paper p12 is read"), ("dualtui status b3 shipped", "")],
    )
    id_argument(status, "the paper or build (p12, b3)")
    statuses = [*(s.value for s in PaperStatus), *(s.value for s in BuildStatus)]
    status.add_argument("status", metavar="STATUS", help=f"{one_of(statuses)}, as the record's kind allows")
    date_option(status)
    status.set_defaults(handler=_status)

    advance = add_command(
        subparsers,
        "advance",
        "move a paper or build one step along its path",
        [
            ("dualtui advance p12", "queued → reading → read"),
            ("dualtui advance b3", "idea → building → shipped"),
        ],
    )
    id_argument(advance, "the paper or build (p12, b3)")
    date_option(advance)
    advance.set_defaults(handler=_advance)

    _two_records(
        subparsers,
        "link",
        _link,
        help="link a build to a paper, a question to what addresses it, an insight to a build",
        description="Link two records, in either order: a build to a paper it builds on; a question to a "
        "paper read for it or a build that tests it; an insight to a build it is applied to.",
        examples=(
            ("b3 p12", "build b3 builds on paper p12"),
            ("e12 p5", "paper p5 is read for question e12"),
            ("e12 b3", "build b3 is an experiment that tests question e12"),
            ("e7 b3", "insight e7 is applied to build b3"),
        ),
        second="the paper or build to link it to (p5, b3)",
    )
    _two_records(
        subparsers,
        "unlink",
        _unlink,
        help="take back a link: the inverse of link",
        description="Take back a link `dualtui link` made, in either order (undo puts it back).",
        examples=(
            ("b3 p12", "build b3 no longer builds on paper p12"),
            ("e12 p5", "paper p5 is no longer read for question e12"),
            ("e12 b3", "build b3 no longer tests question e12"),
            ("e7 b3", "insight e7 is no longer applied to build b3"),
        ),
        second="the paper or build it is linked to (p5, b3)",
    )

    edit = add_command(
        subparsers,
        "edit",
        "change fields of a record",
        [
            ("dualtui edit p1 --set title='A better title' --set year=2014", ""),
            ("dualtui edit p1 --set 'authors=Doe, Jane; Roe, Rick'", "a list: items separated by ;"),
            ("dualtui edit b2 --set data-source='prod traces'", ""),
        ],
        description="Change fields of a record. The fields each kind of record has:\n"
        + "\n".join(f"  {kind.value + ':':<7} {', '.join(fields)}" for kind, fields in _editable().items()),
    )
    id_argument(edit)
    edit.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a field and its new value (repeat); a list (authors, tags, claims) has its items "
        f"{LIST_SYNTAX}; links (paper_ids, linked_papers, linked_builds) are ids: p1, p2",
    )
    edit.set_defaults(handler=_edit)

    delete = add_command(
        subparsers,
        "delete",
        "delete a record (undo brings it back)",
        [("dualtui delete p12", "its links go too"), ("dualtui undo", "and back it comes, links and all")],
    )
    id_argument(delete)
    delete.set_defaults(handler=_delete)

    _register_phase(subparsers)

    listing = add_command(
        subparsers,
        "list",
        "list papers, builds, entries or phases",
        [
            ("dualtui list papers --status reading", ""),
            ("dualtui list entries --status failure", "entries are filtered by their kind"),
            ("dualtui list builds --json | jq '.[].title'", ""),
        ],
    )
    listing.add_argument("what", metavar="WHAT", choices=list(LISTABLE), help=one_of(LISTABLE))
    listing.add_argument(
        "--status",
        metavar="STATUS",
        help="only records of this status (papers, builds) or kind (entries, phases)",
    )
    json_option(listing)
    listing.set_defaults(handler=_list)

    show = add_command(
        subparsers,
        "show",
        "show one record, with its loops",
        [("dualtui show p12", "a paper's claims and their evidence"), ("dualtui show e4 --json", "")],
        description="Show one record as a person reads it, then its loops: a paper's claims with their "
        "evidence, a question's chain from the failure to its answer, what a build still lacks.",
    )
    id_argument(show)
    json_option(show, "the record as stored, plus its id")
    show.set_defaults(handler=_show)


def _two_records(
    subparsers: argparse._SubParsersAction,
    word: str,
    handler,
    *,
    help: str,
    description: str,
    examples: tuple[tuple[str, str], ...],
    second: str,
) -> None:
    """`link` and `unlink`: two records, a build, question or insight and what it is linked to."""
    parser = add_command(
        subparsers,
        word,
        help,
        [(f"dualtui {word} {ids}", meaning) for ids, meaning in examples],
        description=description,
    )
    parser.add_argument("first", metavar="ID", help="a build, a question or an insight (b3, e12)")
    parser.add_argument("second", metavar="ID", help=second)
    parser.set_defaults(handler=handler)


def _editable() -> dict[Kind, tuple[str, ...]]:
    from dualtui.services.journal_service import EDITABLE

    return {kind: fields for kind, fields in EDITABLE.items() if fields}


def _register_add(subparsers: argparse._SubParsersAction) -> None:
    add = add_command(
        subparsers,
        "add",
        "add a paper or a build",
        [("dualtui add paper TITLE ...", ""), ("dualtui add build --from p12", "")],
    )
    kinds = add.add_subparsers(dest="what", metavar="WHAT", required=True, help="one of these:")

    paper = add_command(
        kinds,
        "paper",
        "add a paper to the reading queue",
        [
            (
                'dualtui add paper "The Tail at Scale" --authors "Dean, Jeffrey; Barroso, Luiz" --year 2013',
                "",
            ),
            ('dualtui add paper "Hedged requests" --for e12 --claim "cuts p99 by half"', ""),
        ],
    )
    paper.add_argument("title", metavar="TITLE", help="the paper's title")
    _list_option(paper, "--authors", "NAMES", "its authors, each as Last, First")
    paper.add_argument("--year", type=int, help="the year it was published")
    paper.add_argument("--venue", default="", help="where it was published (a journal, a conference)")
    paper.add_argument("--doi", default="", help="its DOI (10.1145/2408776.2408794)")
    paper.add_argument("--arxiv", default="", help="its arXiv id (2104.12871)")
    paper.add_argument("--url", default="", help="where to read it")
    _list_option(paper, "--tag", "TAG", "a tag")
    paper.add_argument("--status", default="queued", help=one_of(s.value for s in PaperStatus))
    paper.add_argument("--priority", default="none", help=one_of(PRIORITY_NAMES.values()) + ", or 0 to 3")
    paper.add_argument("--notes", default="", help="your notes on it")
    _list_option(paper, "--claim", "TEXT", "what it says should work")
    paper.add_argument(
        "--for",
        dest="for_question",
        metavar="ID",
        help="the research question it is read for (e12): adds and links in one step",
    )
    paper.add_argument(
        "--duplicate",
        action="store_true",
        help="add it even if the journal holds it already (the same DOI, arXiv id or title)",
    )
    date_option(paper)
    paper.set_defaults(handler=_add_paper)

    build = add_command(
        kinds,
        "build",
        "add a build to the build queue",
        [
            ('dualtui add build --from p12 --data-source "prod traces" --users on-call', ""),
            ('dualtui add build "hedging proxy" --paper p3 --paper p5', "a build on two papers"),
        ],
    )
    build.add_argument(
        "title",
        metavar="TITLE",
        nargs="?",
        default="",
        help="its name (default: the title of what --from names)",
    )
    build.add_argument(
        "--from", dest="source", metavar="ID", help="a paper (p12) or an insight (e40) it puts to work"
    )
    build.add_argument(
        "--paper", action="append", default=[], metavar="ID", help="a paper it builds on (repeat)"
    )
    build.add_argument("--status", default="idea", help=one_of(s.value for s in BuildStatus))
    build.add_argument("--description", default="", help="what it is and does")
    build.add_argument("--data-source", default="", help="the real data it runs on")
    build.add_argument("--constraints", default="", help="latency, scale, cost")
    build.add_argument("--users", default="", help="who depends on it")
    date_option(build)
    build.set_defaults(handler=_add_build)


def _list_option(parser: argparse.ArgumentParser, flag: str, metavar: str, what: str) -> None:
    """An option that takes a list, as `edit --set` and the forms write one; `_items` splits it."""
    parser.add_argument(
        flag, action="append", default=[], metavar=metavar, help=f"{what}; several {LIST_SYNTAX}, or repeat"
    )


def _register_phase(subparsers: argparse._SubParsersAction) -> None:
    phase = add_command(
        subparsers,
        "phase",
        "show the current phase, or start or end one",
        [("dualtui phase", "where the open phase stands"), ("dualtui phase start research --goal ...", "")],
    )
    actions = phase.add_subparsers(
        dest="action", metavar="ACTION", help="one of these (without one: where the open phase stands):"
    )
    phase.set_defaults(handler=_phase_show)

    kinds = [k.value for k in PhaseKind]
    start = add_command(
        actions,
        "start",
        "start a phase (ending the open one with a review)",
        [
            ('dualtui phase start research --goal "Understand tail latency" --length "3 months"', ""),
            ('dualtui phase start production --review "Read less, build more"', ""),
        ],
    )
    start.add_argument("kind", metavar="KIND", help=one_of(kinds))
    start.add_argument("--goal", default="", help="what the phase is for, in a sentence you can check")
    start.add_argument(
        "--length", help='how long it is planned: "3 months", "90 days" (default: the config\'s)'
    )
    start.add_argument(
        "--review", help="your reflection on the open phase, which ends as this one starts (one undo)"
    )
    date_option(start)
    start.set_defaults(handler=_phase_start)

    end = add_command(
        actions,
        "end",
        "end the open phase with a review",
        [('dualtui phase end --review "Shipped two, wrote up one"', "")],
    )
    end.add_argument("--review", default="", help="your reflection on the phase that ends")
    date_option(end)
    end.set_defaults(handler=_phase_end)


def _links(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paper", metavar="ID", help="the paper it is about")
    parser.add_argument("--build", metavar="ID", help="the build it is about")


def _when(context, args: argparse.Namespace) -> datetime | None:
    return parse_when(args.date, today=context.clock.today()) if args.date else None


def _number(text: str | None, kind: Kind) -> int | None:
    return None if text is None else parse_ref(text, kind).number


def _add_paper(context, args: argparse.Namespace) -> int:
    from dualtui.domain.errors import NeedsConfirmation

    try:
        paper = context.service.add_paper(
            args.title,
            authors=_items(args.authors),
            year=args.year,
            venue=args.venue,
            doi=args.doi,
            arxiv=args.arxiv,
            url=args.url,
            tags=_items(args.tag),
            status=args.status,
            priority=args.priority,
            notes=args.notes,
            claims=_items(args.claim),
            for_question=args.for_question,
            duplicate=args.duplicate,
            when=_when(context, args),
        )
    except NeedsConfirmation as error:
        raise UserError(f"{error}: add it with --duplicate if another copy is meant.") from None
    print(paper.ref)
    return 0


def _items(values: list[str]) -> list[str]:
    """A list option's items: each value given, split as the forms and `edit --set` split a list."""
    return [item for value in values for item in split_items(value)]


def _add_build(context, args: argparse.Namespace) -> int:
    fields = {
        "description": args.description,
        "status": args.status,
        "data_source": args.data_source,
        "constraints": args.constraints,
        "users": args.users,
        "when": _when(context, args),
    }
    service = context.service
    extra_papers = [_number(p, Kind.PAPER) for p in args.paper]
    if args.source:
        source = parse_ref(args.source)
        if source.kind is Kind.PAPER:
            build = service.build_from_paper(source, title=args.title, **fields)
        elif source.kind is Kind.ENTRY:
            build = service.build_from_insight(source, title=args.title, **fields)
        else:
            raise UserError(f"--from takes a paper (p12) or an insight entry (e40), not {source}.")
        for number in extra_papers:
            if number not in build.paper_ids:
                build = service.link(build.ref, parse_ref(f"p{number}"))
    else:
        build = service.add_build(args.title, paper_ids=extra_papers, **fields)
    print(build.ref)
    return 0


def _log(context, args: argparse.Namespace) -> int:
    entry = context.service.log(
        args.kind,
        args.text,
        paper_id=_number(args.paper, Kind.PAPER),
        build_id=_number(args.build, Kind.BUILD),
        answers=_number(args.answers, Kind.ENTRY),
        claim=args.claim,
        when=_when(context, args),
    )
    print(entry.ref)
    return 0


def _status(context, args: argparse.Namespace) -> int:
    record = context.service.set_status(args.id, args.status, _when(context, args))
    print(f"{record.ref} is {record.status.value}")
    return 0


def _advance(context, args: argparse.Namespace) -> int:
    record = context.service.advance(args.id, _when(context, args))
    print(f"{record.ref} is {record.status.value}")
    return 0


def _link(context, args: argparse.Namespace) -> int:
    print(_links_line(context.service.link(args.first, args.second)))
    return 0


def _unlink(context, args: argparse.Namespace) -> int:
    print(_links_line(context.service.unlink(args.first, args.second)))
    return 0


def _links_line(holder) -> str:
    """What a build builds on, what addresses a question, what an insight is applied to, after a link
    or an unlink."""
    from dualtui.domain import Build

    if isinstance(holder, Build):
        papers = ", ".join(f"p{n}" for n in holder.paper_ids)
        return f"{holder.ref} builds on {papers}" if papers else f"{holder.ref} builds on no paper"
    papers = ", ".join(f"p{n}" for n in holder.linked_papers)
    builds = ", ".join(f"b{n}" for n in holder.linked_builds)
    if holder.kind is EntryKind.INSIGHT:
        return f"{holder.ref} is applied to {builds}" if builds else f"{holder.ref} is applied to no build"
    addressed = " and ".join(part for part in (papers, builds) if part) or "nothing"
    return f"{holder.ref} is addressed by {addressed}"


def _edit(context, args: argparse.Namespace) -> int:
    if not args.set:
        raise UserError("Say what to change, e.g. --set title='A better title'.")
    fields: dict[str, object] = {}
    for assignment in args.set:
        name, sep, value = assignment.partition("=")
        if not sep:
            raise UserError(f"“{assignment}” is not FIELD=VALUE.")
        fields[name.strip().replace("-", "_")] = _edit_value(name.strip(), value)
    record = context.service.edit(args.id, **fields)
    print(record_line(record, context.clock.today()))
    return 0


def _edit_value(name: str, value: str) -> object:
    if name in ("authors", "tags", "claims"):
        return split_items(value)
    if name == "year":
        if not value.strip().isdigit():
            raise UserError(f"“{value}” is not a year.")
        return int(value)
    if name == "claim":
        if value.strip() and not value.strip().isdigit():
            raise UserError(f"“{value}” is not a claim number: use 1 for the paper's first claim.")
        return int(value) if value.strip() else None
    if name in ("paper_ids", "linked_papers", "linked_builds"):
        kind = Kind.BUILD if name == "linked_builds" else Kind.PAPER
        return [_number(part, kind) for part in value.replace(",", " ").split()]
    if name in ("paper_id", "build_id", "answers"):
        kind = {"paper_id": Kind.PAPER, "build_id": Kind.BUILD, "answers": Kind.ENTRY}[name]
        return _number(value, kind) if value.strip() else None
    return value


def _delete(context, args: argparse.Namespace) -> int:
    record = context.service.delete(args.id)
    print(f"deleted {record.ref}; `dualtui undo` brings it back")
    return 0


def _phase_show(context, args: argparse.Namespace) -> int:
    from dualtui.domain.phases import progress

    phase = context.service.snapshot().current_phase()
    if phase is None:
        print("No phase is open. Start one: dualtui phase start research|production --goal ...")
        return 0
    state = progress(phase, context.clock.today())
    left = f"{state.days_left} days left" if state.days_left >= 0 else f"{state.overdue} days overdue"
    if state.starts_in:
        left = f"until {phase.planned_end}"
    print(f"{phase.ref} {phase.kind.value}: {state.day_text()}, {left}")
    if phase.goal:
        print(f"goal: {phase.goal}")
    return 0


def _phase_start(context, args: argparse.Namespace) -> int:
    from dualtui.services.journal_service import PhaseOpen

    current = context.service.snapshot().current_phase()
    try:
        phase = context.service.start_phase(
            args.kind, goal=args.goal, length=args.length, review=args.review, when=_when(context, args)
        )
    except PhaseOpen as error:
        open_phase = error.phase.ref
        raise UserError(
            f"{open_phase} ({error.phase.kind.value}, since {error.phase.started:%Y-%m-%d}) is still open: "
            f'end it first with `dualtui phase end --review "..."`, or start this one with '
            f'`--review "..."`, which ends {open_phase} and starts the new phase in one change (one undo).'
        ) from None
    if current is not None:
        _print_review_of(context, current.ref)
    print(phase.ref)
    return 0


def _phase_end(context, args: argparse.Namespace) -> int:
    ended = context.service.end_phase(review=args.review, when=_when(context, args))
    _print_review_of(context, ended.ref)
    return 0


def _print_review_of(context, ref) -> None:
    from dualtui.services.review import comparison_lines, phase_summary, same_kind_phases

    snapshot = context.service.snapshot()
    ended = snapshot.get(ref)
    print(f"ended {ended.ref} ({ended.kind.value})")
    for line in phase_summary(snapshot, ended).lines()[1:]:
        print(f"  {line}")
    for line in comparison_lines(same_kind_phases(snapshot, ended, context.clock.today())):
        print(f"  {line}")


# What `list --status` filters each table by, and the words naming it in a refusal.
_FILTERS = {
    Kind.PAPER: (PaperStatus, "paper status", "status"),
    Kind.BUILD: (BuildStatus, "build status", "status"),
    Kind.ENTRY: (EntryKind, "entry kind", "kind"),
    Kind.PHASE: (PhaseKind, "phase kind", "kind"),
}


def _list(context, args: argparse.Namespace) -> int:
    from dualtui.services.journal_service import choice

    kind = LISTABLE[args.what]
    records = list(context.service.snapshot().table(kind).values())
    if args.status:
        values, what, field = _FILTERS[kind]
        wanted = choice(values, args.status, what)
        records = [r for r in records if getattr(r, field) is wanted]
    records.sort(key=lambda r: r.id)
    print_records(records, context.clock.today(), args.json)
    return 0


def _show(context, args: argparse.Namespace) -> int:
    record = context.service.get(args.id)
    if args.json:
        print_json(record_json(record))
        return 0
    from .loops_view import loop_lines, missing_marks

    for line in show_lines(record, missing_marks(record)):
        print(line)
    for line in loop_lines(context.service.snapshot(), record):
        print(line)
    return 0
