"""Commands that record and list: add, log, status, advance, link, unlink, edit, delete, phase, list,
show."""

from __future__ import annotations

import argparse
from datetime import datetime

from dualtui.domain import EntryKind, Kind, UserError, parse_ref
from dualtui.domain.dates import parse_when
from dualtui.domain.text_lists import split_items

from .output import print_json, print_records, record_json, record_line

LISTABLE = {"papers": Kind.PAPER, "builds": Kind.BUILD, "entries": Kind.ENTRY, "phases": Kind.PHASE}


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_add(subparsers)

    log = subparsers.add_parser("log", help="log an entry in the validation log")
    log.add_argument("kind", help=", ".join(k.value for k in EntryKind))
    log.add_argument("text")
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
        'as `dualtui show p3` lists them (dualtui log validated "p99 halved" --paper p3 --claim 2)',
    )
    _date(log)
    log.set_defaults(handler=_log)

    status = subparsers.add_parser("status", help="set the status of a paper or build")
    status.add_argument("id")
    status.add_argument("status", help="queued, reading, read, dropped; idea, building, shipped, abandoned")
    _date(status)
    status.set_defaults(handler=_status)

    advance = subparsers.add_parser("advance", help="move a paper or build one step along its path")
    advance.add_argument("id")
    _date(advance)
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

    edit = subparsers.add_parser("edit", help="change fields of a record")
    edit.add_argument("id")
    edit.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="e.g. --set title=...; a list (authors, tags, claims) is items separated by ';', "
        "a ';' of an item's own written ';;': --set 'authors=Doe, Jane; Roe, Rick'",
    )
    edit.set_defaults(handler=_edit)

    delete = subparsers.add_parser("delete", help="delete a record (undo brings it back)")
    delete.add_argument("id")
    delete.set_defaults(handler=_delete)

    _register_phase(subparsers)

    listing = subparsers.add_parser("list", help="list papers, builds, entries or phases")
    listing.add_argument("what", choices=sorted(LISTABLE))
    listing.add_argument("--status", help="only this status (papers and builds) or kind (entries)")
    listing.add_argument("--json", action="store_true", help="stable JSON for programs")
    listing.set_defaults(handler=_list)

    show = subparsers.add_parser("show", help="show one record")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
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
    width = max(len(ids) for ids, _ in examples) + 4
    lines = "".join(f"\n  dualtui {word} {ids:<{width}}{meaning}" for ids, meaning in examples)
    parser = subparsers.add_parser(
        word,
        help=help,
        description=description,
        epilog=f"examples:{lines}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("first", metavar="ID", help="a build, a question or an insight (b3, e12)")
    parser.add_argument("second", metavar="ID", help=second)
    parser.set_defaults(handler=handler)


def _register_add(subparsers: argparse._SubParsersAction) -> None:
    add = subparsers.add_parser("add", help="add a paper or a build")
    kinds = add.add_subparsers(dest="what", metavar="paper|build", required=True)

    paper = kinds.add_parser("paper", help="add a paper to the reading queue")
    paper.add_argument("title")
    paper.add_argument(
        "--authors", action="append", default=[], metavar="NAME", help="repeat, or separate with ' and '"
    )
    paper.add_argument("--year", type=int)
    paper.add_argument("--venue", default="")
    paper.add_argument("--doi", default="")
    paper.add_argument("--arxiv", default="")
    paper.add_argument("--url", default="")
    paper.add_argument("--tag", action="append", default=[], metavar="TAG")
    paper.add_argument("--status", default="queued", help="queued (default), reading, read, dropped")
    paper.add_argument("--priority", default="0", help="none, low, medium, high")
    paper.add_argument("--notes", default="")
    paper.add_argument(
        "--claim", action="append", default=[], metavar="TEXT", help="what it says should work"
    )
    paper.add_argument(
        "--for",
        dest="for_question",
        metavar="ID",
        help="the research question it is read for (e12): adds and links in one step",
    )
    _date(paper)
    paper.set_defaults(handler=_add_paper)

    build = kinds.add_parser("build", help="add a build to the build queue")
    build.add_argument("title", nargs="?", default="", help="defaults to the title of what --from names")
    build.add_argument(
        "--from", dest="source", metavar="ID", help="a paper (p12) or an insight (e40) it puts to work"
    )
    build.add_argument(
        "--paper", action="append", default=[], metavar="ID", help="a paper it builds on (repeat)"
    )
    build.add_argument("--status", default="idea", help="idea (default), building, shipped, abandoned")
    build.add_argument("--description", default="")
    build.add_argument("--data-source", default="", help="the real data it runs on")
    build.add_argument("--constraints", default="", help="latency, scale, cost")
    build.add_argument("--users", default="", help="who depends on it")
    _date(build)
    build.set_defaults(handler=_add_build)


def _register_phase(subparsers: argparse._SubParsersAction) -> None:
    phase = subparsers.add_parser("phase", help="show the current phase, or start or end one")
    actions = phase.add_subparsers(dest="action", metavar="start|end")
    phase.set_defaults(handler=_phase_show)

    start = actions.add_parser("start", help="start a phase (ending the open one with a review)")
    start.add_argument("kind", help="research or production")
    start.add_argument("--goal", default="")
    start.add_argument("--length", help='e.g. "3 months" (default from config)')
    start.add_argument("--review", default="", help="your reflection on the phase that ends")
    _date(start)
    start.set_defaults(handler=_phase_start)

    end = actions.add_parser("end", help="end the open phase with a review")
    end.add_argument("--review", default="")
    _date(end)
    end.set_defaults(handler=_phase_end)


def _links(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paper", metavar="ID", help="the paper it is about")
    parser.add_argument("--build", metavar="ID", help="the build it is about")


def _date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", metavar="WHEN", help="when it happened (YYYY-MM-DD, yesterday, 3 days ago)")


def _when(context, args: argparse.Namespace) -> datetime | None:
    return parse_when(args.date, today=context.clock.today()) if args.date else None


def _number(text: str | None, kind: Kind) -> int | None:
    return None if text is None else parse_ref(text, kind).number


def _add_paper(context, args: argparse.Namespace) -> int:
    authors = [name.strip() for value in args.authors for name in value.split(" and ")]
    paper = context.service.add_paper(
        args.title,
        authors=authors,
        year=args.year,
        venue=args.venue,
        doi=args.doi,
        arxiv=args.arxiv,
        url=args.url,
        tags=args.tag,
        status=args.status,
        priority=args.priority,
        notes=args.notes,
        claims=args.claim,
        for_question=args.for_question,
        when=_when(context, args),
    )
    print(paper.ref)
    return 0


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
    current = context.service.snapshot().current_phase()
    phase = context.service.start_phase(
        args.kind, goal=args.goal, length=args.length, review=args.review, when=_when(context, args)
    )
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


def _list(context, args: argparse.Namespace) -> int:
    kind = LISTABLE[args.what]
    records = list(context.service.snapshot().table(kind).values())
    if args.status:
        wanted = args.status.strip().lower()
        records = [r for r in records if _status_of(r) == wanted]
    records.sort(key=lambda r: r.id)
    print_records(records, context.clock.today(), args.json)
    return 0


def _status_of(record: object) -> str:
    value = getattr(record, "status", None) or getattr(record, "kind", None)
    return getattr(value, "value", str(value))


def _show(context, args: argparse.Namespace) -> int:
    record = context.service.get(args.id)
    if args.json:
        print_json(record_json(record))
        return 0
    from .loops_view import loop_lines, missing_marks

    marks = missing_marks(record)
    for key, value in record_json(record).items():
        print(f"{key:>16}: {value}{marks.get(key, '')}")
    for line in loop_lines(context.service.snapshot(), record):
        print(line)
    return 0
