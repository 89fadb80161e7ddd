"""`dualtui stats`: the practice in figures, per phase, for people, programs or a write-up."""

from __future__ import annotations

import argparse
import shutil

from dualtui.domain.text import one_of

from .options import add_command, json_option
from .output import print_json

EXAMPLES = [
    ("dualtui stats", "phases side by side, cycle times, trends, a year of activity"),
    ("dualtui stats --json | jq '.cycle_days'", ""),
    ("dualtui stats --format markdown > review.md", ""),
]
FORMATS = ("text", "markdown")


def register(subparsers: argparse._SubParsersAction) -> None:
    stats = add_command(
        subparsers,
        "stats",
        "the practice in figures: each phase, the loops' cycle times, trends, activity",
        EXAMPLES,
        description="What each phase produced, how long the loops take to close, and the last year's "
        "activity, as the app's insights screen (i) shows them.",
    )
    json_option(stats, "phases, counts per phase, and cycle_days, medians in days: README")
    stats.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        metavar="FORMAT",
        help=f"{one_of(FORMATS)}: text for the terminal, markdown to paste into a write-up",
    )
    stats.set_defaults(handler=_stats)


def _stats(context, args: argparse.Namespace) -> int:
    from dualtui.services.stats import insights

    figures = insights(context.service.snapshot(), context.clock.today())
    if args.json:
        print_json(figures.as_json())
        return 0
    from dualtui.services.stats_report import markdown_report, text_report

    if args.format == "markdown":
        print(markdown_report(figures), end="")
        return 0
    for line in text_report(figures, shutil.get_terminal_size().columns):
        print(line)
    return 0
