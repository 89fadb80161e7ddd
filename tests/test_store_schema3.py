"""Schema 3: entries keep the links that close the loops (linked_papers, linked_builds, claim). A
schema 2 journal, a schema 2 copy from another machine and a schema 2 export, all written by the
dualtui before the links (tests/fixtures/SOURCE.md), open, merge and import through the installed
command; a journal of a newer schema is refused and left as it is."""

from __future__ import annotations

import json
from pathlib import Path

from dualtui.store.schema import SCHEMA_VERSION
from tests.support.installed import Journal

FIXTURES = Path(__file__).parent / "fixtures"
LOOP_RULES = ("question-unaddressed", "claim-untested", "insight-not-applied")


def journal_from(tmp_path: Path, fixture: str) -> Journal:
    folder = tmp_path / "journal"
    folder.mkdir(mode=0o700)
    path = folder / "journal.json"
    path.write_bytes((FIXTURES / fixture).read_bytes())
    path.chmod(0o600)
    return Journal(path)


def test_a_schema_2_journal_opens_with_no_links_and_keeps_everything_when_written_as_schema_3(
    tmp_path: Path,
) -> None:
    journal = journal_from(tmp_path, "journal-v2.json")
    before = journal.path.read_bytes()
    old = json.loads(before)
    assert SCHEMA_VERSION == 3 and old["meta"]["1"]["schema"] == 2

    # Read as version 2 left it: nothing addresses the question, no insight is applied, and the old
    # validated entry names no claim, so the build's first claim waits for evidence.
    found = journal.suggestions("2026-11-20", *LOOP_RULES)
    assert set(found) == {"question-unaddressed:e2", "claim-untested:b1", "insight-not-applied:e3"}
    assert "“hedged requests cut p99” (p1, claim 1)" in found["claim-untested:b1"]["message"]
    assert (
        "  1. hedged requests cut p99  —  no evidence yet\n"
        "  2. tied requests cut it further  —  no evidence yet\n"
        "evidence naming no claim (dualtui edit e4 --set claim=N names one):\n"
        "  ✓ e4 hedging halved p99\n"
    ) in journal.run("show", "p1")
    assert "opens: schema 2 (read as schema 3; written so at the next change)" in journal.run("doctor")
    assert journal.path.read_bytes() == before  # reading writes nothing

    assert journal.run("link", "e2", "b1") == "e2 is addressed by b1\n"
    assert journal.run("link", "e3", "b1") == "e3 is applied to b1\n"
    journal.run("edit", "e4", "--set", "claim=1")
    data = journal.stored()
    assert data["meta"]["1"]["schema"] == 3
    for table in ("phases", "papers", "builds", "snoozes"):
        assert data[table] == old[table]
    assert data["entries"] == {
        **old["entries"],
        "2": {**old["entries"]["2"], "linked_builds": [1]},
        "3": {**old["entries"]["3"], "linked_builds": [1]},
        "4": {**old["entries"]["4"], "claim": 1},
    }
    changes = list(data["history"].values())
    assert changes[: len(old["history"])] == list(old["history"].values())
    (check,) = journal.suggestions("2026-11-20", *LOOP_RULES).values()
    assert "“tied requests cut it further” (p1, claim 2)" in check["message"]
    shown = journal.run("show", "p1")
    assert "  1. hedged requests cut p99  —  ✓ e4 hedging halved p99\n" in shown
    assert "naming no claim" not in shown

    # Undo walks back this version's three changes, then those version 2 recorded: the snooze, the
    # delete.
    for _ in range(3):
        journal.run("undo")
    assert journal.stored()["entries"] == old["entries"]
    journal.run("undo")
    journal.run("undo")
    data = journal.stored()
    assert data["snoozes"] == {} and data["meta"]["1"]["schema"] == 3
    assert data["papers"]["2"]["title"] == "Dynamo"


def test_a_journal_of_a_newer_schema_is_refused_by_every_command_and_left_as_it_is(tmp_path: Path) -> None:
    journal = journal_from(tmp_path, "journal-v2.json")
    data = journal.stored()
    data["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    journal.path.write_bytes(json.dumps(data).encode())
    before = journal.path.read_bytes()
    for command in (("show", "e2"), ("next",), ("link", "e2", "b1"), ("log", "note", "x"), ("undo",)):
        refused = journal.run(*command, code=1)
        assert refused.count("\n") == 1
        assert "it was written by a newer dualtui (schema 4; this version knows up to 3)" in refused
        assert "It was not changed." in refused
    assert journal.path.read_bytes() == before


def test_a_schema_2_copy_from_another_machine_merges_in_and_the_links_made_here_stay(tmp_path: Path) -> None:
    journal = journal_from(tmp_path, "journal-v2.json")
    journal.run("link", "e2", "p1")
    journal.run("edit", "e4", "--set", "claim=1")
    laptop = tmp_path / "laptop.json"
    laptop.write_bytes((FIXTURES / "journal-v2-laptop.json").read_bytes())
    copy = laptop.read_bytes()

    journal.run("merge", str(laptop))
    data = journal.stored()
    assert data["meta"]["1"]["schema"] == 3
    question = data["entries"]["2"]
    # The laptop's edit of the question's text and its new paper come in; the link made here, which
    # the laptop's dualtui never knew of, stays.
    assert (question["text"], question["linked_papers"]) == ("Would hedging cut the spike at peak?", [1])
    assert data["entries"]["4"]["claim"] == 1
    assert data["papers"]["3"]["title"] == "Hedged requests in practice"
    assert laptop.read_bytes() == copy  # the other copy is read, never written
    assert "e2 question: Would hedging cut the spike at peak?" in journal.run("show", "p1")


def test_a_schema_2_export_is_restored_as_a_schema_3_journal(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "restored.json")
    journal.run("import", str(FIXTURES / "export-v2.json"))
    data = journal.stored()
    assert data["meta"]["1"]["schema"] == 3
    assert json.loads(journal.run("show", "e2", "--json"))["linked_papers"] == []
    exported = json.loads(journal.run("export", "--format", "json"))
    assert exported["schema"] == exported["meta"]["schema"] == 3
    original = json.loads((FIXTURES / "export-v2.json").read_bytes())
    assert [e["text"] for e in exported["entries"]] == [e["text"] for e in original["entries"]]


def test_links_and_claims_of_the_wrong_type_are_named_on_load_and_refused_on_import(tmp_path: Path) -> None:
    journal = journal_from(tmp_path, "journal-v2.json")
    data = journal.stored()
    data["entries"]["2"]["linked_builds"] = "b1"  # a hand edit: an id where the numbers go
    journal.path.write_bytes(json.dumps(data).encode())
    before = journal.path.read_bytes()
    refused = journal.run("show", "e2", code=1)
    assert "record e2 in “entries”: its “linked_builds” must be a list of record numbers" in refused
    assert journal.path.read_bytes() == before

    export = json.loads((FIXTURES / "export-v2.json").read_bytes())
    export["entries"][3]["claim"] = "1"
    bad = tmp_path / "bad-export.json"
    bad.write_text(json.dumps(export))
    fresh = Journal(tmp_path / "fresh.json")
    refused = fresh.run("import", str(bad), code=1)
    assert "record e4 in “entries”: its “claim” must be a claim's number (1 for the paper's first)" in refused
    assert "nothing was imported" in refused and not fresh.path.exists()
