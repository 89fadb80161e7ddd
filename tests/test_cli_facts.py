"""No fact recorded that the user did not choose (issue 12), through the installed command: a date
in the future, a phase started over an open one, a paper added twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TODAY = ("--today", "2026-11-25")


@pytest.fixture
def dualtui(dualtui_process, journal_path: Path):
    """`dualtui --db <temp journal> --today 2026-11-25 ARGS...` in a child process."""
    return lambda *args: dualtui_process("--db", str(journal_path), *TODAY, *args)


def one_sentence_refusal(result) -> str:
    assert result.code == 1, result
    assert result.err.startswith("dualtui: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    return result.err


@pytest.mark.parametrize(
    "args",
    [
        ("add", "paper", "Raft", "--date", "2027-03-01"),
        ("log", "note", "it will have worked", "--date", "2026-11-26"),
        ("status", "p1", "read", "--date", "2027-03-01"),
        ("phase", "start", "production", "--review", "done", "--date", "2027-03-01"),
        ("phase", "end", "--review", "done", "--date", "2027-03-01T09:00"),
    ],
)
def test_a_date_in_the_future_is_refused_unless_it_is_a_plan(dualtui, journal_path: Path, args) -> None:
    assert dualtui("phase", "start", "research", "--date", "2026-11-01").code == 0
    assert dualtui("add", "paper", "Paxos").code == 0
    before = journal_path.read_bytes()
    err = one_sentence_refusal(dualtui(*args))
    assert "is after today (2026-11-25)" in err
    assert "cannot be in the future; only a plan can (a phase's planned end" in err
    assert journal_path.read_bytes() == before


def test_a_phase_planned_to_end_in_the_future_and_a_date_of_today_are_kept(
    dualtui, journal_path: Path
) -> None:
    assert dualtui("phase", "start", "research", "--date", "2026-11-25", "--length", "3 months").code == 0
    assert dualtui("log", "note", "today", "--date", "today").code == 0
    saved = json.loads(journal_path.read_bytes())
    assert saved["phases"]["1"]["planned_end"] == "2027-02-25"
    assert saved["entries"]["1"]["at"].startswith("2026-11-25")
