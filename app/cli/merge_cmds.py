"""Commands that merge another copy of the journal: merge, and git's merge driver."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dualtui.domain.text import one_line


def register(subparsers: argparse._SubParsersAction) -> None:
    merge = subparsers.add_parser(
        "merge",
        help="merge another copy of the journal (from a second machine, a sync tool, a backup) into it",
        epilog="example: dualtui merge ~/Sync/journal.sync-conflict-20261120-081530-ABCDEF7.json --dry-run",
    )
    merge.add_argument("other", metavar="OTHER.json", help="the other copy of the journal")
    merge.add_argument("--dry-run", action="store_true", help="say what it would do; write nothing")
    merge.set_defaults(handler=_merge)

    git_help = "git's merge driver for the journal: merges THEIRS into OURS (README, “Two machines”)"
    git_setup = 'git config merge.dualtui.driver "dualtui merge-driver %O %A %B"'
    driver = subparsers.add_parser("merge-driver", help=git_help, epilog=f"set it up: {git_setup}")
    for side, meaning in (
        ("base", "git's %%O: the common ancestor"),
        ("ours", "git's %%A: this branch's journal, where the result goes"),
        ("theirs", "git's %%B: the other branch's journal"),
    ):
        driver.add_argument(side, metavar=side.upper(), help=meaning)
    driver.set_defaults(handler=_merge_driver, opens_journal=False)


def _merge(context, args: argparse.Namespace) -> int:
    report = context.merging().merge_file(Path(args.other), dry_run=args.dry_run)
    print(one_line(report.headline(dry_run=args.dry_run)))
    for line in report.lines:
        print(f"  {one_line(line)}")
    return 0


def _merge_driver(context, args: argparse.Namespace) -> int:
    from dualtui.services.merging import merge_driver

    report = merge_driver(Path(args.base), Path(args.ours), Path(args.theirs))
    for line in (report.headline(), *report.lines):
        print(f"dualtui: {one_line(line)}", file=sys.stderr)
    return 0
