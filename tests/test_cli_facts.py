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


def test_a_phase_start_over_an_open_phase_is_refused_naming_it_and_the_two_ways_on(
    dualtui, journal_path: Path
) -> None:
    assert dualtui("phase", "start", "research", "--date", "2026-09-01").code == 0
    before = journal_path.read_bytes()
    err = one_sentence_refusal(dualtui("phase", "start", "production"))
    assert "ph1 (research, since 2026-09-01) is still open" in err
    assert 'dualtui phase end --review "..."' in err and '`--review "..."`, which ends ph1' in err
    assert "one change (one undo)" in err
    assert journal_path.read_bytes() == before

    assert dualtui("phase", "start", "production", "--review", "Read enough").out.endswith("ph2\n")
    phases = json.loads(journal_path.read_bytes())["phases"]
    assert phases["1"]["review"] == "Read enough" and phases["1"]["ended"] and "ended" not in phases["2"]
    assert dualtui("undo").code == 0  # one undo takes back both the end and the start
    phases = json.loads(journal_path.read_bytes())["phases"]
    assert list(phases) == ["1"] and "ended" not in phases["1"] and "review" not in phases["1"]


def test_phase_end_then_start_is_the_other_way_on(dualtui, journal_path: Path) -> None:
    assert dualtui("phase", "start", "research", "--date", "2026-09-01").code == 0
    assert dualtui("phase", "end", "--review", "Read enough").code == 0
    assert dualtui("phase", "start", "production").out.endswith("ph2\n")


@pytest.mark.parametrize(
    ("again", "why"),
    [
        (("Raft again", "--doi", "10.1145/RAFT"), "the same DOI 10.1145/RAFT"),
        (("Raft, the arXiv copy", "--arxiv", "arXiv:1234.5678v2"), "the same arXiv id arXiv:1234.5678v2"),
        (("in search of understandable consensus!",), "the same title"),
    ],
)
def test_a_paper_added_twice_by_hand_is_refused_with_its_id_unless_meant(
    dualtui, journal_path: Path, again, why
) -> None:
    first = ("In Search of Understandable Consensus", "--doi", "10.1145/raft")
    assert dualtui("add", "paper", *first, "--arxiv", "1234.5678").out == "p1\n"
    before = journal_path.read_bytes()
    err = one_sentence_refusal(dualtui("add", "paper", *again))
    assert err == (
        f"dualtui: p1 “In Search of Understandable Consensus” is already in the journal "
        f"({why}): add it with --duplicate if another copy is meant.\n"
    )
    assert journal_path.read_bytes() == before
    assert dualtui("add", "paper", *again, "--duplicate").out == "p2\n"


def test_a_different_work_with_the_same_title_is_not_a_duplicate(dualtui) -> None:
    assert dualtui("add", "paper", "Introduction", "--authors", "Doe, Jane", "--year", "2019").code == 0
    assert dualtui("add", "paper", "Introduction", "--authors", "Roe, Rick", "--year", "2021").out == "p2\n"


def test_the_apps_kept_index_follows_edits_and_deletes(tmp_path: Path) -> None:
    from dualtui.services.context import build_context
    from dualtui.services.journal_service import DuplicatePaper

    service = build_context(db=str(tmp_path / "j.json")).service
    service.add_paper("Raft")
    service.prepare_writes()  # as the app does after its first frame: the papers are indexed
    service.edit("p1", title="Paxos Made Simple")
    assert service.add_paper("Raft").ref.number == 2  # the old title is free again
    with pytest.raises(DuplicatePaper, match="p1 “Paxos Made Simple”"):
        service.add_paper("paxos made simple")
    service.delete("p1")
    assert service.add_paper("Paxos made simple").ref.number == 3
    with pytest.raises(DuplicatePaper, match="p2 “Raft”"):
        service.add_paper("RAFT")
