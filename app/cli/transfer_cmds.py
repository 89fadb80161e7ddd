"""Commands that move the journal in and out, and look back: import, export, writeup, review.

Handlers import their services (and bibtexparser, pylatexenc, PyYAML with them) only when they run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from dualtui.services.transfer import EXPORT_FORMATS

    imp = subparsers.add_parser(
        "import",
        help="import BibTeX/biblatex (.bib), or restore a dualtui export (.json/.yaml) into an empty journal",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="report what would happen, change nothing")
    imp.add_argument("--json", action="store_true", help="the report as JSON")
    imp.set_defaults(handler=_import)

    exp = subparsers.add_parser("export", help="export the journal (stdout unless -o)")
    exp.add_argument("--format", choices=EXPORT_FORMATS, default="markdown")
    exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    exp.set_defaults(handler=_export)

    writeup = subparsers.add_parser("writeup", help="draft the paper about a build, in Markdown")
    writeup.add_argument("build", help="the build, e.g. b3")
    writeup.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="where (default: writeups: in the config, or writeups/ beside the journal)",
    )
    writeup.add_argument("--done", action="store_true", help="mark the existing write-up done")
    writeup.add_argument(
        "--force", action="store_true", help="overwrite the file even if it was edited since it was drafted"
    )
    writeup.set_defaults(handler=_writeup)

    review = subparsers.add_parser("review", help="weekly review: the open loops and what closes each")
    review.add_argument("--json", action="store_true", help="stable JSON for programs")
    review.set_defaults(handler=_review)


def _import(context, args: argparse.Namespace) -> int:
    report = context.transfer().import_file(args.file, dry_run=args.dry_run)
    if args.json:
        from .output import print_json

        print_json(report.as_json())
        return 0
    would = "would be " if report.dry_run else ""
    if report.restored:
        counts = ", ".join(f"{n} {table}" for table, n in report.restored.items())
        print(f"{would}restored from {report.source}: {counts}")
        return 0
    print(
        f"{report.source}: {len(report.added)} {would}added, {len(report.skipped)} skipped, "
        f"{len(report.unreadable)} could not be read"
    )
    for added in report.added:
        ref = "" if report.dry_run else f"{added.ref!s:<6} "
        print(f"  {would}added   line {added.line:>5}  {ref}{added.title}")
    for skipped in report.skipped:
        print(f"  skipped line {skipped.line:>5}  {skipped.title}: {skipped.reason}")
    for bad in report.unreadable:
        key = f" ({bad.key})" if bad.key else ""
        print(f"  unread  line {bad.line:>5}{key}: {bad.reason}")
    return 0


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
        result = writeups.mark_done(ref)
        print(f"{result.path}\n{ref} write-up done")
        return 0
    result = writeups.draft(ref, output=args.output, force=args.force)
    print(result.path)
    return 0


def _review(context, args: argparse.Namespace) -> int:
    from dualtui.services.review import weekly_review

    review = weekly_review(context.service.snapshot(), context.clock.today())
    if args.json:
        from .output import print_json

        print_json(review.as_json())
        return 0
    print("\n".join(review.lines()))
    return 0
