"""Snoozing through the installed command: the same choices the app offers (3 days, a week, two
weeks, until the phase ends, for good), `dualtui snoozed` listing what is put aside, `dualtui
unsnooze` bringing one back; each an undoable change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TODAY = "2026-11-25"


@pytest.fixture
def run(tmp_path: Path, dualtui_process):
    """`dualtui --db J --today TODAY ARGS...` in a child process, on a production phase (started
    2026-11-01, 3 months: planned to end 2027-02-01) with two failures that want a question."""
    db = str(tmp_path / "j.json")

    def dualtui(*args: str, today: str = TODAY):
        return dualtui_process("--db", db, "--today", today, *args)

    for args in (
        ("phase", "start", "production", "--goal", "ship", "--date", "2026-11-01"),
        ("add", "build", "ranker", "--status", "building", "--date", "2026-11-20"),
        ("log", "failure", "timeouts", "--build", "b1", "--date", "2026-11-20"),
        ("log", "failure", "bad \x1b[31mjoins", "--build", "b1", "--date", "2026-11-20"),
    ):
        assert dualtui(*args).code == 0
    return dualtui


def keys(run, today: str = TODAY) -> set[str]:
    shown = json.loads(run("next", "--all", "--json", today=today).out)
    return {s["key"] for s in shown["suggestions"]}


@pytest.mark.parametrize(
    ("how", "until"),
    [
        (("--for", "3d"), "2026-11-28"),
        (("--for", "1w"), "2026-12-02"),
        (("--for", "2w"), "2026-12-09"),
        ((), "2026-12-02"),  # a week, as in the app
        (("--phase",), "2027-02-01"),
    ],
)
def test_snooze_takes_each_choice_of_the_app_and_hides_the_suggestion_until_that_day(
    run, how: tuple[str, ...], until: str
) -> None:
    done = run("snooze", "failure-no-question:e1", *how)
    assert done.code == 0, done.err
    assert f"Snoozed failure-no-question:e1 until {until}" in done.out
    assert "`dualtui unsnooze failure-no-question:e1` brings it back" in done.out
    assert "failure-no-question:e1" not in keys(run)
    assert "failure-no-question:e1" in keys(run, until)


def test_snooze_until_the_phase_ends_names_the_phase_and_is_refused_without_one(
    run, tmp_path: Path, dualtui_process
) -> None:
    assert ", when ph1 ends (s1)" in run("snooze", "failure-no-question:e1", "--phase").out
    late = run("snooze", "failure-no-question:e2", "--phase", today="2027-02-01")
    assert late.code == 1
    assert late.err == (
        "dualtui: ph1 was planned to end on 2027-02-01, which is not after today: "
        "snooze for 3d, 1w or 2w, or for good.\n"
    )
    empty = str(tmp_path / "empty.json")
    refused = dualtui_process("--db", empty, "snooze", "no-phase", "--phase")
    assert refused.code == 1
    assert refused.err == "dualtui: No phase is open, so none ends: snooze for 3d, 1w or 2w, or for good.\n"
    both = run("snooze", "failure-no-question:e2", "--phase", "--forever")
    assert both.code == 2 and "dualtui snooze: --forever and --phase cannot be used together.\n" in both.err


def test_snoozed_lists_what_is_put_aside_and_unsnooze_brings_one_back_undoably(run) -> None:
    assert run("snoozed").out == "Nothing is snoozed.\n"
    run("snooze", "failure-no-question:e2", "--forever")
    run("snooze", "failure-no-question:e1", "--for", "2w")
    listed = run("snoozed").out.splitlines()
    assert listed[0].split()[:4] == ["s2", "failure-no-question:e1", "until", "2026-12-09"]
    assert listed[0].endswith("timeouts")
    assert listed[1].split()[:4] == ["s1", "failure-no-question:e2", "for", "good"]
    assert listed[1].endswith("bad ^[[31mjoins")  # the text as typed, made harmless
    assert listed[2] == "`dualtui unsnooze KEY` brings one back."
    shown = json.loads(run("snoozed", "--json").out)
    assert shown[1] == {
        "id": "s1",
        "key": "failure-no-question:e2",
        "rule": "failure-no-question",
        "target": "e2",
        "until": None,
        "at": shown[1]["at"],
    }
    assert shown[0]["until"] == "2026-12-09"

    back = run("unsnooze", "failure-no-question:e2")
    assert back.out == "failure-no-question:e2 is back (1 snooze removed).\n"
    assert "failure-no-question:e2" in keys(run)
    assert run("unsnooze", "s2").out == "s2 is back (1 snooze removed).\n"
    assert run("snoozed").out == "Nothing is snoozed.\n"
    history = run("history", "--limit", "2").out
    assert (
        "brought back failure-no-question:e1" in history and "brought back failure-no-question:e2" in history
    )
    assert run("undo").out == "undid: brought back failure-no-question:e1\n"
    assert "failure-no-question:e1" in run("snoozed").out


def test_unsnooze_of_what_is_not_snoozed_is_one_sentence_and_changes_nothing(run, tmp_path: Path) -> None:
    journal = tmp_path / "j.json"
    before = journal.read_bytes()
    refused = run("unsnooze", "failure-no-question:e1")
    assert (refused.code, refused.out) == (1, "")
    assert refused.err == (
        "dualtui: “failure-no-question:e1” is not snoozed: `dualtui snoozed` lists what is.\n"
    )
    assert journal.read_bytes() == before


def test_a_snooze_until_the_phase_ends_comes_back_when_it_ends_early_and_undo_puts_it_back(run) -> None:
    run("snooze", "failure-no-question:e1", "--phase")
    run("snooze", "failure-no-question:e2", "--for", "2w")
    ended = run("phase", "end", "--review", "shipped early", today="2026-11-30")
    assert ended.code == 0, ended.err
    listed = run("snoozed", today="2026-11-30").out
    assert "failure-no-question:e1" not in listed and "failure-no-question:e2" in listed
    history = run("history", "--limit", "1").out
    assert "ended ph1, a production phase; brought back 1 suggestion snoozed until it ended" in history
    assert run("undo").code == 0
    assert "failure-no-question:e1" in run("snoozed").out  # snoozed again, the phase open again


def test_starting_the_next_phase_brings_back_what_was_snoozed_until_the_open_one_ended(run) -> None:
    run("snooze", "failure-no-question:e1", "--phase")
    started = run("phase", "start", "research", "--review", "done", today="2026-12-01")
    assert started.code == 0, started.err
    assert "failure-no-question:e1" not in run("snoozed", today="2026-12-01").out
    assert (
        "(ended ph1; brought back 1 suggestion snoozed until it ended)" in run("history", "--limit", "1").out
    )
