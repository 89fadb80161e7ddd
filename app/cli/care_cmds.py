"""Commands that look after the journal: doctor and demo."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    doctor = subparsers.add_parser(
        "doctor", help="check the journal and config; restore the newest good backup"
    )
    doctor.add_argument("--restore", action="store_true", help="put the newest good backup in place")
    doctor.set_defaults(handler=_doctor, opens_journal=False)

    demo = subparsers.add_parser("demo", help="fill an empty journal with realistic sample data")
    demo.add_argument("--size", type=int, default=400, help="about how many records (default 400)")
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(handler=_demo)


def _doctor(context, args: argparse.Namespace) -> int:
    from dualtui.store.repair import check, restore_newest_backup

    path = context.journal_path
    if args.restore:
        backup, aside = restore_newest_backup(path, context.clock.now())
        kept = f"; the file it replaced is kept as {aside}" if aside else ""
        print(f"restored {path} from {backup}{kept}")
        return 0
    findings = check(path) + _rule_findings(context)
    config = context.config.path
    print(f"ok   config: {config}" if config else "ok   config: none (defaults)")
    for finding in findings:
        print(("ok   " if finding.ok else "FAIL ") + finding.text)
    failed = [f for f in findings if not f.ok]
    if failed:
        print(f"{len(failed)} problem(s) found.", file=sys.stderr)
        return 1
    return 0


def _rule_findings(context) -> list:
    from dualtui.store.repair import Finding

    rules = context.suggestions().rules
    files = " + ".join(rules.files)
    found = [Finding(True, f"{len(rules.rules)} rules from {files}.")]
    return found + [Finding(False, f"rule problem: {problem}") for problem in rules.problems]


def _demo(context, args: argparse.Namespace) -> int:
    from dualtui.services.demo import fill_demo

    counts = fill_demo(context.journal, args.size, context.clock.today(), args.seed)
    summary = ", ".join(f"{count} {table}" for table, count in counts.items())
    print(f"{context.journal_path}: {summary}")
    return 0
