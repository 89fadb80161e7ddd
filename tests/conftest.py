"""Shared fixtures: every test works on a journal in its own temp folder, never the user's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from dualtui.cli import main

# CI runs every property test on the same examples, so a run is repeatable; locally hypothesis
# explores (and keeps what it found in .hypothesis/).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No test may read or write the real user's journal, config, rules, cached rules or app state.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("DUALTUI_DB", raising=False)
    monkeypatch.delenv("DUALTUI_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _records_are_replaced_never_changed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The app's per-record caches, the worker's shallow copy of the snapshot and the one-row redraw
    # all rely on it: a record a snapshot holds is never changed, only replaced (`replace`). In every
    # test, a slot is filled once, while its record is made; setting it again fails the test.
    from dualtui.domain.model import _Record

    def fill_once(record: Any, name: str, value: Any) -> None:
        try:
            getattr(record, name)
        except AttributeError:
            object.__setattr__(record, name, value)
            return
        raise AssertionError(
            f"{type(record).__name__}.{name} was changed in place: records are replaced, never changed"
        )

    monkeypatch.setattr(_Record, "__setattr__", fill_once)
    yield
    # Every record built from a row with an empty list holds this one: changing it changes them all.
    from dualtui.domain.model import _NO_ITEMS

    assert _NO_ITEMS == [], f"a record's list was changed in place: {_NO_ITEMS}"


@pytest.fixture(autouse=True)
def _steady_text_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    # A blinking cursor is a timer: a screen read a moment later differs. Inputs and text areas
    # neither define on_mount, so this one runs beside Textual's own mount handler.
    from textual.widgets import Input, TextArea

    def steady(widget: Any) -> None:
        widget.cursor_blink = False

    for widget_class in (Input, TextArea):
        monkeypatch.setattr(widget_class, "on_mount", steady, raising=False)


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., tuple[Any, Any]]:
    """Build the app as the CLI does, on a journal in the test's temp folder: `make_app()` gives
    (context, app) over the small seeded journal, with no rules (`suggester=None` for the real
    ones). `seeded=False` starts empty; `config`, `rules` and the app's own options pass through;
    `context` reuses one already made."""
    from dualtui.tui.app import DualtuiApp

    from .support.tui import make_context, quiet, seed

    def make(
        *,
        seeded: bool = True,
        context: Any = None,
        config: Any = None,
        rules: Path | None = None,
        suggester: Any = quiet,
        **options: Any,
    ) -> tuple[Any, Any]:
        if context is None:
            context = make_context(tmp_path, config)
            if rules is not None:
                context.rules_path = rules
            if seeded:
                seed(context)
        return context, DualtuiApp(context, suggester=suggester, **options)

    return make


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal" / "journal.json"


@pytest.fixture
def cli(journal_path: Path, capsys: pytest.CaptureFixture[str]):
    """Run `dualtui --db <temp journal> ARGS...` in-process; returns code, stdout, stderr."""

    def run(*args: str) -> Result:
        code = main(["--db", str(journal_path), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


DUALTUI = Path(sys.executable).with_name("dualtui")  # the console script, as pip installed it


@pytest.fixture
def installed(journal_path: Path):
    """Run the installed `dualtui --db <temp journal> ARGS...` as a user's shell runs it, with no
    terminal: standard input is /dev/null, the output is captured."""
    assert DUALTUI.exists(), f"the console script is installed beside {sys.executable}"

    def run(*args: str) -> Result:
        done = subprocess.run(
            [str(DUALTUI), "--db", str(journal_path), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def dualtui_process():
    """Run the real `python -m dualtui ARGS...` in a child process."""
    return run_dualtui


def run_dualtui(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
    done = subprocess.run(
        [sys.executable, "-m", "dualtui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    return Result(done.returncode, done.stdout, done.stderr)
