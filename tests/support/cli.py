"""Whole commands run in-process, as the tests of commands run them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtui.cli import main

TODAY = "2026-11-25"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str, today: str = TODAY) -> str:
    """`dualtui --db DB --today TODAY ARGS...`, which must succeed; returns what it printed."""
    code = main(["--db", str(db), "--today", today, *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out
