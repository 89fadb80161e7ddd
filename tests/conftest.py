"""Shared fixtures: every test works on a journal in its own temp folder, never the user's."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dualtui.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No test may read or write the real user's journal, config, rules or cached rules.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("DUALTUI_DB", raising=False)
    monkeypatch.delenv("DUALTUI_CONFIG", raising=False)


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
