"""Reviews: what a phase produced, and the weekly walk through the open loops."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dualtui.domain.phases import balance
from dualtui.services.review import phase_summary, weekly_review
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
    run(capsys, journal, "phase", "start", "production", today="2026-11-01")
    snapshot = Journal.open(journal).snapshot()
    first = snapshot.phases[1]
    summary = phase_summary(snapshot, first)
    assert [str(e.ref) for e in summary.failures_questioned] == ["e1"]
    second = phase_summary(snapshot, snapshot.phases[2])
    assert second.papers_read == [] and second.builds_shipped == []


def test_weekly_review_groups_loops_with_age_and_action(journal):
    review = weekly_review(Journal.open(journal).snapshot(), date(2026, 11, 25))
    groups = {kind.name: items for kind, items in review.groups.items()}
    assert [i.ref.__str__() for i in groups["FAILURE_WITHOUT_QUESTION"]] == ["e3"]
    (failure,) = groups["FAILURE_WITHOUT_QUESTION"]
    assert failure.age_days == 5 and "--answers e3" in failure.action
    (paper,) = groups["PAPER_WITHOUT_BUILD"]
    assert str(paper.ref) == "p2" and paper.age_days == 46 and "add build --from p2" in paper.action
    (build,) = groups["BUILD_WITHOUT_WRITEUP"]
    assert "dualtui writeup b1" in build.action
    (insight,) = groups["INSIGHT_NOT_APPLIED"]
    assert "add build --from e4" in insight.action
    assert review.week["entries"] == 2


def test_review_command_in_words_and_json(journal, capsys):
    text = run(capsys, journal, "review")
    assert "4 open loops" in text and "failure with no research question (1)" in text
    assert "→ draft its paper: dualtui writeup b1" in text
    data = json.loads(run(capsys, journal, "review", "--json"))
    assert data["today"] == TODAY
    kinds = {group["kind"]: group["items"] for group in data["open_loops"]}
    assert kinds["paper_without_build"][0] == {
        "id": "p2",
        "title": "Read, nothing built",
        "age_days": 46,
        "action": "build it for real: dualtui add build --from p2 --data-source ... --users ...",
    }


def test_draft_writeup_changes_the_action(journal, capsys):
    path = run(capsys, journal, "writeup", "b1").strip()
    assert f"finish {path}, then: dualtui writeup b1 --done" in run(capsys, journal, "review")
    run(capsys, journal, "writeup", "b1", "--done")
    assert "build shipped, no write-up done" not in run(capsys, journal, "review")


def test_an_empty_journal_has_nothing_open(tmp_path, capsys):
    assert "No open loops" in run(capsys, tmp_path / "j.json", "review")
