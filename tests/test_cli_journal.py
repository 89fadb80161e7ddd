"""The journal commands as a user types them, including every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_a_day_of_work_from_the_command_line(cli, journal_path: Path) -> None:
    assert (
        cli("phase", "start", "research", "--goal", "Understand tail latency", "--date", "2026-09-01").out
        == "ph1\n"
    )
    assert cli("add", "paper", "The Tail at Scale", "--authors", "Dean, Jeffrey; Barroso, Luiz").out == "p1\n"
    assert cli("advance", "p1").out == "p1 is reading\n"
    assert cli("status", "p1", "read", "--date", "2026-09-10").out == "p1 is read\n"
    assert (
        cli("add", "build", "--from", "p1", "--data-source", "prod traces", "--users", "on-call").out
        == "b1\n"
    )
    assert cli("log", "failure", "p99 doubled at peak", "--build", "b1").out == "e1\n"
    assert cli("log", "question", "Does hedging help?", "--answers", "e1").out == "e2\n"

    stored = json.loads(journal_path.read_bytes())
    paper = stored["papers"]["1"]
    assert paper["authors"] == ["Dean, Jeffrey", "Barroso, Luiz"]
    assert paper["status"] == "read" and paper["finished"].startswith("2026-09-10")
    assert stored["builds"]["1"]["paper_ids"] == [1]
    assert stored["builds"]["1"]["title"] == "The Tail at Scale"
    assert stored["entries"]["2"]["answers"] == 1

    listing = cli("list", "papers").out
    assert "p1" in listing and "read" in listing and "The Tail at Scale (Dean et al.)" in listing
    as_json = json.loads(cli("list", "entries", "--json").out)
    assert [e["id"] for e in as_json] == ["e1", "e2"]
    assert set(as_json[0]) == {
        "id",
        "at",
        "kind",
        "text",
        "paper_id",
        "build_id",
        "answers",
        "linked_papers",
        "linked_builds",
        "claim",
    }


def test_back_filled_dates_and_a_fixed_today_drive_the_phase_view(cli) -> None:
    cli("phase", "start", "production", "--date", "2026-01-01", "--length", "90 days")
    out = cli("--today", "2026-02-15", "phase").out
    assert "production: day 46 of 90, 45 days left" in out
    assert "overdue" in cli("--today", "2026-05-01", "phase").out


def test_switching_phase_closes_the_open_one_with_review_and_summary(cli, journal_path: Path) -> None:
    cli("phase", "start", "research", "--date", "2026-01-01")
    cli("add", "paper", "Dynamo", "--status", "read", "--date", "2026-01-15")
    out = cli("phase", "start", "production", "--review", "Read less, build more", "--date", "2026-03-01").out
    assert out.startswith("ended ph1 (research)\n  papers read: 1 (p1)\n") and out.endswith("ph2\n")
    assert "  open loops left: 1\n" in out
    first = json.loads(journal_path.read_bytes())["phases"]["1"]
    assert first["review"] == "Read less, build more"
    assert first["summary"]["papers_read"] == 1
    assert first["summary"]["open_loops"] == 1


def test_delete_unlinks_and_undo_puts_everything_back(cli, journal_path: Path) -> None:
    cli("add", "paper", "Raft")
    cli("add", "build", "raft-kv", "--paper", "p1")
    cli("log", "note", "read section 5", "--paper", "p1")
    assert "deleted p1" in cli("delete", "p1").out
    stored = json.loads(journal_path.read_bytes())
    assert "1" not in stored["papers"]
    assert "paper_ids" not in stored["builds"]["1"] and "paper_id" not in stored["entries"]["1"]
    assert cli("undo").out == "undid: deleted p1 “Raft” and 2 links to it\n"
    stored = json.loads(journal_path.read_bytes())
    assert stored["papers"]["1"]["title"] == "Raft"
    assert stored["builds"]["1"]["paper_ids"] == [1]
    assert stored["entries"]["1"]["paper_id"] == 1
    for change in ("logged e1 note “read section 5”", "added b1 “raft-kv”", "added p1 “Raft”"):
        assert cli("undo").out == f"undid: {change}\n"
    assert cli("undo").err == "dualtui: There is nothing to undo.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "paper", "   "), "A title cannot be empty."),
        (("status", "p9", "read"), "There is no paper p9."),
        (("status", "p1", "queued"), "p1 is already queued: from queued it can go to reading, read, dro"),
        (
            ("status", "p1", "shipped"),
            "“shipped” is not a paper status: use one of queued, reading, read, dropped.",
        ),
        (("log", "failure", "x", "--build", "b4"), "There is no build b4."),
        (("log", "rant", "x"), "“rant” is not a log kind"),
        (("log", "note", "x", "--paper", "b1"), "“b1” is a build id, but a paper id is needed here."),
        (("add", "paper", "x", "--date", "31/12/2026"), "“31/12/2026” is not a date"),
        (("phase", "start", "vacation"), "“vacation” is not a phase kind"),
        (("phase", "start", "research", "--length", "forever"), "“forever” is not a length"),
        (("advance", "zz"), "“zz” is not an id"),
        (("--today", "someday", "list", "papers"), "“someday” is not a date"),
    ],
)
def test_bad_input_gets_one_sentence_a_failure_code_and_no_change(
    cli, journal_path: Path, args: tuple[str, ...], message: str
) -> None:
    cli("add", "paper", "Existing paper")
    before = journal_path.read_bytes()
    result = cli(*args)
    assert result.code == 1
    assert result.err.startswith("dualtui: ")
    assert message in result.err
    assert result.err.count("\n") == 1
    assert journal_path.read_bytes() == before


def test_an_impossible_status_move_names_the_allowed_ones(cli) -> None:
    cli("add", "build", "ranker", "--status", "shipped")
    result = cli("status", "b1", "idea")
    assert result.err == "dualtui: b1 cannot go from shipped to idea: from shipped it can go to building.\n"


def test_status_takes_the_moves_the_app_offers_and_refuses_others_naming_them(
    tmp_path: Path, dualtui_process
) -> None:
    db = str(tmp_path / "j.json")
    assert dualtui_process("--db", db, "add", "paper", "Raft").code == 0
    assert dualtui_process("--db", db, "status", "p1", "dropped").out == "p1 is dropped\n"
    refused = dualtui_process("--db", db, "status", "p1", "read")
    assert refused.code == 1
    assert refused.err == "dualtui: p1 cannot go from dropped to read: from dropped it can go to queued.\n"
    assert dualtui_process("--db", db, "status", "p1", "queued").out == "p1 is queued\n"  # reopened
    assert dualtui_process("--db", db, "undo").out == "undid: p1 dropped → queued\n"


def test_a_corrupt_journal_is_refused_untouched_and_doctor_restores_the_backup(
    tmp_path: Path, dualtui_process
) -> None:
    path = tmp_path / "j.json"
    run = lambda *a: dualtui_process("--db", str(path), *a)  # noqa: E731
    run("--today", "2026-11-20", "add", "paper", "Yesterday's paper")
    run("add", "paper", "Today's paper")  # the day's first write backs up yesterday's file
    path.write_bytes(b'{"papers": {"1": ')
    refused = run("add", "paper", "never lands")
    assert refused.code == 1
    assert "is not valid JSON" in refused.err and "dualtui doctor --restore" in refused.err
    assert path.read_bytes() == b'{"papers": {"1": '
    assert run("doctor").code == 1
    restored = run("doctor", "--restore")
    assert restored.code == 0 and "restored" in restored.out
    assert [p["title"] for p in json.loads(path.read_bytes())["papers"].values()] == ["Yesterday's paper"]
    kept = list(tmp_path.glob("j.json.replaced-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b'{"papers": {"1": '


def test_an_unreadable_config_is_one_sentence(tmp_path: Path, cli) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("phase_length: [oops\n")
    result = cli("--config", str(config), "list", "papers")
    assert (
        result.code == 1 and result.err == f"dualtui: The config file {config} is not valid YAML at line 2.\n"
    )
    config.write_text("phase_lenght: 3 months\n")
    assert "unknown setting “phase_lenght”" in cli("--config", str(config), "list", "papers").err
    config.write_text("phase_length: 6 weeks\n")
    cli("--config", str(config), "phase", "start", "research", "--date", "2026-01-01")
    assert "day 1 of 42" in cli("--config", str(config), "--today", "2026-01-01", "phase").out


def test_demo_fills_an_empty_journal_and_leaves_its_own_demo_and_yours_alone(
    cli, journal_path: Path, tmp_path: Path
) -> None:
    out = cli("--today", "2026-11-25", "demo", "--size", "300").out
    assert "papers" in out and "entries" in out
    stored = json.loads(journal_path.read_bytes())
    assert sum(len(stored[t]) for t in ("phases", "papers", "builds", "entries")) == pytest.approx(300, abs=5)
    kinds = {e["kind"] for e in stored["entries"].values()}
    assert kinds == {"failure", "insight", "observation", "question", "validated", "refuted", "note"}
    assert sum(p.get("ended") is None for p in stored["phases"].values()) == 1
    before = journal_path.read_bytes()
    again = cli("demo")  # the README's `demo && dualtui` line, run a second time
    assert again.code == 0 and "holds the demo journal already" in again.out
    assert journal_path.read_bytes() == before
    yours = tmp_path / "yours.json"
    assert cli("--db", str(yours), "add", "paper", "Mine").code == 0  # the later --db wins
    refused = cli("--db", str(yours), "demo")
    assert refused.code == 1 and "already holds 1 record of your own" in refused.err


def test_version_and_python_dash_m(tmp_path: Path, dualtui_process) -> None:
    result = dualtui_process("--version")
    assert result.code == 0 and result.out.startswith("dualtui ")
    assert dualtui_process("--db", str(tmp_path / "j.json"), "add", "paper", "via -m").out == "p1\n"


def test_doctor_names_a_bad_rule_with_its_file_and_line(cli, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("- id: shouty\n  about: papers\n  when: title.upper() == 1\n  say: x\n")
    cli("add", "paper", "x")
    result = cli("--rules", str(rules), "doctor")
    assert result.code == 1
    assert f"FAIL rule problem: {rules}:3: rule “shouty”:" in result.out
    assert "calling a function is not allowed" in result.out
    assert cli("doctor").code == 0


def test_edit_checks_kinds_and_links_like_log_does(cli, journal_path: Path) -> None:
    cli("log", "note", "users retry after 2 s")
    assert "“rant” is not a log kind" in cli("edit", "e1", "--set", "kind=rant").err
    assert cli("edit", "e1", "--set", "answers=e9").err == "dualtui: There is no entry e9.\n"
    assert cli("edit", "e1", "--set", "kind=Observation").code == 0
    assert json.loads(journal_path.read_bytes())["entries"]["1"]["kind"] == "observation"
