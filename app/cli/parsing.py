"""How the command line reads its words: argparse, with help pages and usage errors for people.

A usage error keeps argparse's exit status 2 but is one sentence naming what was wrong, then the
usage line of the command it was typed to (not the top level's): `dualtui add paper x --yaer 2013`
says that `add paper` has no `--yaer`, and that `--year` is near. The global options are accepted
after the command word too (`dualtui next --today 2026-11-01`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from typing import NoReturn

from dualtui.domain.text import did_you_mean, one_of

# The options every command takes, before or after its command word: (flags, metavar, help).
GLOBAL_OPTIONS = (
    ("--db", "PATH", "the journal file (default: $DUALTUI_DB, else journal.json in the user data folder)"),
    ("--config", "PATH", "the config file (default: $DUALTUI_CONFIG, else the user config folder)"),
    ("--rules", "PATH", "your rules file (default: rules: in the config)"),
    ("--today", "DATE", "compute days, phases and rules as if today were DATE (YYYY-MM-DD)"),
)


class HelpFormatter(argparse.HelpFormatter):
    """Wraps a one-line paragraph of a description or epilog, keeps one written on several lines
    (examples, a table) as written, and shows every option's default that means something."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for block in text.split("\n\n"):
            if "\n" in block:
                blocks.append("\n".join(indent + line for line in block.splitlines()))
            else:
                blocks.append(super()._fill_text(block, width, indent))
        return "\n\n".join(blocks)

    def _split_lines(self, text: str, width: int) -> list[str]:
        # A date format or an option (YYYY-MM-DD, --data-source) is never broken at its hyphens.
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _get_help_string(self, action: argparse.Action) -> str:
        help_text = action.help or ""
        default = action.default
        shown = default not in (None, "", [], False, True, argparse.SUPPRESS)
        if shown and "default" not in help_text:
            help_text += " (default: %(default)s)"
        return help_text


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser whose every command reports its own usage errors in one sentence."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        # A command's words are all its own (the global options are among its options), so what is
        # left over is wrong here, and this command's usage is the one to show.
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.refuse(_leftover(self, extras))
        return namespace, extras

    def error(self, message: str) -> NoReturn:
        self.refuse(_sentence(self, message))

    def refuse(self, sentence: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {sentence}\n{self.format_usage()}")
        sys.exit(2)


def _leftover(parser: argparse.ArgumentParser, extras: list[str]) -> str:
    option = next((word for word in extras if word.startswith("-")), None)
    if option is not None:
        name = option.split("=", 1)[0]
        options = [flag for action in parser._actions for flag in action.option_strings]
        return f"there is no option {name} here{did_you_mean(name, options)}."
    return f"“{extras[0]}” is one word too many: see the usage below."


# argparse's messages, matched only when one is shown (re caches each pattern): compiled at import,
# they would cost every command a couple of milliseconds.
_CHOICE = r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)"
_REQUIRED = r"the following arguments are required: (.*)"
_TYPE = r"argument (\S+): invalid (\w+) value: '(.*)'"
_VALUE = r"argument (\S+): expected (?:one|at least one|\d+) arguments?"
_EXCLUSIVE = r"argument (\S+): not allowed with argument (\S+)"
_AMBIGUOUS = r"ambiguous option: (\S+) could match (.*)"
_TYPE_NAMES = {"int": "a whole number", "float": "a number"}


def _sentence(parser: argparse.ArgumentParser, message: str) -> str:
    """argparse's message as one sentence a person reads."""
    if match := re.fullmatch(_CHOICE, message):
        name, value, choices = match.groups()
        known = [choice.strip("'") for choice in choices.split(", ")]
        if name == "COMMAND":
            return f"“{value}” is not a command{did_you_mean(value, known)}: `dualtui --help` lists them."
        return f"“{value}” is not {one_of(known)}{did_you_mean(value, known)}."
    if match := re.fullmatch(_REQUIRED, message):
        names = match.group(1).split(", ")
        return f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} missing."
    if match := re.fullmatch(_TYPE, message):
        name, kind, value = match.groups()
        return f"{name} takes {_TYPE_NAMES.get(kind, kind)}, not “{value}”."
    if match := re.match(_VALUE, message):
        return f"{match.group(1)} needs a value."
    if match := re.fullmatch(_EXCLUSIVE, message):
        return f"{match.group(1)} and {match.group(2)} cannot be used together."
    if match := re.fullmatch(_AMBIGUOUS, message):
        return f"{match.group(1)} could be any of {match.group(2)}: write the option out."
    return message[:1].upper() + message[1:].rstrip(".") + "."


def add_global_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """The global options, on the top level with their help, and on every command hidden (its help
    names them) and without defaults, so a value given before the command word stands."""
    for flag, metavar, help_text in GLOBAL_OPTIONS:
        if top_level:
            parser.add_argument(flag, metavar=metavar, help=help_text)
        else:
            parser.add_argument(flag, metavar=metavar, help=argparse.SUPPRESS, default=argparse.SUPPRESS)


def sub_parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every command's parser under `parser`, nested ones (`add paper`, `rules check`) included."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield child
                yield from sub_parsers(child)
