"""The layers hold: headless commands never load Textual, import contracts pass, packaging is complete."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_headless_commands_never_load_textual(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from dualtui.cli import main\n"
        f"main(['--db', {str(tmp_path / 'j.json')!r}, 'add', 'paper', 'x'])\n"
        f"main(['--db', {str(tmp_path / 'j.json')!r}, 'list', 'papers', '--json'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "LOADED []" in done.stdout


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " kept, 0 broken." in done.stdout


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"dualtui"} | {
        "dualtui." + ".".join(init.parent.relative_to(ROOT / "app").parts)
        for init in (ROOT / "app").rglob("__init__.py")
        if init.parent != ROOT / "app"
    }
    found.add("dualtui.styles")
    assert listed == found


def test_each_command_builds_its_own_module_and_all_commands_are_listed() -> None:
    import argparse

    from dualtui.cli import COMMAND_MODULES, build_parser, command_word

    def words_of(parser: argparse.ArgumentParser) -> set[str]:
        (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(sub.choices)

    listed = {word for words in COMMAND_MODULES.values() for word in words}
    assert words_of(build_parser()) == listed
    for words in COMMAND_MODULES.values():
        assert words_of(build_parser(words[0])) == set(words)
    assert command_word(["--db", "j.json", "--today", "2026-01-01", "next", "--all"]) == "next"
    assert command_word(["--db", "next"]) is None


def test_the_front_ends_reach_the_journal_only_through_services() -> None:
    # The import contract sees imports, not calls: a front end could still call the store's Journal
    # through the context. The context hands out services only, and no front-end module reaches for
    # a journal attribute.
    import ast

    from dualtui.services.context import AppContext

    assert "journal" not in dir(AppContext)
    reaching = []
    for module in [*(ROOT / "app" / "cli").rglob("*.py"), *(ROOT / "app" / "tui").rglob("*.py")]:
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in ("journal", "_journal"):
                reaching.append(f"{module.relative_to(ROOT)}:{node.lineno}")
    assert reaching == []
