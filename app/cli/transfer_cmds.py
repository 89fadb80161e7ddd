"""Commands that move the journal in and out, and look back: import, export, writeup, review.

Handlers import their services (and bibtexparser, pylatexenc, PyYAML with them) only when they run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dualtui.domain.text import one_of

from .options import add_command, dry_run_option, json_option


def register(subparsers: argparse._SubParsersAction) -> None:
    from dualtui.services.transfer import EXPORT_FORMATS

    imp = add_command(
        subparsers,
        "import",
        "import BibTeX/biblatex (.bib), or restore a dualtui export (.json/.yaml) into an empty journal",
        [
            ("dualtui import refs.bib --dry-run", "what it would add and skip, and why"),
            ("dualtui import old.bib --encoding latin-1", ""),
            ("dualtui import journal-export.json", "restore an export into an empty journal"),
        ],
    )
    imp.add_argument(
        "file", type=Path, metavar="FILE", help="a .bib file, or a dualtui .json or .yaml export"
    )
    dry_run_option(imp)
    json_option(imp, "the import report: README, “Import and export”")
    imp.add_argument(
        "--encoding",
        metavar="NAME",
        help="read the .bib file in this encoding (e.g. latin-1, gbk); default: its byte-order mark or "
        "declaration, else UTF-8, else Windows-1252 with a warning",
    )
    imp.set_defaults(handler=_import)

    exp = add_command(
        subparsers,
        "export",
        "export the journal (stdout unless -o)",
        [
            ("dualtui export > journal.md", "the whole journal, to read"),
            ("dualtui export --format json -o backup.json", "everything, for `dualtui import`"),
            ("dualtui export --format bibtex -o reading.bib", "the reading list"),
        ],
    )
    exp.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="markdown",
        metavar="FORMAT",
        help=f"{one_of(EXPORT_FORMATS)}: json and yaml hold everything, markdown is for reading, "
        "bibtex is the reading list",
    )
    exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    exp.set_defaults(handler=_export)

    writeup = add_command(
        subparsers,
        "writeup",
        "draft the paper about a build, in Markdown",
        [
            ("dualtui writeup b3", "draft it, and print where it is"),
            ("dualtui writeup b3 --done", "once it is written"),
        ],
    )
    writeup.add_argument("build", metavar="BUILD", help="the build it is about (b3)")
    writeup.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="where (default: writeups: in the config, or writeups/ beside the journal)",
    )
    writeup.add_argument("--done", action="store_true", help="mark the existing write-up done")
    writeup.add_argument(
        "--force",
        action="store_true",
        help="overwrite the file even if it was edited since it was drafted; with --done, mark it done "
        "even if its abstract is still the template's placeholder",
    )
    writeup.set_defaults(handler=_writeup)

    review = add_command(
        subparsers,
        "review",
        "weekly review: the open loops and what closes each",
        [("dualtui review", ""), ("dualtui review --json | jq '.open_loops[].label'", "")],
    )
    json_option(review, "today, last_7_days, open_loops, dismissed")
    review.set_defaults(handler=_review)


def _import(context, args: argparse.Namespace) -> int:
    from .progress import ImportProgress

    progress = ImportProgress(f"importing {args.file.name}")
    try:
        report = context.transfer().import_file(
            args.file, dry_run=args.dry_run, encoding=args.encoding, progress=progress
        )
    finally:
        progress.close()
    if args.json:
        from .output import print_json

        print_json(report.as_json())
        return 0
    # Titles, keys and macro names from the file: shown harmlessly by the CLI's stream
    # (safe_text.terminal), as everything a command prints.
    for line in _report_lines(report):
        print(line)
    return 0


def _report_lines(report) -> list[str]:
    """The import report for people: a summary, then every entry by line, what happened and why."""
    would = "would be " if report.dry_run else ""
    if report.restored:
        counts = ", ".join(f"{n} {table}" for table, n in report.restored.items())
        return [f"{would}restored from {report.source}: {counts}"]
    lines = [*report.warnings]
    lines.append(
        f"{report.source}: {len(report.added)} {would}added, {len(report.skipped)} skipped, "
        f"{len(report.unreadable)} could not be read"
    )
    if report.unknown_macros:
        kept = ", ".join(f"{name} ({n})" for name, n in sorted(report.unknown_macros.items()))
        lines.append(f"LaTeX macros kept as written, with the number of entries holding each: {kept}")
    events = [(a.line, 0, a) for a in report.added] + [(s.line, 1, s) for s in report.skipped]
    events += [(u.line, 2, u) for u in report.unreadable]
    for _, kind, item in sorted(events, key=lambda event: (event[0], event[1])):
        if kind == 0:
            ref = "" if report.dry_run else f"{item.ref!s:<6} "
            lines.append(f"  {would}added   line {item.line:>5}  {ref}{item.title}")
            lines += [f"{'':>22}{note}" for note in item.notes]
        elif kind == 1:
            lines.append(f"  skipped line {item.line:>5}  {item.title}: {item.reason}")
        else:
            key = f" ({item.key})" if item.key else ""
            lines.append(f"  unread  line {item.line:>5}{key}: {item.reason}")
    return lines


def _export(context, args: argparse.Namespace) -> int:
    transfer = context.transfer()
    text = transfer.export(args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    transfer.write_export(args.output, text)
    print(args.output)
    return 0


def _writeup(context, args: argparse.Namespace) -> int:
    from dualtui.domain import Kind, parse_ref

    ref = parse_ref(args.build, Kind.BUILD)
    writeups = context.writeups()
    if args.done:
        result = writeups.mark_done(ref, force=args.force)
        print(f"{result.path}\n{ref} write-up done")
        return 0
    result = writeups.draft(ref, output=args.output, force=args.force)
    print(result.path)
    return 0


def _review(context, args: argparse.Namespace) -> int:
    from dualtui.services.review import weekly_review

    review = weekly_review(context.suggestions())
    if args.json:
        from .output import print_json

        print_json(review.as_json())
        return 0
    print("\n".join(review.lines()))
    return 0
