"""The command line as a newcomer meets it, through the installed `dualtui`: no terminal, help pages,
usage errors, global options after the command word, shell completion."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dualtui.cli import COMMAND_MODULES, build_parser
from dualtui.cli.parsing import sub_parsers

from .conftest import DUALTUI

COMMANDS = [word for words in COMMAND_MODULES.values() for word in words]


def every_parser() -> list[argparse.ArgumentParser]:
    top = build_parser()
    return [top, *sub_parsers(top)]


def described_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if action.help != argparse.SUPPRESS and not isinstance(action, argparse._HelpAction)
    ]


def test_without_a_terminal_the_app_is_refused_in_one_sentence(tmp_path: Path) -> None:
    journal = tmp_path / "journal.json"
    out = tmp_path / "out"
    with out.open("wb") as stdout:  # `dualtui </dev/null >out`
        done = subprocess.run(
            [str(DUALTUI), "--db", str(journal)],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,  # a hang (the app waiting for keys) fails here instead of stalling the suite
        )
    assert done.returncode == 1
    assert out.read_bytes() == b""  # no escape codes written into the file
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("dualtui: the app needs a terminal")
    assert "dualtui next" in done.stderr and "dualtui --help" in done.stderr
    assert not journal.exists()  # nothing was opened


def test_every_option_and_positional_of_every_command_is_described() -> None:
    missing = [
        f"{parser.prog} {action.option_strings or action.dest}"
        for parser in every_parser()
        for action in described_actions(parser)
        if not (action.help or "").strip()
    ]
    assert missing == []


def test_every_command_ends_its_help_with_examples() -> None:
    for parser in every_parser():
        text = parser.format_help()
        examples = text[text.rindex("\nexamples:\n") :]
        assert examples.count("\n  dualtui ") + examples.count("\n  git ") >= 1, parser.prog
        assert parser.description, parser.prog


def test_defaults_choices_and_json_are_written_one_way_everywhere() -> None:
    for parser in every_parser():
        text = " ".join(parser.format_help().split())
        for action in described_actions(parser):
            help_text = action.help or ""
            default = action.default
            if default not in (None, "", [], False, True, argparse.SUPPRESS):
                assert f"(default: {default})" in text or "default:" in help_text, (parser.prog, action)
            if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
                assert help_text.startswith("one of " + ", ".join(action.choices)), (parser.prog, action)
            if "--json" in action.option_strings:
                assert help_text.startswith("print JSON for programs instead of text"), parser.prog
        assert "{" not in parser.format_usage(), parser.prog  # no {a,b,c} beside one of a, b, c
    helps = [a.help for p in every_parser() for a in p._actions if "--date" in a.option_strings]
    assert len(set(helps)) == 1  # --date is one option, written once


def test_export_shows_its_default_format(installed) -> None:
    shown = " ".join(installed("export", "--help").out.split())
    assert "one of markdown, json, yaml, bibtex" in shown and "(default: markdown)" in shown


def test_the_top_level_help_names_the_docs_and_the_journal_it_opens(installed, tmp_path: Path) -> None:
    shown = installed("--help").out
    # The default journal as platformdirs resolves it, here under the test's XDG_DATA_HOME.
    assert f"journal: {tmp_path / 'xdg-data' / 'dualtui' / 'journal.json'}" in shown
    assert "README.md" in shown and "docs/keys.md" in shown and "docs/rules.md" in shown
    assert shown.rstrip().splitlines()[-1].startswith("  dualtui completion bash")


def test_edit_help_lists_the_fields_of_each_kind(installed) -> None:
    shown = installed("edit", "--help").out
    assert "  paper:  title, authors, year, venue, doi, arxiv, url, tags, priority, notes, claims\n" in shown
    assert "  build:  title, description, data_source, constraints, users, paper_ids\n" in shown
    assert "  entry:  text, kind, paper_id, build_id, answers, claim, linked_papers, linked_builds\n" in shown
    assert "  phase:  goal, review\n" in shown


@pytest.mark.parametrize(
    ("args", "sentence", "usage"),
    [
        (
            ["add", "paper", "x", "--yaer", "2013"],
            "dualtui add paper: there is no option --yaer here (did you mean --year?).",
            "usage: dualtui add paper [-h]",
        ),
        (
            ["list", "paper"],
            "dualtui list: “paper” is not one of papers, builds, entries, phases (did you mean papers?).",
            "usage: dualtui list [-h]",
        ),
        (
            ["nxt"],
            "dualtui: “nxt” is not a command (did you mean next?): `dualtui --help` lists them.",
            "usage: dualtui [-h]",
        ),
        (
            ["add", "paper", "x", "--year", "soon"],
            "dualtui add paper: --year takes a whole number, not “soon”.",
            "usage: dualtui add paper [-h]",
        ),
        (["show"], "dualtui show: ID is missing.", "usage: dualtui show [-h]"),
        (
            ["show", "p1", "p2"],
            "dualtui show: “p2” is one word too many: see the usage below.",
            "usage: dualtui show",
        ),
        (
            ["phase", "start", "--goal"],
            "dualtui phase start: --goal needs a value.",
            "usage: dualtui phase start",
        ),
        (
            ["snooze", "1", "--forever", "--off"],
            "dualtui snooze: --off and --forever cannot be used together.",
            "usage: dualtui snooze [-h]",
        ),
        (
            ["export", "--format", "pdf"],
            "dualtui export: “pdf” is not one of markdown, json, yaml, bibtex.",
            "usage: dualtui export",
        ),
    ],
)
def test_a_usage_error_is_one_sentence_and_the_commands_own_usage(
    installed, journal_path: Path, args: list[str], sentence: str, usage: str
) -> None:
    result = installed(*args)
    assert result.code == 2 and result.out == ""
    first, second, *_ = result.err.splitlines()
    assert first == sentence
    assert second.startswith(usage)
    assert "error:" not in result.err and "Traceback" not in result.err
    assert not journal_path.exists()


def test_global_options_work_after_the_command_word(installed, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    assert installed("add", "paper", "Elsewhere", "--db", str(other)).out == "p1\n"
    assert "Elsewhere" in installed("list", "papers", "--db", str(other)).out
    assert installed("list", "papers").out == ""  # the journal named before the command is untouched
    shown = json.loads(installed("next", "--today", "2026-11-01", "--json").out)
    assert shown["today"] == "2026-11-01"
    later = json.loads(installed("--today", "2026-01-01", "next", "--json", "--today", "2026-11-02").out)
    assert later["today"] == "2026-11-02"  # as with any option given twice, the later one stands


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_completion_script_names_every_command_and_the_shell_reads_it(
    installed, tmp_path: Path, shell: str
) -> None:
    result = installed("completion", shell)
    assert result.code == 0
    for command in COMMANDS:
        assert command in result.out, command
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed to check the script's syntax")
    script = tmp_path / f"dualtui.{shell}"
    script.write_text(result.out)
    checked = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_bash_completes_commands_choices_and_options_from_the_script(installed, tmp_path: Path) -> None:
    script = tmp_path / "dualtui.bash"
    script.write_text(installed("completion", "bash").out)

    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        program = (
            f"source {script}; COMP_WORDS=(dualtui {line}); COMP_CWORD={len(words)}; "
            f'COMP_LINE="dualtui {line}"; COMP_POINT=${{#COMP_LINE}}; _shtab_dualtui; '
            'printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
        return sorted(done.stdout.split())

    assert complete("li") == ["link", "list"]
    assert complete("list", "''") == ["builds", "entries", "papers", "phases"]
    assert complete("add", "paper", "x", "--ye") == ["--year"]
