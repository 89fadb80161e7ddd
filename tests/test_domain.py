"""Ids, dates and status machines: the rules a user meets when typing ids, dates and statuses."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dualtui.domain import (
    Build,
    BuildStatus,
    ImpossibleMove,
    InvalidDate,
    InvalidId,
    Kind,
    Paper,
    PaperStatus,
    parse_ref,
)
from dualtui.domain.dates import add_length, age_text, check_length, parse_when
from dualtui.domain.lifecycle import move_build, move_paper, next_status


@pytest.mark.parametrize(
    ("text", "implied", "expected"),
    [
        ("p12", None, "p12"),
        ("B3", None, "b3"),
        ("ph2", None, "ph2"),
        (" e40 ", None, "e40"),
        ("7", Kind.PAPER, "p7"),
    ],
)
def test_short_ids_are_typeable(text: str, implied: Kind | None, expected: str) -> None:
    assert str(parse_ref(text, implied)) == expected


@pytest.mark.parametrize("text", ["", "x1", "p", "p0", "12", "p-1"])
def test_bad_ids_are_refused(text: str) -> None:
    with pytest.raises(InvalidId):
        parse_ref(text)


@given(kind=st.sampled_from(list(Kind)), number=st.integers(min_value=1, max_value=10**9 - 1))
def test_every_id_reads_back(kind: Kind, number: int) -> None:
    ref = parse_ref(f"{kind.prefix}{number}")
    assert (ref.kind, ref.number) == (kind, number)


def test_user_dates() -> None:
    today = date(2026, 11, 25)
    assert parse_when("2026-11-20", today=today) == datetime(2026, 11, 20, 12)
    assert parse_when("2026-11-20T08:15", today=today) == datetime(2026, 11, 20, 8, 15)
    assert parse_when("yesterday", today=today) == datetime(2026, 11, 24, 12)
    assert parse_when("3 days ago", today=today).date() == date(2026, 11, 22)
    assert parse_when("2 weeks ago", today=today).date() == date(2026, 11, 11)
    with pytest.raises(InvalidDate, match="“next tuesday” is not a date"):
        parse_when("next tuesday", today=today)


def test_phase_lengths_use_calendar_months() -> None:
    assert check_length("3 months") == "3 months"
    assert check_length("12w") == "12 weeks"
    assert add_length(date(2026, 11, 30), "3 months") == date(2027, 2, 28)
    assert add_length(date(2026, 1, 1), "90 days") == date(2026, 4, 1)
    with pytest.raises(InvalidDate):
        check_length("0 days")


def test_ages_read_short() -> None:
    assert [age_text(d) for d in (0, 1, 13, 20, 100, 800)] == ["today", "1d", "13d", "2w", "3mo", "2y"]


def test_papers_move_along_their_path_and_stamp_dates() -> None:
    paper = Paper(1, "Raft", datetime(2026, 1, 1))
    assert next_status(paper) is PaperStatus.READING
    paper = move_paper(paper, PaperStatus.READING, datetime(2026, 1, 2))
    paper = move_paper(paper, PaperStatus.READ, datetime(2026, 1, 9))
    assert (paper.started, paper.finished) == (datetime(2026, 1, 2), datetime(2026, 1, 9))
    with pytest.raises(ImpossibleMove, match="p1 is read: nothing follows"):
        next_status(paper)
    with pytest.raises(ImpossibleMove, match="cannot go from read to dropped"):
        move_paper(paper, PaperStatus.DROPPED, datetime(2026, 1, 10))


def test_builds_ship_and_can_be_reopened_but_not_unshipped_to_an_idea() -> None:
    build = Build(1, "kv", datetime(2026, 1, 1))
    build = move_build(build, BuildStatus.SHIPPED, datetime(2026, 2, 1))
    assert build.started == build.shipped == datetime(2026, 2, 1)
    with pytest.raises(ImpossibleMove):
        move_build(build, BuildStatus.IDEA, datetime(2026, 2, 2))
    build = move_build(build, BuildStatus.BUILDING, datetime(2026, 3, 1))
    assert build.shipped is None


def test_the_choice_of_moves_is_the_status_machine_with_the_usual_move_first() -> None:
    from dualtui.domain.lifecycle import BUILD_MOVES, MOVE_MEANINGS, PAPER_MOVES, allowed_moves

    when = datetime(2026, 1, 1)
    for status, moves in PAPER_MOVES.items():
        paper = Paper(1, "Raft", when, status=status)
        offered = allowed_moves(paper)
        assert sorted(offered) == sorted(moves)  # exactly what move_paper accepts
        for to in offered:
            assert MOVE_MEANINGS[status, to]
            assert move_paper(paper, to, when).status is to
    for status, moves in BUILD_MOVES.items():
        assert sorted(allowed_moves(Build(1, "kv", when, status=status))) == sorted(moves)
    assert allowed_moves(Paper(1, "Raft", when, status=PaperStatus.READING))[0] is PaperStatus.READ
    assert allowed_moves(Paper(1, "Raft", when, status=PaperStatus.DROPPED)) == (PaperStatus.QUEUED,)
    assert allowed_moves(Build(1, "kv", when, status=BuildStatus.ABANDONED)) == (BuildStatus.IDEA,)


def test_records_are_replaced_never_changed_in_place() -> None:
    # conftest.py holds every test to it; this shows the guard bites, and that the moves replace.
    paper = Paper(3, "The Tail at Scale", datetime(2026, 11, 1, 9))
    moved = move_paper(paper, PaperStatus.READ, datetime(2026, 11, 20, 9))
    assert (paper.status, paper.finished) == (PaperStatus.QUEUED, None)
    assert (moved.status, moved.finished) == (PaperStatus.READ, datetime(2026, 11, 20, 9))
    with pytest.raises(AssertionError, match="changed in place"):
        paper.title = "Another title"
