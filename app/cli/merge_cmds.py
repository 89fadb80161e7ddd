"""Commands that merge another copy of the journal: merge, and git's merge driver."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dualtui.domain.text import one_line

from .options import add_command, dry_run_option


def register(subparsers: argparse._SubParsersAction) -> None:
    merge = add_command(
        subparsers,
        "merge",
        "merge another copy of the journal (from a second machine, a sync tool, a backup) into it",
        [
            ("dualtui merge ~/Sync/journal.sync-conflict-20261120-081530-ABCDEF7.json --dry-run", ""),
            ("dualtui merge /mnt/laptop/journal.json", ""),
        ],
    )
    merge.add_argument("other", metavar="OTHER.json", help="the other copy of the journal")
    dry_run_option(merge)
    merge.set_defaults(handler=_merge)

    driver = add_command(
        subparsers,
        "merge-driver",
        "git's merge driver for the journal: merges THEIRS into OURS (README, “Two machines”)",
        [
            ("echo 'journal.json merge=dualtui' >> .gitattributes", "set it up, once per repository"),
            ('git config merge.dualtui.driver "dualtui merge-driver %O %A %B"', ""),
        ],
    )
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
