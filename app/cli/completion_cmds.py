"""`dualtui completion bash|zsh`: a shell completion script, generated from the parser by shtab.

The script is static: the shell completes from it without running dualtui, so completion costs
no command anything at start-up (measured: README, "Shell completion").
"""

from __future__ import annotations

import argparse
import sys

from dualtui.domain.text import one_of

from .options import add_command

SHELLS = ("bash", "zsh")


def register(subparsers: argparse._SubParsersAction) -> None:
    completion = add_command(
        subparsers,
        "completion",
        "print a shell completion script for bash or zsh",
        [
            ("dualtui completion bash > ~/.local/share/bash-completion/completions/dualtui", ""),
            ("dualtui completion zsh > ~/.zfunc/_dualtui", "with fpath+=~/.zfunc before compinit"),
        ],
        description="Print a completion script for your shell, made from dualtui's own commands and "
        "options; install it where your shell looks (README, “Shell completion”).",
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help=one_of(SHELLS))
    completion.set_defaults(handler=_completion, opens_journal=False)


# The arguments that name a file, by their metavar: the shell completes file names there.
_FILE_METAVARS = frozenset({"PATH", "FILE", "OTHER.json", "BASE", "OURS", "THEIRS"})


def script(shell: str) -> str:
    """The completion script of every command, from the whole parser."""
    import shtab

    from . import build_parser
    from .parsing import sub_parsers

    parser = build_parser()
    for each in (parser, *sub_parsers(parser)):
        for action in each._actions:
            if action.metavar in _FILE_METAVARS:
                action.complete = shtab.FILE  # type: ignore[attr-defined]  # shtab reads it
    return shtab.complete(parser, shell=shell)


def _completion(context, args: argparse.Namespace) -> int:
    sys.stdout.write(script(args.shell))
    return 0
