"""The command line: `dualtui` opens the app; `dualtui COMMAND ...` works on the journal headless.

This is the composition root: it resolves the journal, config, clock and rules from the options and
hands them to the command or to the app. Command modules import their heavy dependencies inside
their handlers, and Textual is imported only to open the app.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from dualtui import __version__
from dualtui.domain import UserError

from .options import examples_text
from .output import TerminalStream
from .parsing import GLOBAL_OPTIONS, CommandParser, add_global_options, sub_parsers

# Each module has register(subparsers), which sets a handler with set_defaults(handler=...), and is
# listed with the command words it registers: a command builds the parser of its own module only.
COMMAND_MODULES = {
    "dualtui.cli.journal_cmds": (
        "add", "log", "status", "advance", "link", "unlink", "edit", "delete", "phase", "list", "show",
    ),
    "dualtui.cli.history_cmds": ("undo", "redo", "history"),
    "dualtui.cli.merge_cmds": ("merge", "merge-driver"),
    "dualtui.cli.care_cmds": ("doctor", "demo"),
    "dualtui.cli.transfer_cmds": ("import", "export", "writeup", "review"),
    "dualtui.cli.rules_cmds": ("next", "why", "snooze", "snoozed", "unsnooze", "rules"),
    "dualtui.cli.stats_cmds": ("stats",),
    "dualtui.cli.completion_cmds": ("completion",),
}  # fmt: skip
_GLOBALS_WITH_VALUES = tuple(flag for flag, _, _ in GLOBAL_OPTIONS)
NO_TERMINAL = (
    "dualtui: the app needs a terminal, and standard input or output is not one; without a terminal, "
    "run a command (dualtui next, dualtui list papers, dualtui add paper TITLE: `dualtui --help` lists "
    "them all)."
)


def build_parser(command: str | None = None, *, asks_help: bool = True) -> argparse.ArgumentParser:
    """The parser for `command`'s module alone when it is known, for every command when the command
    is unknown or help is asked for, and for the global options alone when there is no command."""
    parser = CommandParser(
        prog="dualtui",
        description="A journal for alternating research and production. Without a command, it opens the "
        "app; with one, it works on the journal without a terminal. The global options work before or "
        "after the command word.",
        # Where the journal is, as the code resolves it, costs an import: only a help page pays it.
        epilog=_top_level_epilog() if asks_help else None,
    )
    add_global_options(parser, top_level=True)
    parser.add_argument("--version", action="version", version=f"dualtui {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="one of these (without one, the app opens):"
    )
    if command is None and not asks_help:
        return parser  # opening the app: no command's parser is needed (about 20 ms of every launch)
    owners = [module for module, words in COMMAND_MODULES.items() if command in words]
    for name in owners or COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    for sub_parser in sub_parsers(parser):
        add_global_options(sub_parser, top_level=False)
    return parser


def _top_level_epilog() -> str:
    from dualtui.services.config import default_config_path, default_journal_path

    return (
        f"journal: {default_journal_path()} unless --db or $DUALTUI_DB names another\n"
        f"config:  {default_config_path()} unless --config or $DUALTUI_CONFIG names another\n"
        "docs:    README.md (every command, exit statuses), docs/keys.md (the app's keys),\n"
        "         docs/rules.md (the rules), docs/ARCHITECTURE.md; `dualtui COMMAND --help` for one command\n"
        "\n"
        + examples_text(
            [
                ("dualtui", "open the app on your journal"),
                ("dualtui --db /tmp/demo.json demo", "fill a journal of its own with sample data"),
                ('dualtui add paper "The Tail at Scale" --year 2013', "add a paper to the reading queue"),
                ("dualtui next", "what to do next, and why"),
                ("dualtui completion bash > ~/.local/share/bash-completion/completions/dualtui", ""),
            ]
        )
    )


def command_word(argv: Sequence[str]) -> str | None:
    """The command in `argv`: its first word that is neither a global option nor an option's value."""
    words = iter(argv)
    for word in words:
        if word in _GLOBALS_WITH_VALUES:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    # What a command prints, its usage errors included, shows text from the journal or the command
    # line harmlessly; the app draws the screen itself and is handed the real streams.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)  # type: ignore[assignment]
    try:
        return _run(words)
    finally:
        sys.stdout, sys.stderr = streams


def _run(words: list[str]) -> int:
    asks_help = any(word in ("-h", "--help") for word in words)
    args = build_parser(command_word(words), asks_help=asks_help).parse_args(words)
    if args.command is None and not terminal_attached():
        # Textual would draw into a file or wait for keys from nowhere; say so before anything opens.
        print(NO_TERMINAL, file=sys.stderr)
        return 1
    try:
        _refuse_bytes_that_are_not_text(args)
        context = _context(
            args,
            open_journal=getattr(args, "opens_journal", True),
            # The app may draw its first frame from what its last launch kept, before the journal.
            lazy=getattr(args, "reads_lazily", False) or args.command is None,
        )
        if args.command is None:
            from dualtui.tui import run

            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            return run(context)
        if getattr(args, "opens_journal", True):
            _merge_conflict_copies(context)
        return int(args.handler(context, args) or 0)
    except UserError as error:
        print(f"dualtui: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def terminal_attached() -> bool:
    """Whether the app can run here: both standard input and output are a terminal."""
    return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()


# Options that name files: a file name may be any bytes, and is passed on as the system gave it.
_PATH_OPTIONS = frozenset({"db", "config", "rules", "file", "output"})


def _refuse_bytes_that_are_not_text(args: argparse.Namespace) -> None:
    # Python keeps an argument's non-UTF-8 bytes as lone surrogates, which no journal can hold.
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if name not in _PATH_OPTIONS and isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raise UserError(
                        f"The argument “{text}” is not UTF-8 text; nothing was changed."
                    ) from None


def entry() -> None:
    """The console script: run, then leave without tearing the interpreter down.

    Every write is already durable when a command returns (transactions fsync), so freeing tens of
    thousands of records and modules one by one only delays the prompt; the streams are flushed first.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)


def _context(args: argparse.Namespace, *, open_journal: bool, lazy: bool):  # -> AppContext, lazily
    from dualtui.domain.dates import parse_day
    from dualtui.services.context import build_context

    today = parse_day(args.today) if args.today else None
    return build_context(
        db=args.db,
        config=args.config,
        today=today,
        rules=args.rules,
        open_journal=open_journal,
        lazy=lazy,
        actor=actor(args),
    )


def _merge_conflict_copies(context) -> None:  # context: AppContext, imported lazily
    """A sync tool's conflict copies beside the journal, merged before the command runs (one line
    each on stderr); a failure to merge leaves the copy and lets the command go on."""
    try:
        lines = context.merging().merge_conflict_copies()
    except UserError as error:
        lines = [f"conflict copy not merged: {error}"]
    from dualtui.domain.text import one_line

    for line in lines:
        print(f"dualtui: {one_line(line)}", file=sys.stderr)


def actor(args: argparse.Namespace) -> str:
    """Who the change history says made a change: "app", or the command words (`dualtui add paper`),
    never what was typed after them."""
    if args.command is None:
        return "app"
    words = [args.command]
    for sub_command in ("what", "action"):
        value = getattr(args, sub_command, None)
        if isinstance(value, str) and value.isalpha():
            words.append(value)
    return "dualtui " + " ".join(words)
