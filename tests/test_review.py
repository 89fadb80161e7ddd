"""Reviews: what a phase produced, and the weekly walk through the open loops."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dualtui.domain.phases import balance
from dualtui.services.context import build_context
from dualtui.services.review import LoopState, phase_summary, weekly_review
from dualtui.store import Journal
from tests.support.cli import TODAY, run


@pytest.fixture
def journal(tmp_path, capsys) -> Path:
    db = tmp_path / "journal.json"
    run(capsys, db, "phase", "start", "research", "--goal", "read on tails", today="2026-10-01")
    run(capsys, db, "add", "paper", "Read and built", "--status", "read", today="2026-10-05")
    run(capsys, db, "add", "paper", "Read, nothing built", "--status", "read", today="2026-10-10")
    run(capsys, db, "add", "paper", "Still queued", today="2026-10-10")
    run(capsys, db, "add", "build", "--from", "p1", "--status", "shipped", today="2026-10-20")
    run(capsys, db, "log", "failure", "p99 spike", "--build", "b1", today="2026-10-21")
    run(capsys, db, "log", "question", "why the spike?", "--answers", "e1", today="2026-10-22")
    run(capsys, db, "log", "failure", "OOM at 90k rows", "--build", "b1", today="2026-11-20")
    run(capsys, db, "log", "insight", "batch the scorer", today="2026-11-22")
    return db


def test_phase_summary_lists_what_the_phase_produced(journal):
    snapshot = Journal.open(journal).snapshot()
    phase = snapshot.current_phase()
    summary = phase_summary(snapshot, phase)
    assert [p.title for p in summary.papers_read] == ["Read and built", "Read, nothing built"]
    assert [str(b.ref) for b in summary.builds_shipped] == ["b1"]
    assert [str(e.ref) for e in summary.failures_questioned] == ["e1"]
    assert {str(loop.ref) for loop in summary.open_loops} == {"p2", "b1", "e3", "e4"}
    assert summary.counts == balance(snapshot, phase).as_dict()
    lines = summary.lines()
    assert "papers read: 2 (p1, p2)" in lines and "open loops left: 4" in lines


def test_phase_summary_stops_at_the_phase_end(journal, capsys):
    run(capsys, journal, "phase", "start", "production", "--review", "", today="2026-11-01")
    snapshot = Journal.open(journal).snapshot()
    first = snapshot.phases[1]
    summary = phase_summary(snapshot, first)
    assert [str(e.ref) for e in summary.failures_questioned] == ["e1"]
    second = phase_summary(snapshot, snapshot.phases[2])
    assert second.papers_read == [] and second.builds_shipped == []


def review_of(journal: Path, today: date = date(2026, 11, 25)):
    return weekly_review(build_context(db=str(journal), today=today).suggestions())


def test_weekly_review_groups_the_loop_rules_hits_with_age_state_and_action(journal):
    review = review_of(journal)
    groups = {label: items for label, items in review.groups.items()}
    assert list(groups) == [
        "failure with no research question",
        "paper read, nothing built",
        "build shipped, no write-up",
        "build shipped without real data, constraints or users",
        "question nothing addresses",
    ]  # by the rules' weight
    (failure,) = groups["failure with no research question"]
    assert str(failure.ref) == "e3" and failure.age_days == 5 and "--answers e3" in failure.hint
    assert failure.state is LoopState.OPEN and failure.key == "failure-no-question:e3"
    (paper,) = groups["paper read, nothing built"]
    assert str(paper.ref) == "p2" and paper.age_days == 46 and "add build --from p2" in paper.hint
    # A research phase: building from a paper waits for the production phase, and says so.
    assert paper.state is LoopState.HELD and paper.state_text() == "waits for a production phase"
    (build,) = groups["build shipped, no write-up"]
    assert "dualtui writeup b1" in build.hint and build.age_days == 36
    (question,) = groups["question nothing addresses"]
    assert str(question.ref) == "e2" and "dualtui add paper TITLE --for e2" in question.hint
    assert "find research that addresses it" in question.message
    # The insight is 3 days old: not a loop any rule finds due yet.
    assert "e4" not in {str(item.ref) for item in review.items}
    assert review.week["entries"] == 2


def test_a_snoozed_loop_says_until_when_and_a_dismissed_one_is_only_counted(journal, capsys):
    run(capsys, journal, "snooze", "failure-no-question:e3", "--for", "2w")
    run(capsys, journal, "snooze", "build-not-real:b1", "--forever")
    review = review_of(journal)
    (failure,) = review.groups["failure with no research question"]
    assert failure.state is LoopState.SNOOZED and failure.until == date(2026, 12, 9)
    assert failure.state_text() == "snoozed until 2026-12-09"
    assert "build shipped without real data, constraints or users" not in review.groups
    assert review.dismissed == 1
    text = run(capsys, journal, "review")
    assert "e3" in text and "[snoozed until 2026-12-09]" in text
    assert "1 dismissed for good" in text


def test_review_command_in_words_and_json(journal, capsys):
    text = run(capsys, journal, "review")
    assert "5 open loops" in text and "failure with no research question (1)" in text
    assert "→ draft its paper: dualtui writeup b1" in text
    assert "[waits for a production phase]" in text
    data = json.loads(run(capsys, journal, "review", "--json"))
    assert data["today"] == TODAY and data["dismissed"] == 0
    groups = {group["rule"]: group for group in data["open_loops"]}
    assert groups["paper-read-no-build"]["label"] == "paper read, nothing built"
    assert groups["paper-read-no-build"]["items"][0] == {
        "id": "p2",
        "key": "paper-read-no-build:p2",
        "title": "Read, nothing built",
        "age_days": 46,
        "do": "build-from-paper",
        "action": "build it for real: dualtui add build --from p2 --data-source ... --users ...",
        "message": "Build a production system for “Read, nothing built”: read 46 days ago, "
        "nothing built from it yet.",
        "state": "held",
        "until": None,
    }


def test_draft_writeup_changes_the_loop_to_finishing_it(journal, capsys):
    path = run(capsys, journal, "writeup", "b1").strip()
    assert "build shipped, no write-up" not in run(capsys, journal, "review")
    late = run(capsys, journal, "review", today="2026-12-20")
    assert f"finish {path}, then: dualtui writeup b1 --done" in late
    (tmp := Path(path)).write_text(tmp.read_text().replace("> One paragraph", "It works."))
    run(capsys, journal, "writeup", "b1", "--done")
    assert "write-up still a draft" not in run(capsys, journal, "review", today="2026-12-20")


def test_next_with_nothing_to_suggest_says_what_waits(tmp_path, capsys):
    db = tmp_path / "j.json"
    run(capsys, db, "phase", "start", "research", "--goal", "read", today="2026-11-01")
    run(capsys, db, "add", "paper", "Read one", "--status", "read", today="2026-11-02")
    run(capsys, db, "add", "paper", "Queued one", today="2026-11-02")
    run(capsys, db, "log", "note", "reading", today="2026-11-24")
    assert run(capsys, db, "next") == (
        "Nothing to suggest now, but 1 waiting for the other kind of phase: `dualtui review` lists them.\n"
    )
    assert "p1" in run(capsys, db, "review")


def test_an_empty_journal_has_nothing_open(tmp_path, capsys):
    assert "No open loops" in run(capsys, tmp_path / "j.json", "review")


def test_the_phase_review_sets_the_phase_beside_the_earlier_ones_of_its_kind(tmp_path, capsys):
    db = tmp_path / "j.json"
    run(capsys, db, "phase", "start", "research", "--length", "30 days", today="2026-06-01")
    run(capsys, db, "add", "paper", "first read", "--status", "read", today="2026-06-10")
    run(capsys, db, "phase", "start", "production", "--review", "read one", today="2026-07-01")
    run(capsys, db, "add", "build", "shipped", "--status", "shipped", today="2026-07-20")
    run(capsys, db, "phase", "start", "research", "--review", "shipped one", today="2026-08-01")
    for title in ("second read", "third read"):
        run(capsys, db, "add", "paper", title, "--status", "read", today="2026-08-10")
    ended = run(capsys, db, "phase", "end", "--review", "read more", today="2026-09-01")
    assert (
        "  beside the earlier research phases   days   read  shipped  written up  logged\n"
        "    ph3 (this one)                      32      2        0           0       0\n"
        "    ph1                                 31      1        0           0       0\n"
    ) in ended
    assert "ph2" not in ended.split("beside")[1]  # a production phase is not compared with research


def test_the_first_phase_of_a_kind_has_nothing_to_compare_with(tmp_path, capsys):
    db = tmp_path / "j.json"
    run(capsys, db, "phase", "start", "production", today="2026-06-01")
    ended = run(capsys, db, "phase", "end", "--review", "done", today="2026-07-01")
    assert "the first production phase: nothing to compare it with yet" in ended
