"""The loops of the method, day by day, through the installed `dualtui` command.

Each journal is back-dated with --date and read with --today: a suggestion fires on the right day
with its reason, and falls silent when the loop is closed the way a user closes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.installed import Journal


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.json")


def facts(suggestion: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for clause in suggestion["reason"]["clauses"]:
        assert clause["holds"], clause
        found.update(clause["facts"])
    return found


def review_items(review: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for group in review["open_loops"] for item in group["items"]}


QUESTION_RULES = ("question-unaddressed", "question-unanswered", "build-stuck")


def test_a_question_wants_research_then_an_answer(journal: Journal) -> None:
    journal.run("phase", "start", "research", "--goal", "understand tail latency", "--date", "2026-11-01")
    journal.run("add", "paper", "Queued for later", "--date", "2026-11-01")
    assert (
        journal.run("log", "question", "Why does the tail grow with load?", "--date", "2026-11-02") == "e1\n"
    )
    assert journal.suggestions("2026-11-08", *QUESTION_RULES) == {}  # six days: not yet

    (asked,) = journal.suggestions("2026-11-09", *QUESTION_RULES).values()
    assert asked["key"] == "question-unaddressed:e1" and asked["action"] == "address-question"
    assert asked["message"] == (
        "“Why does the tail grow with load?” has waited 7 days with nothing addressing it: "
        "find research that addresses it (a paper read for it)."
    )
    assert facts(asked) == {"kind": "question", "addressed": False, "answered": False, "days_old": 7}

    # Research that addresses it: added and linked in one step.
    assert journal.run("add", "paper", "The Tail at Scale", "--for", "e1", "--date", "2026-11-09") == "p2\n"
    assert journal.suggestions("2026-11-09", *QUESTION_RULES) == {}
    journal.run("status", "p2", "read", "--date", "2026-11-10")
    assert journal.suggestions("2026-11-16", *QUESTION_RULES) == {}

    (answer_it,) = journal.suggestions("2026-11-17", *QUESTION_RULES).values()
    assert answer_it["key"] == "question-unanswered:e1" and answer_it["action"] == "answer-question"
    assert facts(answer_it)["days_since_addressed"] == 7
    assert "read or shipped 7 days ago" in answer_it["message"]
    shown = journal.run("show", "e1")
    assert "  e1 question: Why does the tail grow with load?\n  → p2 paper (read): The Tail at Scale" in shown
    assert "no answer yet" in shown

    journal.run(
        "log", "insight", "Queueing: tail grows past 70% load", "--answers", "e1", "--date", "2026-11-17"
    )
    assert journal.suggestions("2026-11-17", *QUESTION_RULES) == {}
    assert "→ e2 insight: Queueing: tail grows past 70% load" in journal.run("show", "e1")
    assert "e1 question: Why does the tail grow" in journal.run("show", "p2")


def test_in_production_a_question_wants_an_experiment_and_a_stuck_build_points_at_it(
    journal: Journal,
) -> None:
    journal.run("phase", "start", "production", "--goal", "ship the ranker", "--date", "2026-11-01")
    journal.run("add", "build", "ranker", "--status", "building", "--date", "2026-11-01")
    journal.run("log", "question", "Does batching hurt p99?", "--build", "b1", "--date", "2026-11-01")
    found = journal.suggestions("2026-11-15", *QUESTION_RULES)
    assert set(found) == {"question-unaddressed:e1", "build-stuck:b1"}
    assert found["question-unaddressed:e1"]["message"].endswith(
        "try an experiment that tests it (a build linked to it)."
    )
    assert found["build-stuck:b1"]["message"] == (
        "“ranker” has had no log entry for 14 days: when stuck, look for research that addresses the "
        "problem (open questions: e1)."
    )
    assert journal.run("link", "e1", "b1") == "e1 is addressed by b1\n"
    assert set(journal.suggestions("2026-11-15", *QUESTION_RULES)) == {"build-stuck:b1"}
    # An answer about the build closes the question and is a sign of life; stuck again two weeks
    # later, the build has no open question left to name.
    journal.run(
        "log", "observation", "p99 flat up to batch 64", "--answers", "e1", "--build", "b1",
        "--date", "2026-11-15",
    )  # fmt: skip
    assert journal.suggestions("2026-11-15", *QUESTION_RULES) == {}
    (stuck,) = journal.suggestions("2026-11-29", *QUESTION_RULES).values()
    assert stuck["message"].endswith("(open questions: none).")


def test_an_insight_applied_to_an_existing_build_closes_its_loop_in_the_rule_and_the_review(
    journal: Journal,
) -> None:
    journal.run("phase", "start", "production", "--goal", "ship", "--date", "2026-10-01")
    journal.run("add", "build", "ranker", "--status", "building", "--date", "2026-10-01")
    journal.run("log", "insight", "cache the embeddings", "--build", "b1", "--date", "2026-11-01")
    journal.run("log", "note", "steady", "--build", "b1", "--date", "2026-11-14")
    assert journal.suggestions("2026-11-14", "insight-not-applied") == {}  # 13 days

    (apply_it,) = journal.suggestions("2026-11-15", "insight-not-applied").values()
    assert apply_it["key"] == "insight-not-applied:e1" and apply_it["action"] == "apply-insight"
    assert facts(apply_it) == {"kind": "insight", "applied": False, "days_old": 14}
    # The build it was learned from is not one it was applied to: the review agrees with the rule.
    assert review_items(journal.review("2026-11-15"))["insight-not-applied:e1"]["state"] == "open"

    assert journal.run("link", "e1", "b1") == "e1 is applied to b1\n"
    assert journal.suggestions("2026-11-15", "insight-not-applied") == {}
    assert "insight-not-applied:e1" not in review_items(journal.review("2026-11-15"))
    assert "insights applied to it:\n  e1 insight: cache the embeddings" in journal.run("show", "b1")


def test_in_a_research_phase_the_apply_insight_rule_waits_for_the_production_phase(journal: Journal) -> None:
    journal.run("phase", "start", "research", "--goal", "read", "--date", "2026-11-01")
    journal.run("add", "paper", "Queued", "--date", "2026-11-01")
    journal.run("log", "insight", "cache the embeddings", "--date", "2026-11-01")
    assert journal.suggestions("2026-11-20", "insight-not-applied") == {}
    item = review_items(journal.review("2026-11-20"))["insight-not-applied:e1"]
    assert item["state"] == "held"
    assert "[waits for a production phase]" in journal.run("--today", "2026-11-20", "review")
    journal.run("phase", "start", "production", "--review", "read enough", "--date", "2026-11-20")
    assert set(journal.suggestions("2026-11-20", "insight-not-applied")) == {"insight-not-applied:e1"}


CLAIM_RULES = ("claim-untested",)
REAL = ("--data-source", "query logs", "--constraints", "p99 < 50 ms", "--users", "search team")


def test_a_shipped_build_asks_to_test_its_papers_claims_one_by_one(journal: Journal) -> None:
    journal.run("phase", "start", "production", "--goal", "ship", "--date", "2026-10-01")
    journal.run(
        "add", "paper", "The Tail at Scale", "--claim", "hedged requests cut p99",
        "--claim", "tied requests cut p99 further", "--status", "read", "--date", "2026-10-01",
    )  # fmt: skip
    journal.run("add", "build", "--from", "p1", "--status", "shipped", *REAL, "--date", "2026-11-01")
    assert journal.suggestions("2026-11-14", *CLAIM_RULES) == {}  # 13 days in production

    (check,) = journal.suggestions("2026-11-15", *CLAIM_RULES).values()
    assert check["key"] == "claim-untested:b1" and check["action"] == "test-claim"
    assert check["message"] == (
        "“The Tail at Scale” has run in production for 14 days: check the claim “hedged requests cut "
        "p99” (p1, claim 1) against it, and log what you find."
    )
    assert facts(check)["untested_claims"] == 2

    journal.run("log", "validated", "hedging halved p99", "--paper", "p1", "--claim", "1", "--build", "b1")
    (check,) = journal.suggestions("2026-11-15", *CLAIM_RULES).values()
    assert "“tied requests cut p99 further” (p1, claim 2)" in check["message"]
    journal.run(
        "log", "refuted", "tied requests added load", "--paper", "p1", "--claim", "2", "--build", "b1"
    )
    assert journal.suggestions("2026-11-15", *CLAIM_RULES) == {}

    shown = journal.run("show", "p1")
    assert "  1. hedged requests cut p99  —  ✓ e1 hedging halved p99" in shown
    assert "  2. tied requests cut p99 further  —  ⊘ e2 tied requests added load" in shown
    refused = journal.run("log", "validated", "x", "--paper", "p1", "--claim", "3", code=1)
    assert refused == "dualtui: p1 has no claim 3: it has claims 1 to 2 (`dualtui show p1` lists them).\n"


def test_a_shipped_toy_is_told_what_it_lacks_and_its_write_up_cannot_be_done_with_a_placeholder(
    journal: Journal, tmp_path: Path
) -> None:
    journal.run("phase", "start", "production", "--goal", "ship", "--date", "2026-11-01")
    journal.run("add", "build", "ranker", "--status", "building", "--data-source", "query logs",
                "--date", "2026-11-01")  # fmt: skip
    assert journal.suggestions("2026-11-02", "build-not-real") == {}  # not shipped yet
    journal.run("status", "b1", "shipped", "--date", "2026-11-03")

    (toy,) = journal.suggestions("2026-11-03", "build-not-real").values()
    assert toy["action"] == "describe-build"
    assert toy["message"] == (
        "“ranker” shipped with no constraints or users named: latency, scale and cost are where elegant "
        "solutions shatter; real users validate a theory in ways peer review never can."
    )
    shown = journal.run("show", "b1")
    assert "constraints: (missing: latency, scale, cost?)" in shown
    assert "users: (missing: who depends on it?)" in shown
    draft = Path(journal.run("--today", "2026-11-03", "writeup", "b1", "-o", str(tmp_path / "b1.md")).strip())
    assert "- **Users:** **missing** *(who depends on it?)*" in draft.read_text()

    journal.run("edit", "b1", "--set", "constraints=p99 < 50 ms", "--set", "users=the search team")
    assert journal.suggestions("2026-11-03", "build-not-real") == {}

    refused = journal.run("--today", "2026-11-03", "writeup", "b1", "--done", code=1)
    assert "is still the template's placeholder" in refused and "--done --force" in refused
    journal.run("--today", "2026-11-03", "writeup", "b1", "--done", "--force")
    assert json.loads(journal.run("show", "b1", "--json"))["writeup"] == "done"


def test_an_overdue_phase_outranks_everything_but_a_failure_days_old(journal: Journal) -> None:
    journal.run(
        "phase", "start", "production", "--length", "30 days", "--goal", "ship", "--date", "2026-09-01"
    )
    journal.run("add", "paper", "Read long ago", "--status", "read", "--date", "2026-03-01")
    journal.run("add", "build", "ranker", "--status", "building", *REAL, "--date", "2026-10-01")
    journal.run("log", "failure", "p99 spike", "--build", "b1", "--date", "2026-10-02")
    journal.run("log", "note", "busy", "--build", "b1", "--date", "2026-10-04")
    ranked = json.loads(journal.run("--today", "2026-10-06", "next", "--json"))["suggestions"]
    assert [(s["rule"], s["score"]) for s in ranked[:3]] == [
        ("failure-no-question", 130.0),  # four days old
        ("phase-overdue", 105.0),  # five days past its end
        ("paper-read-no-build", 100.0),  # read 219 days ago: weight 80 + the most age gives, 20
    ]
    # Without the failure, the overdue phase is first.
    journal.run("log", "question", "why the spike?", "--answers", "e1", "--date", "2026-10-06")
    ranked = json.loads(journal.run("--today", "2026-10-06", "next", "--json"))["suggestions"]
    assert ranked[0]["rule"] == "phase-overdue"


def test_a_failure_to_question_to_experiment_to_answer_chain_asks_for_the_answer_a_week_after_it_shipped(
    journal: Journal,
) -> None:
    journal.run("phase", "start", "production", "--goal", "ship the ranker", "--date", "2026-11-01")
    journal.run("add", "build", "ranker", "--status", "building", *REAL, "--date", "2026-11-01")
    journal.run("log", "failure", "p99 spike at peak", "--build", "b1", "--date", "2026-11-02")
    journal.run("log", "question", "Does batching cause it?", "--answers", "e1", "--date", "2026-11-02")
    journal.run("add", "build", "batch-size probe", "--status", "building", "--date", "2026-11-03")
    assert journal.run("link", "e2", "b2") == "e2 is addressed by b2\n"
    journal.run("status", "b2", "shipped", "--date", "2026-11-05")
    journal.run("log", "note", "probe running", "--build", "b1", "--date", "2026-11-11")
    assert journal.suggestions("2026-11-11", "question-unanswered") == {}  # shipped six days ago

    (answer_it,) = journal.suggestions("2026-11-12", "question-unanswered").values()
    assert answer_it["key"] == "question-unanswered:e2" and answer_it["action"] == "answer-question"
    assert facts(answer_it)["days_since_addressed"] == 7
    assert answer_it["message"] == (
        "Answer “Does batching cause it?”: what addresses it was read or shipped 7 days ago; log what "
        "you learned, following up e2."
    )
    assert "questions it tests:\n  e2 question: Does batching cause it?" in journal.run("show", "b2")

    journal.run("log", "refuted", "batch size does not move p99", "--answers", "e2", "--date", "2026-11-12")
    assert journal.suggestions("2026-11-12", "question-unanswered") == {}
    # The question's view: the whole chain, from the failure to the answer.
    assert (
        "chain:\n  e1 failure: p99 spike at peak\n  → e2 question: Does batching cause it?\n"
        "  → b2 build (shipped): batch-size probe\n  → e4 refuted: batch size does not move p99\n"
    ) in journal.run("show", "e2")
