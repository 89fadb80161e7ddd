"""The options several commands share, each written once: a command's help, its examples, `--json`,
`--date`, `--dry-run`, an id. One wording for one meaning, wherever it appears."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

ANY_ID = "p12, b3, e40 or ph2"


def add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    summary: str,
    examples: Sequence[tuple[str, str]],
    *,
    description: str | None = None,
    **options,
) -> argparse.ArgumentParser:
    """A command with its one-line summary (in `dualtui --help`), a description (the summary unless
    there is more to say) and an `examples:` section ending its help: (command, what it does)."""
    return subparsers.add_parser(
        name,
        help=summary,
        description=description or summary[:1].upper() + summary[1:] + ".",
        epilog=examples_text(examples),
        **options,
    )


_EXAMPLE_WIDTH = 44  # a longer command has its explanation on the line below


def examples_text(examples: Sequence[tuple[str, str]]) -> str:
    width = max((len(c) for c, what in examples if what and len(c) <= _EXAMPLE_WIDTH), default=0)
    lines = []
    for command, what in examples:
        if len(command) > width and what:
            lines += [f"  {command}", f"  {'':<{width}}  {what}"]
        else:
            lines.append(f"  {command:<{width}}  {what}".rstrip())
    return "examples:\n" + "\n".join(lines)


def json_option(parser: argparse.ArgumentParser, shape: str = "README, “The command line”") -> None:
    parser.add_argument(
        "--json", action="store_true", help=f"print JSON for programs instead of text (its shape: {shape})"
    )


def date_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date", metavar="WHEN", help="when it happened: YYYY-MM-DD, YYYY-MM-DDTHH:MM, yesterday, 3 days ago"
    )


def dry_run_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="say what it would change, and change nothing")


def id_argument(parser: argparse.ArgumentParser, help_text: str = f"the record's id ({ANY_ID})") -> None:
    parser.add_argument("id", metavar="ID", help=help_text)
