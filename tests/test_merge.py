"""One journal on two machines (issue 17): two copies that diverged from one merge right, through
`dualtui merge`, through a sync tool's conflict copies picked up by any command and by the running
app, and through a real `git merge` with the driver set up as the README says."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from dualtui.domain import Kind, Ref
from dualtui.services.context import AppContext, build_context
from dualtui.store import files as store_files

from .support.tui import drive, screen_text

SYNCTHING = "journal.sync-conflict-20261120-081530-ABCDEF7.json"
DROPBOX = "journal (Jane's conflicted copy 2026-11-20).json"
NEXTCLOUD = "journal (conflicted copy 2026-11-20 081530).json"


def diverged(here: Path, there: Path, base: Path | None = None) -> tuple[AppContext, AppContext]:
    """A journal (here) and a copy of it (there) that then went on separately: adds on both (the
    same number), one paper edited in different fields on each, one field edited on both at
    different times, a delete there against a later edit here, a phase switched there. `base`
    gets the journal as it was when they parted."""
    home = build_context(db=str(here), actor="dualtui add paper")
    home.service.start_phase("research", goal="tail latency")
    home.service.add_paper("The Tail at Scale")  # p1
    home.service.add_paper("Dynamo")  # p2
    home.service.add_paper("Raft")  # p3
    home.service.add_paper("Spanner")  # p4
    for copy in (there, base):
        if copy is not None:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(here, copy)
    away = build_context(db=str(there), actor="dualtui edit")

    home.service.add_paper("Chubby")  # p5 here
    away.service.add_paper("Bigtable")  # p5 there: the merge renumbers it
    away.service.add_build("bigtable-clone", paper_ids=[5])  # b1 there, linked to its p5
    home.service.edit("p1", notes="hedged requests")  # different fields of one paper
    away.service.edit("p1", tags=["latency"])
    home.service.edit("p2", title="Dynamo (first)")  # one field, at different times
    away.service.edit("p2", title="Dynamo (later)")
    away.service.edit("p4", year=2012)
    home.service.edit("p4", year=2013)
    away.service.delete("p3")  # a delete there…
    home.service.edit("p3", notes="read again")  # …against a later edit here
    away.service.start_phase("production", goal="ship the cache", review="read enough")
    return home, away


def papers(path: Path) -> dict[str, dict]:
    return json.loads(path.read_bytes())["papers"]


def assert_merged(path: Path) -> None:
    data = json.loads(path.read_bytes())
    titles = {key: row["title"] for key, row in data["papers"].items()}
    assert titles == {
        "1": "The Tail at Scale",
        "2": "Dynamo (later)",
        "3": "Raft",
        "4": "Spanner",
        "5": "Chubby",
        "6": "Bigtable",
    }
    p1, p4 = data["papers"]["1"], data["papers"]["4"]
    assert p1["notes"] == "hedged requests" and p1["tags"] == ["latency"]
    assert p4["year"] == 2013
    assert data["papers"]["3"]["notes"] == "read again"
    assert data["builds"]["1"]["paper_ids"] == [6]  # its link follows Bigtable to its new number
    phases = data["phases"]
    assert phases["1"]["review"] == "read enough" and phases["1"]["ended"]
    assert phases["2"]["kind"] == "production" and "ended" not in phases["2"]
    assert data["meta"]["1"]["next_ids"]["papers"] == 7


def test_dualtui_merge_merges_a_diverged_copy_and_says_what_it_decided(
    cli, journal_path: Path, tmp_path
) -> None:
    other = tmp_path / "laptop" / "journal.json"
    diverged(journal_path, other)
    result = cli("merge", str(other))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "merged journal.json: 7 changes of its history, 6 records changed here"
    said = "\n".join(lines)
    assert "renumbered p5 of " in said and " to p6: this copy had made a p5 of its own" in said
    assert "p2: took title from " in said and "p1: took tags from" in said
    assert "kept p3 “Raft”: " in said and " deleted it, but this copy changed it after" in said
    assert "added p6 “Bigtable”, new in " in said and "added ph2 “ship the cache”" in said
    assert_merged(journal_path)
    history = cli("history", "--limit", "3").out
    assert "merged journal.json" in history and "(made in " in history


def test_a_dry_run_says_the_same_and_writes_nothing(cli, journal_path: Path, tmp_path) -> None:
    other = tmp_path / "laptop" / "journal.json"
    diverged(journal_path, other)
    before = journal_path.read_bytes()
    result = cli("merge", str(other), "--dry-run")
    assert result.out.startswith("would merge journal.json: 7 changes of its history")
    assert journal_path.read_bytes() == before


def test_merging_the_same_copy_again_changes_nothing(cli, journal_path: Path, tmp_path) -> None:
    other = tmp_path / "laptop" / "journal.json"
    diverged(journal_path, other)
    cli("merge", str(other))
    merged = journal_path.read_bytes()
    assert (
        cli("merge", str(other)).out
        == "journal.json: nothing to merge, this journal already holds all of it\n"
    )
    assert journal_path.read_bytes() == merged


def test_a_merge_is_undone_as_one_change(cli, journal_path: Path, tmp_path) -> None:
    other = tmp_path / "laptop" / "journal.json"
    diverged(journal_path, other)
    before = json.loads(journal_path.read_bytes())
    cli("merge", str(other))
    assert cli("undo").out.startswith("undid: merged journal.json: 7 changes")
    after = json.loads(journal_path.read_bytes())
    assert {t: after[t] for t in ("meta", "phases", "papers", "builds")} == {
        t: before[t] for t in ("meta", "phases", "papers", "builds")
    }


def test_a_copy_that_is_not_a_journal_is_refused_and_nothing_changes(
    cli, journal_path: Path, tmp_path
) -> None:
    cli("add", "paper", "Raft")
    before = journal_path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"papers": {"1": {"title": 5}}}')
    result = cli("merge", str(bad))
    assert result.code == 1
    assert result.err.startswith(
        f"dualtui: {bad} cannot be merged: 1 damaged record: record p1 in “papers”: its “title” must be text"
    )
    assert journal_path.read_bytes() == before


@pytest.mark.parametrize("name", [SYNCTHING, DROPBOX, NEXTCLOUD])
def test_a_conflict_copy_is_merged_by_any_command_and_set_aside(cli, journal_path: Path, name: str) -> None:
    copy = journal_path.parent / name
    diverged(journal_path, copy)
    result = cli("list", "papers")
    assert result.code == 0
    said = f"merged {name}: 7 changes of its history, 6 records changed here (the copy is kept in backups/)"
    assert result.err == f"dualtui: {said}\n"
    assert "Dynamo (later)" in result.out and "Bigtable" in result.out
    assert not copy.exists() and (journal_path.parent / "backups" / name).exists()
    assert_merged(journal_path)
    assert cli("list", "papers").err == ""


def test_a_bad_conflict_copy_is_left_in_place_and_reported(cli, journal_path: Path) -> None:
    cli("add", "paper", "Raft")
    copy = journal_path.parent / SYNCTHING
    copy.write_text("{ not json")
    before = journal_path.read_bytes()
    result = cli("list", "papers")
    assert result.code == 0 and "Raft" in result.out
    assert result.err.startswith(
        f"dualtui: conflict copy not merged: {copy} cannot be merged: it is not valid JSON"
    )
    assert copy.read_text() == "{ not json"
    assert journal_path.read_bytes() == before


def test_a_merge_that_cannot_be_saved_leaves_the_journal_and_the_copy(
    cli, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = journal_path.parent / DROPBOX
    diverged(journal_path, copy)
    before, copied = journal_path.read_bytes(), copy.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_files.os, "replace", full_disk)
    result = cli("list", "papers")
    assert "conflict copy not merged: Could not save" in result.err
    assert journal_path.read_bytes() == before and copy.read_bytes() == copied


def test_the_running_app_merges_a_conflict_copy_and_says_so(make_app) -> None:
    context, app = make_app(poll_seconds=0.05)
    path = context.journal_path
    copy = path.parent / f"{path.stem}.sync-conflict-20261120-081530-ABCDEF7{path.suffix}"
    shutil.copy(path, copy)
    away = build_context(db=str(copy))
    away.service.add_paper("Written on the laptop")

    async def script(pilot) -> None:
        await pilot.pause(0.4)
        assert "Written on the laptop" in screen_text(app)
        assert any(f"merged {copy.name}" in str(n.message) for n in app._notifications)

    drive(app, script)
    assert not copy.exists()
    assert "Written on the laptop" in [p["title"] for p in papers(path).values()]


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_merges_two_branches_with_the_driver_set_up_as_the_readme_says(tmp_path: Path, cli) -> None:
    repo = tmp_path / "notes"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "me@example.org")
    git(repo, "config", "user.name", "me")
    journal = repo / "journal.json"
    # The two machines' journals and the one they started from, made apart and committed as git
    # sees them: the start on main, the laptop's on a branch from it, then the desk's on main.
    desk, laptop, start = tmp_path / "desk.json", tmp_path / "laptop.json", tmp_path / "start.json"
    diverged(desk, laptop, base=start)
    (repo / ".gitattributes").write_text("journal.json merge=dualtui\n")
    (repo / ".gitignore").write_text("backups/\n.journal.json.lock\n")
    # The README's two lines, with this interpreter standing for the installed `dualtui`.
    git(repo, "config", "merge.dualtui.driver", f"{sys.executable} -m dualtui merge-driver %O %A %B")
    shutil.copy(start, journal)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    git(repo, "checkout", "-qb", "laptop")
    shutil.copy(laptop, journal)
    git(repo, "commit", "-qam", "laptop")
    git(repo, "checkout", "-q", "main")
    shutil.copy(desk, journal)
    git(repo, "commit", "-qam", "desk")
    done = subprocess.run(
        ["git", "-C", str(repo), "merge", "laptop", "-m", "merge"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "dualtui: merged the other branch" in done.stderr + done.stdout
    assert_merged(journal)
    doctor = cli("--db", str(journal), "doctor").out
    assert "ok   git: journal.json is merged by dualtui" in doctor
    assert "ok   git: the dualtui merge driver is set" in doctor


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_doctor_says_when_git_would_not_merge_the_journal(tmp_path: Path, cli) -> None:
    repo = tmp_path / "notes"
    repo.mkdir()
    git(repo, "init", "-q")
    journal = repo / "journal.json"
    cli("--db", str(journal), "add", "paper", "Raft")
    doctor = cli("--db", str(journal), "doctor").out
    assert (
        "FAIL git: journal.json is not merged by dualtui: add “journal.json merge=dualtui” to .gitattributes"
        in doctor
    )
    assert (
        'FAIL git: no dualtui merge driver: git config merge.dualtui.driver "dualtui merge-driver %O %A %B"'
        in doctor
    )


def test_when_neither_history_knows_both_ways_round_agree(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "journal.json", tmp_path / "b" / "journal.json"
    first = build_context(db=str(a))
    first.service.add_paper("Raft")
    b.parent.mkdir()
    shutil.copy(a, b)
    first.service.edit("p1", title="Raft (a)")
    build_context(db=str(b)).service.edit("p1", title="Raft (b)")
    for path in (a, b):  # histories trimmed away (or a file from before them): no times to go by
        data = json.loads(path.read_bytes())
        data["history"] = {}
        path.write_text(json.dumps(data))
    a_into_b, b_into_a = tmp_path / "ab.json", tmp_path / "ba.json"
    shutil.copy(b, a_into_b)
    shutil.copy(a, b_into_a)
    build_context(db=str(a_into_b)).merging().merge_file(a)
    build_context(db=str(b_into_a)).merging().merge_file(b)
    assert papers(a_into_b)["1"]["title"] == papers(b_into_a)["1"]["title"] == "Raft (b)"


def test_when_both_copies_started_a_phase_the_later_start_stays_open(
    cli, journal_path: Path, tmp_path
) -> None:
    here = build_context(db=str(journal_path))
    here.service.start_phase("research", goal="read", when=datetime(2026, 9, 1, 9))
    other = tmp_path / "laptop" / "journal.json"
    other.parent.mkdir()
    shutil.copy(journal_path, other)
    here.service.start_phase("production", goal="ship here", review="done", when=datetime(2026, 11, 1, 9))
    away = build_context(db=str(other))
    away.service.start_phase("production", goal="ship there", review="done", when=datetime(2026, 11, 3, 9))
    result = cli("merge", str(other))
    assert "ended ph2: ph3, started later on the other copy, is the open phase" in result.out
    phases = json.loads(journal_path.read_bytes())["phases"]
    assert [p["goal"] for p in phases.values()] == ["read", "ship here", "ship there"]
    assert phases["2"]["ended"] == "2026-11-03T09:00:00"
    assert phases["2"]["review"].endswith(
        "Ended by a merge: a production phase was started on another copy on 2026-11-03."
    )
    assert "ended" not in phases["3"]


def test_both_copies_snoozing_one_suggestion_merge_to_one_snooze_and_again_to_nothing(tmp_path: Path) -> None:
    # The snooze made last stays; the other copy's, renumbered and then dropped, is never mentioned,
    # and the number handed to it is not spent, so a second merge changes not a byte (hypothesis
    # found the counter moving on every merge).
    a, b = tmp_path / "a" / "journal.json", tmp_path / "b" / "journal.json"
    first = build_context(db=str(a))
    first.service.add_paper("Raft")
    b.parent.mkdir()
    shutil.copy(a, b)
    for path, when in ((b, None), (a, "1w")):  # this copy's snooze is the later one
        suggestion = SimpleNamespace(rule="paper-read-no-build", target=Ref(Kind.PAPER, 1))
        build_context(db=str(path)).suggestions().snooze(suggestion, length=when)
    merging = build_context(db=str(a)).merging()
    report = merging.merge_file(b)
    assert len(json.loads(a.read_bytes())["snoozes"]) == 1
    assert not any("renumbered" in line for line in report.lines)
    once = a.read_bytes()
    merging.merge_file(b)
    assert a.read_bytes() == once
