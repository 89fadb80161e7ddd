"""The links that close the loops: what `link` accepts and refuses, and that delete and undo keep them."""

from __future__ import annotations

import json

import pytest


def ok(cli, *args: str) -> str:
    result = cli(*args)
    assert result.code == 0, result.err
    return result.out


def refused(cli, *args: str) -> str:
    result = cli(*args)
    assert result.code == 1 and result.out == ""
    return result.err


@pytest.fixture
def journal(cli):
    ok(cli, "add", "paper", "The Tail at Scale", "--claim", "hedging cuts p99")
    ok(cli, "add", "build", "ranker")
    ok(cli, "log", "failure", "p99 spike", "--build", "b1")
    ok(cli, "log", "question", "why the spike?", "--answers", "e1")
    ok(cli, "log", "insight", "hedge after the p95")
    return cli


def stored(cli, ref: str) -> dict:
    return json.loads(ok(cli, "show", ref, "--json"))


def test_link_takes_either_order_and_says_what_it_recorded(journal) -> None:
    assert ok(journal, "link", "p1", "e2") == "e2 is addressed by p1\n"
    assert ok(journal, "link", "b1", "e2") == "e2 is addressed by p1 and b1\n"
    assert ok(journal, "link", "b1", "e3") == "e3 is applied to b1\n"
    assert ok(journal, "link", "p1", "b1") == "b1 builds on p1\n"
    question = stored(journal, "e2")
    assert (question["linked_papers"], question["linked_builds"]) == ([1], [1])
    assert "e2 is already linked to p1" in refused(journal, "link", "e2", "p1")


@pytest.mark.parametrize(
    ("first", "second", "says"),
    [
        ("e1", "p1", "e1 is a failure: only a question (addressed by a paper or a build) or an insight"),
        ("e3", "p1", "e3 is an insight: link it to the build it is applied to"),
        ("p1", "p1", "p1 and p1 cannot be linked"),
        ("e2", "e3", "e2 and e3 cannot be linked"),
        ("e2", "p9", "There is no paper p9"),
    ],
)
def test_a_link_that_closes_no_loop_is_refused_with_a_sentence_and_nothing_changes(
    journal, journal_path, first: str, second: str, says: str
) -> None:
    before = journal_path.read_bytes()
    err = refused(journal, "link", first, second)
    assert says in err and err.count("\n") == 1
    assert journal_path.read_bytes() == before


def test_add_paper_for_a_question_adds_and_links_in_one_step_or_not_at_all(journal, journal_path) -> None:
    assert ok(journal, "add", "paper", "Hedged requests", "--for", "e2") == "p2\n"
    assert stored(journal, "e2")["linked_papers"] == [2]
    before = journal_path.read_bytes()
    assert "e1 is a failure" in refused(journal, "add", "paper", "Another", "--for", "e1")
    assert journal_path.read_bytes() == before  # no paper added without its link


def test_deleting_a_linked_record_unlinks_it_and_undo_links_it_again(journal) -> None:
    ok(journal, "link", "e2", "p1")
    ok(journal, "link", "e2", "b1")
    ok(journal, "link", "e3", "b1")
    ok(journal, "delete", "b1")
    assert stored(journal, "e2")["linked_builds"] == [] and stored(journal, "e3")["linked_builds"] == []
    ok(journal, "delete", "p1")
    assert stored(journal, "e2")["linked_papers"] == []
    ok(journal, "undo")
    ok(journal, "undo")
    assert stored(journal, "e2")["linked_papers"] == [1] and stored(journal, "e2")["linked_builds"] == [1]
    assert stored(journal, "e3")["linked_builds"] == [1]


def test_a_claim_number_is_checked_on_log_and_on_edit(journal) -> None:
    assert ok(journal, "log", "validated", "halved", "--paper", "p1", "--claim", "1") == "e4\n"
    assert stored(journal, "e4")["claim"] == 1
    assert "A claim belongs to a paper" in refused(journal, "log", "validated", "x", "--claim", "1")
    assert "not a note" in refused(journal, "log", "note", "x", "--paper", "p1", "--claim", "1")
    assert "p1 has no claim 2: it has only claim 1" in refused(journal, "edit", "e4", "--set", "claim=2")
    assert "is not a claim number" in refused(journal, "edit", "e4", "--set", "claim=two")
    ok(journal, "edit", "e4", "--set", "claim=")
    assert stored(journal, "e4")["claim"] is None


def test_unlink_takes_back_each_kind_of_link_in_either_order_and_undo_puts_it_back(journal) -> None:
    ok(journal, "add", "paper", "Hedged requests")
    for first, second in (("e2", "p1"), ("e2", "b1"), ("e3", "b1"), ("b1", "p1"), ("b1", "p2")):
        ok(journal, "link", first, second)
    assert ok(journal, "unlink", "p1", "b1") == "b1 builds on p2\n"
    assert stored(journal, "b1")["paper_ids"] == [2]
    assert ok(journal, "unlink", "e2", "p1") == "e2 is addressed by b1\n"
    assert ok(journal, "unlink", "b1", "e2") == "e2 is addressed by nothing\n"
    assert ok(journal, "unlink", "e3", "b1") == "e3 is applied to no build\n"
    assert ok(journal, "unlink", "b1", "p2") == "b1 builds on no paper\n"
    question = stored(journal, "e2")
    assert (question["linked_papers"], question["linked_builds"]) == ([], [])
    history = ok(journal, "history", "--limit", "2")
    assert "unlinked b1 from p2" in history and "unlinked e3 from b1" in history
    assert ok(journal, "undo") == "undid: unlinked b1 from p2\n"
    assert ok(journal, "undo") == "undid: unlinked e3 from b1\n"
    assert stored(journal, "b1")["paper_ids"] == [2] and stored(journal, "e3")["linked_builds"] == [1]
    assert ok(journal, "redo") == "redid: unlinked e3 from b1\n"
    assert stored(journal, "e3")["linked_builds"] == []


@pytest.mark.parametrize(
    ("first", "second", "says"),
    [
        ("b1", "p1", "b1 is not linked to p1: no papers are linked to it."),
        ("e2", "b1", "e2 is not linked to b1: the builds linked to it are b2."),
        ("p1", "p1", "p1 and p1 cannot be unlinked: link a build to a paper (b3 p5)"),
        ("e2", "e3", "e2 and e3 cannot be unlinked"),
        ("e9", "p1", "There is no entry e9."),
    ],
)
def test_an_unlink_of_what_is_not_linked_is_refused_naming_what_is_and_nothing_changes(
    journal, journal_path, first: str, second: str, says: str
) -> None:
    ok(journal, "add", "build", "hedger")
    ok(journal, "link", "e2", "b2")
    before = journal_path.read_bytes()
    err = refused(journal, "unlink", first, second)
    assert says in err and err.count("\n") == 1
    assert journal_path.read_bytes() == before


def test_unlink_through_the_installed_command(tmp_path, dualtui_process) -> None:
    db = str(tmp_path / "j.json")
    for args in (("add", "paper", "Raft"), ("add", "build", "kv", "--paper", "p1")):
        assert dualtui_process("--db", db, *args).code == 0
    assert dualtui_process("--db", db, "unlink", "b1", "p1").out == "b1 builds on no paper\n"
    refused = dualtui_process("--db", db, "unlink", "b1", "p1")
    assert (refused.code, refused.err) == (
        1,
        "dualtui: b1 is not linked to p1: no papers are linked to it.\n",
    )
    assert dualtui_process("--db", db, "undo").out == "undid: unlinked b1 from p1\n"


def test_edit_sets_a_whole_list_of_links_under_the_rules_link_follows(journal, journal_path) -> None:
    ok(journal, "add", "paper", "Hedged requests")
    assert "b1" in ok(journal, "edit", "b1", "--set", "paper_ids=p2, p1 p2")
    assert stored(journal, "b1")["paper_ids"] == [2, 1]
    ok(journal, "edit", "e2", "--set", "linked_papers=p1", "--set", "linked_builds=b1")
    assert "edited e2: linked papers +p1, linked builds +b1" in ok(journal, "history", "--limit", "1")
    before = journal_path.read_bytes()
    assert "e1 is a failure" in refused(journal, "edit", "e1", "--set", "linked_papers=p1")
    assert "e3 is an insight" in refused(journal, "edit", "e3", "--set", "linked_papers=p1")
    assert "There is no paper p9." in refused(journal, "edit", "b1", "--set", "paper_ids=p1 p9")
    assert journal_path.read_bytes() == before
    ok(journal, "edit", "b1", "--set", "paper_ids=")
    assert stored(journal, "b1")["paper_ids"] == []
