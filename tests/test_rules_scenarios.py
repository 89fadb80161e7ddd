"""Scenarios through the command line: journals back-dated with --date, evaluated with --today.

Each test asserts exactly which rules fire on which items, then closes the loop the way a user
would and asserts the suggestion is gone.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

TODAY = "2026-11-25"


@pytest.fixture
def keys(cli):
    """The keys of every suggestion `next --all --json` gives on a day."""

    def run(today: str = TODAY) -> set[str]:
        result = cli("--today", today, "next", "--all", "--json")
        assert result.code == 0, result.err
        shown = json.loads(result.out)
        assert shown["problems"] == []
        return {s["key"] for s in shown["suggestions"]}

    return run


def ok(cli, *args: str) -> str:
    result = cli(*args)
    assert result.code == 0, result.err
    return result.out.strip()


def production(cli, started: str = "2026-11-01") -> None:
    ok(cli, "phase", "start", "production", "--goal", "ship the ranker", "--review", "", "--date", started)


def test_an_empty_journal_asks_for_a_phase_and_stops_once_one_is_open(cli, keys):
    assert keys() == {"no-phase"}
    ok(cli, "phase", "start", "research", "--goal", "read on ranking", "--date", "2026-11-20")
    assert keys() == {"research-empty-queue"}


def test_paper_read_without_a_build_fires_after_a_week_in_production_until_a_build_links_it(cli, keys):
    production(cli)
    ok(cli, "add", "build", "ranker", "--status", "building", "--date", "2026-11-20")
    ok(cli, "log", "note", "started", "--build", "b1", "--date", "2026-11-20")
    ok(cli, "add", "paper", "Attention Is All You Need", "--status", "read", "--date", "2026-11-15")
    assert keys("2026-11-21") == set()  # read 6 days ago: not yet
    assert keys("2026-11-22") == {"paper-read-no-build:p1"}
    ok(cli, "add", "build", "--from", "p1", "--date", "2026-11-22")
    assert keys("2026-11-22") == set()


def test_paper_read_without_a_build_waits_for_the_production_phase(cli, keys):
    ok(cli, "phase", "start", "research", "--date", "2026-11-01")
    ok(cli, "add", "paper", "queued one", "--date", "2026-11-01")
    ok(cli, "add", "paper", "read one", "--status", "read", "--date", "2026-11-02")
    ok(cli, "log", "note", "reading", "--date", "2026-11-24")
    assert keys() == set()
    production(cli, "2026-11-24")
    assert "paper-read-no-build:p2" in keys()


def test_shipped_build_wants_a_write_up_and_a_stale_draft_wants_finishing(cli, keys, tmp_path):
    production(cli)
    real = ("--data-source", "query logs", "--constraints", "p99 < 50 ms", "--users", "search team")
    ok(cli, "add", "build", "ranker", "--status", "shipped", *real, "--date", "2026-11-10")
    ok(cli, "add", "build", "next one", "--status", "building", "--date", "2026-11-24")
    ok(cli, "log", "note", "all good", "--date", "2026-11-24")
    assert keys("2026-11-16") == set()
    assert keys("2026-11-17") == {"shipped-no-writeup:b1"}
    ok(cli, "--today", "2026-11-17", "writeup", "b1", "-o", str(tmp_path / "b1.md"))
    assert keys("2026-11-24") == set()
    assert keys("2026-12-08") == {"writeup-stalled:b1", "build-stuck:b2", "nothing-logged"}
    draft = tmp_path / "b1.md"
    draft.write_text(draft.read_text().replace("> One paragraph: the problem", "We ranked."))
    ok(cli, "--today", "2026-12-08", "writeup", "b1", "--done")
    assert "writeup-stalled:b1" not in keys("2026-12-08")


def test_failure_without_a_question_fires_until_a_question_answers_it(cli, keys):
    production(cli)
    ok(cli, "add", "build", "ranker", "--status", "building", "--date", "2026-11-20")
    ok(cli, "log", "failure", "p99 latency spike", "--build", "b1", "--date", "2026-11-22")
    assert keys("2026-11-23") == set()
    assert keys("2026-11-24") == {"failure-no-question:e1"}
    ok(cli, "log", "note", "looked at traces", "--answers", "e1", "--date", "2026-11-24")
    assert keys("2026-11-24") == {"failure-no-question:e1"}  # a note is not a question
    ok(
        cli,
        "log",
        "question",
        "Why does the tail grow with batch size?",
        "--answers",
        "e1",
        "--date",
        "2026-11-24",
    )
    assert keys("2026-11-24") == set()


def test_insight_not_applied_fires_after_two_weeks_until_a_build_comes_from_it(cli, keys):
    production(cli, "2026-10-01")
    ok(cli, "add", "build", "ranker", "--status", "building", "--date", "2026-11-20")
    ok(cli, "log", "insight", "cache the embeddings", "--build", "b1", "--date", "2026-11-10")
    ok(cli, "log", "note", "steady", "--build", "b1", "--date", "2026-11-24")
    assert keys("2026-11-23") == set()
    assert keys("2026-11-24") == {"insight-not-applied:e1"}
    ok(cli, "add", "build", "--from", "e1", "--date", "2026-11-24")
    assert keys("2026-11-24") == set()


def test_build_stuck_fires_after_two_quiet_weeks_until_something_is_logged_about_it(cli, keys):
    production(cli)
    ok(cli, "add", "build", "ranker", "--status", "building", "--date", "2026-11-01")
    ok(cli, "log", "note", "general note", "--date", "2026-11-20")
    assert keys("2026-11-14") == set()
    assert keys("2026-11-15") == {"build-stuck:b1"}
    ok(cli, "log", "observation", "the index rebuild is slow", "--build", "b1", "--date", "2026-11-15")
    assert keys("2026-11-15") == set()
    assert keys("2026-11-29") == {"build-stuck:b1", "nothing-logged"}


def test_phase_balance_rules_fire_on_the_phase_and_stop_when_it_is_switched(cli, keys):
    ok(cli, "phase", "start", "research", "--length", "30 days", "--date", "2026-09-01")
    ok(cli, "phase", "start", "research", "--length", "30 days", "--review", "", "--date", "2026-10-01")
    ok(cli, "add", "paper", "Attention", "--status", "reading", "--date", "2026-10-01")
    ok(cli, "log", "note", "reading", "--date", "2026-10-16")
    assert keys("2026-10-16") == {"phase-imbalance"}  # 15 days left
    assert keys("2026-10-17") == {"phase-ending-soon:ph2", "phase-imbalance"}
    assert keys("2026-11-05") == {
        "phase-overdue:ph2",
        "phase-imbalance",
        "nothing-logged",
        "reading-stalled:p1",
    }
    ok(cli, "--today", "2026-11-05", "phase", "start", "production", "--review", "read enough")
    ok(cli, "add", "build", "from attention", "--status", "building", "--date", "2026-11-05")
    ok(cli, "log", "note", "switched", "--build", "b1", "--date", "2026-11-05")
    ok(cli, "advance", "p1", "--date", "2026-11-05")
    assert keys("2026-11-05") == set()


def test_queue_and_work_in_progress_rules(cli, keys):
    ok(cli, "phase", "start", "research", "--date", "2026-11-20")
    ok(cli, "log", "note", "start", "--date", "2026-11-24")
    assert keys() == {"research-empty-queue"}
    for number in range(4):
        ok(cli, "add", "paper", f"paper {number}", "--status", "reading", "--date", "2026-11-21")
    assert keys() == {"too-much-reading"}
    ok(cli, "advance", "p1", "--date", "2026-11-24")
    assert keys() == set()
    assert keys("2026-12-21") == {
        "reading-stalled:p2",
        "reading-stalled:p3",
        "reading-stalled:p4",
        "nothing-logged",
    }


def test_production_with_nothing_building_stops_once_a_build_starts(cli, keys):
    production(cli)
    ok(cli, "log", "note", "start", "--date", "2026-11-24")
    assert keys() == {"production-nothing-building"}
    ok(cli, "add", "build", "ranker", "--date", "2026-11-24")
    assert keys() == {"production-nothing-building"}  # an idea is not being built
    ok(cli, "advance", "b1", "--date", "2026-11-24")
    assert keys() == set()


def test_next_prints_reasons_and_why_explains_by_number_key_and_item(cli):
    production(cli)
    ok(cli, "add", "paper", "Attention Is All You Need", "--status", "read", "--date", "2026-10-01")
    out = ok(cli, "--today", TODAY, "next")
    assert out.startswith("1. [86] ")  # weight 80 + 6 full weeks past the 7-day threshold
    assert "Build a production system for “Attention Is All You Need”: read 55 days ago" in out
    assert 'because status == "read" (read) · build_count == 0 (0) · days_since_finished >= 7 (55)' in out
    by_number = ok(cli, "--today", TODAY, "why", "1")
    by_key = ok(cli, "--today", TODAY, "why", "paper-read-no-build:p1")
    assert by_number == by_key
    assert "✓ days_since_finished >= 7" in by_key and "days_since_finished = 55" in by_key
    by_item = ok(cli, "--today", TODAY, "why", "p1")
    assert "fires  paper-read-no-build" in by_item and "quiet  reading-stalled" in by_item
    assert '✗ status == "reading"' in by_item


def test_snooze_hides_until_the_day_and_dismiss_hides_for_good_until_undone(cli, keys):
    production(cli)
    ok(cli, "add", "build", "ranker", "--status", "building", "--date", "2026-11-20")
    ok(cli, "log", "failure", "timeouts", "--build", "b1", "--date", "2026-11-20")
    ok(cli, "log", "failure", "bad joins", "--build", "b1", "--date", "2026-11-20")
    assert keys() == {"failure-no-question:e1", "failure-no-question:e2"}
    assert "until 2026-12-02" in ok(cli, "--today", TODAY, "snooze", "failure-no-question:e1", "--for", "1w")
    assert keys() == {"failure-no-question:e2"}
    assert keys("2026-12-02") == {"failure-no-question:e1", "failure-no-question:e2", "nothing-logged"}
    ok(cli, "--today", TODAY, "snooze", "failure-no-question:e2", "--forever")
    assert keys("2027-06-01") >= {"failure-no-question:e1"} and "failure-no-question:e2" not in keys(
        "2027-06-01"
    )
    assert "hidden dismissed; `dualtui unsnooze failure-no-question:e2`" in ok(
        cli, "--today", TODAY, "why", "failure-no-question:e2"
    )
    assert "fires  failure-no-question  (dismissed)" in ok(cli, "--today", TODAY, "why", "e2")
    ok(cli, "--today", TODAY, "snooze", "failure-no-question:e2", "--off")
    assert "failure-no-question:e2" in keys()
    missing = cli("--today", TODAY, "snooze", "no-such-rule:p9")
    assert missing.code == 1 and "No suggestion “no-such-rule:p9” today" in missing.err


def test_a_bad_user_rule_is_reported_with_file_line_and_id_and_the_rest_still_runs(cli, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "- id: my-rule\n"
        "  about: papers\n"
        "  when: bild_count == 0\n"
        '  say: "x"\n'
        "- id: no-phase\n"
        "  weight: 99\n"
        "- id: nothing-logged\n"
        "  enabled: false\n",
        encoding="utf-8",
    )
    result = cli("--rules", str(rules), "--today", TODAY, "next")
    assert result.code == 0
    assert (
        f"{rules}:3: rule “my-rule”: `when`: `bild_count` is not a fact here. Did you mean `build_count`?"
        in result.err
    )
    assert result.out.startswith(" 1. [99] No phase is open")
    check = cli("rules", "check", str(rules))
    assert check.code == 1 and "rule “my-rule”" in check.err
    rules.write_text("- id: nothing-logged\n  enabled: false\n", encoding="utf-8")
    check = cli("rules", "check", str(rules))
    assert check.code == 0 and "all good" in check.out and "1 disabled" in check.out


def test_rules_test_lists_what_each_rule_fires_on_and_what_is_skipped(cli):
    production(cli)
    ok(cli, "add", "paper", "A", "--status", "read", "--date", "2026-10-01")
    out = ok(cli, "--today", TODAY, "rules", "test")
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert lines["paper-read-no-build"].endswith("fires on p1")
    assert lines["research-empty-queue"].endswith("skipped: only in research phases")
    assert lines["no-phase"].endswith("quiet")


def test_snoozes_are_one_per_rule_and_item_in_the_journal(cli, keys, journal_path):
    from dualtui.store import Journal

    production(cli)
    ok(cli, "log", "failure", "timeouts", "--date", "2026-11-20")
    ok(cli, "--today", TODAY, "snooze", "failure-no-question:e1", "--for", "3d")
    ok(cli, "--today", TODAY, "snooze", "failure-no-question:e1", "--for", "2w")
    ok(cli, "--today", TODAY, "snooze", "production-nothing-building", "--forever")
    stored = sorted(
        (s.rule, s.target, s.until) for s in Journal.open(journal_path).snapshot().snoozes.values()
    )
    assert stored == [
        ("failure-no-question", "e1", date(2026, 12, 9)),
        ("production-nothing-building", "", None),
    ]
