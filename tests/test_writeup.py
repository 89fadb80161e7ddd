"""Write-ups: the draft holds each linked paper and entry under the right heading; edits are safe."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from dualtui.cli import main
from dualtui.domain import WriteupState
from dualtui.services.writeup import HEADINGS, PLACEHOLDER_ABSTRACT, is_untouched_draft
from dualtui.store import Journal
from tests.support.cli import TODAY, run


def written(capsys, db: Path, *args: str) -> Path:
    """The path `dualtui writeup` printed."""
    return Path(run(capsys, db, *args).strip())


def fails(capsys, db: Path, *args: str) -> str:
    assert main(["--db", str(db), "--today", TODAY, *args]) == 1
    return capsys.readouterr().err


def sections(markdown: str) -> dict[str, str]:
    """Heading → the text under it, read back from the Markdown."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.fixture
def journal(tmp_path, capsys) -> Path:
    db = tmp_path / "data" / "journal.json"
    run(
        capsys,
        db,
        "add",
        "paper",
        "The Tail at Scale",
        "--authors",
        "Dean, Jeffrey; Barroso, Luiz André",
        "--year",
        "2013",
        "--venue",
        "CACM",
        "--doi",
        "10.1145/2408776.2408794",
    )
    run(capsys, db, "add", "paper", "Hedged Requests *in practice*", "--year", "2020")
    run(capsys, db, "add", "paper", "An unrelated paper")
    run(
        capsys,
        db,
        "add",
        "build",
        "Search ranker",
        "--from",
        "p1",
        "--paper",
        "p2",
        "--data-source",
        "query logs",
        "--constraints",
        "p99 < 50 ms",
        "--users",
        "the search team",
    )
    run(
        capsys,
        db,
        "log",
        "insight",
        "Hedging after the p95 cuts the tail",
        "--build",
        "b1",
        "--paper",
        "p1",
        "--date",
        "2026-11-01",
    )
    run(capsys, db, "link", "e1", "b1")  # the insight is applied to the build: one of its principles
    run(capsys, db, "log", "failure", "p99 spiked under peak load", "--build", "b1", "--date", "2026-11-03")
    run(
        capsys,
        db,
        "log",
        "question",
        "Which queueing model predicts the spike?",
        "--answers",
        "e2",
        "--date",
        "2026-11-04",
    )
    run(
        capsys,
        db,
        "log",
        "validated",
        "Hedging halved the p99",
        "--build",
        "b1",
        "--paper",
        "p1",
        "--date",
        "2026-11-05",
    )
    run(
        capsys,
        db,
        "log",
        "refuted",
        "Tied requests did not help",
        "--build",
        "b1",
        "--paper",
        "p2",
        "--date",
        "2026-11-06",
    )
    run(capsys, db, "log", "failure", "Cache stampede after deploy", "--build", "b1", "--date", "2026-11-07")
    run(capsys, db, "log", "observation", "Unrelated note", "--date", "2026-11-08")
    return db


def test_draft_holds_each_paper_and_entry_under_its_heading(capsys, journal):
    path = written(capsys, journal, "writeup", "b1")
    assert path == journal.parent / "writeups" / "b1-search-ranker.md"
    text = path.read_text()
    assert text.startswith("# Search ranker\n")
    parts = sections(text)
    assert list(parts) == list(HEADINGS.values())
    problem = parts["Problem and constraints"]
    assert "query logs" in problem and "p99 < 50 ms" in problem and "the search team" in problem
    refs = parts["Builds on"]
    assert "1. Dean, Jeffrey; Barroso, Luiz André (2013). *The Tail at Scale*. CACM." in refs
    assert r"2. (2020). *Hedged Requests \*in practice\**." in refs
    assert "unrelated" not in refs
    assert "Hedging after the p95 cuts the tail" in parts["Principles that made it work"]
    lessons = parts["What production taught"]
    order = ["p99 spiked", "Hedging halved the p99 [1]", "Tied requests did not help [2]", "Cache stampede"]
    positions = [lessons.index(piece) for piece in order]
    assert positions == sorted(positions)  # time order
    assert "Unrelated note" not in text
    assert "Which queueing model predicts the spike?" in parts["Open research questions"]
    steps = parts["Next steps"]
    assert "e6" in steps and "Cache stampede" in steps and "e2" not in steps  # e2 has its question


def test_an_answered_question_is_no_longer_open(capsys, journal):
    run(capsys, journal, "log", "insight", "An M/G/1 queue predicts it", "--answers", "e3", "--build", "b1")
    parts = sections(written(capsys, journal, "writeup", "b1").read_text())
    assert "Which queueing model" not in parts["Open research questions"]
    # Learned from the build, not applied to it: what production taught, until it is linked.
    assert "An M/G/1 queue predicts it" in parts["What production taught"]
    assert "An M/G/1" not in parts["Principles that made it work"]
    run(capsys, journal, "link", "e8", "b1")
    parts = sections(written(capsys, journal, "writeup", "b1").read_text())
    assert "An M/G/1 queue predicts it" in parts["Principles that made it work"]
    assert "An M/G/1" not in parts["What production taught"]


def test_writeup_state_and_path_are_recorded_and_private(capsys, journal):
    path = written(capsys, journal, "writeup", "b1")
    build = Journal.open(journal).snapshot().builds[1]
    assert (build.writeup, build.writeup_path) == (WriteupState.DRAFT, str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.write_text(path.read_text().replace(PLACEHOLDER_ABSTRACT, "Hedged requests halve the p99."))
    run(capsys, journal, "writeup", "b1", "--done")
    assert Journal.open(journal).snapshot().builds[1].writeup is WriteupState.DONE


def test_done_is_refused_while_the_abstract_is_the_placeholder_unless_forced(capsys, journal):
    path = written(capsys, journal, "writeup", "b1")
    err = fails(capsys, journal, "writeup", "b1", "--done")
    assert err == (
        f"dualtui: The abstract of {path} is still the template's placeholder: write it first, "
        "or mark it done anyway with `dualtui writeup b1 --done --force`.\n"
    )
    assert Journal.open(journal).snapshot().builds[1].writeup is WriteupState.DRAFT
    assert path.read_text().count(PLACEHOLDER_ABSTRACT) == 1  # the file is untouched
    run(capsys, journal, "writeup", "b1", "--done", "--force")
    assert Journal.open(journal).snapshot().builds[1].writeup is WriteupState.DONE


def test_the_draft_marks_what_a_build_leaves_unnamed(capsys, journal):
    run(capsys, journal, "add", "build", "Toy ranker", "--data-source", "query logs")
    parts = sections(written(capsys, journal, "writeup", "b2").read_text())
    problem = parts["Problem and constraints"]
    assert "- **Data source:** query logs" in problem
    assert "- **Constraints:** **missing** *(latency, scale, cost?)*" in problem
    assert "- **Users:** **missing** *(who depends on it?)*" in problem
    assert "Record the build's constraints, users." in parts["Next steps"]


def test_an_untouched_draft_is_redrafted_an_edited_one_is_not(capsys, journal):
    path = written(capsys, journal, "writeup", "b1")
    run(capsys, journal, "log", "insight", "Budget hedges per tenant", "--build", "b1")
    assert written(capsys, journal, "writeup", "b1") == path
    assert "Budget hedges per tenant" in path.read_text()
    path.write_text(path.read_text().replace("> One paragraph", "> We built"))
    err = fails(capsys, journal, "writeup", "b1")
    assert "has changed since dualtui drafted it" in err and "--force" in err
    assert "We built" in path.read_text()
    run(capsys, journal, "writeup", "b1", "--force")
    assert "We built" not in path.read_text()


def test_output_elsewhere_never_clobbers_a_foreign_file(tmp_path, capsys, journal):
    mine = tmp_path / "paper.md"
    mine.write_text("my own notes\n")
    assert "is not a dualtui draft" in fails(capsys, journal, "writeup", "b1", "-o", str(mine))
    assert mine.read_text() == "my own notes\n"
    other = tmp_path / "drafts" / "ranker.md"
    assert written(capsys, journal, "writeup", "b1", "-o", str(other)) == other
    assert is_untouched_draft(other.read_text())
    assert Journal.open(journal).snapshot().builds[1].writeup_path == str(other)


def test_errors_name_what_is_wrong(capsys, journal):
    assert "no write-up to mark done" in fails(capsys, journal, "writeup", "b1", "--done")
    assert "There is no build b9" in fails(capsys, journal, "writeup", "b9")
    assert "is a paper id" in fails(capsys, journal, "writeup", "p1")


def test_the_config_names_the_writeups_folder(tmp_path, capsys, journal):
    config = tmp_path / "config.yaml"
    config.write_text("writeups: drafts\n")  # relative to the config file
    path = written(capsys, journal, "--config", str(config), "writeup", "b1")
    assert path.parent == tmp_path / "drafts"
    assert path.read_text().startswith("# ")
