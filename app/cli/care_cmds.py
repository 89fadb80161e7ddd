"""Commands that look after the journal: doctor and demo."""

from __future__ import annotations

import argparse
import sys

from dualtui.domain.text import plural

from .options import add_command


def register(subparsers: argparse._SubParsersAction) -> None:
    doctor = add_command(
        subparsers,
        "doctor",
        "check the journal and config; restore the newest good backup",
        [("dualtui doctor", "exit status 1 when it finds a problem"), ("dualtui doctor --restore", "")],
    )
    doctor.add_argument("--restore", action="store_true", help="put the newest good backup in place")
    doctor.set_defaults(handler=_doctor, opens_journal=False)

    demo = add_command(
        subparsers,
        "demo",
        "fill an empty journal with realistic sample data",
        [("dualtui --db /tmp/demo.json demo --size 400", "a journal of its own, to try the app on")],
    )
    demo.add_argument("--size", type=int, default=400, metavar="N", help="about how many records")
    demo.add_argument("--seed", type=int, default=7, metavar="N", help="another number gives another journal")
    demo.set_defaults(handler=_demo)


def _doctor(context, args: argparse.Namespace) -> int:
    from dualtui.services.care import checkup, restore

    if args.restore:
        backup, aside = restore(context)
        kept = f"; the file it replaced is kept as {aside}" if aside else ""
        print(f"restored {context.journal_path} from {backup}{kept}")
        return 0
    findings = checkup(context)
    for finding in findings:
        print(("ok   " if finding.ok else "FAIL ") + finding.text)
    failed = sum(not f.ok for f in findings)
    if failed:
        print(f"{plural(failed, 'problem')} found.", file=sys.stderr)
        return 1
    return 0


def _demo(context, args: argparse.Namespace) -> int:
    counts = context.demo().fill(args.size, args.seed)
    if counts is None:
        print(f"{context.journal_path} holds the demo journal already; nothing was changed.")
        return 0
    summary = ", ".join(f"{count} {table}" for table, count in counts.items())
    print(f"{context.journal_path}: {summary}")
    return 0
