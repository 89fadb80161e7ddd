"""A journal file this store checked whole (its identity marked beside it) is opened without building
its records until they are read, and reads exactly as a full load does; a file changed by anything
else, or a marker that is not the user's own, means checking the whole file again, so a hand-edited
journal that does not open is never written to."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from dualtui.domain import Paper, Snapshot
from dualtui.store import Journal, JournalUnreadable
from dualtui.store.checked import mark_checked, marker_path
from tests.support.journals import snapshots, written

TABLES = ("phases", "papers", "builds", "entries", "snoozes")


def tables(journal: Journal) -> dict[str, dict]:
    snapshot = journal.snapshot()
    return {name: dict(getattr(snapshot, name)) for name in TABLES}


def full_load(path: Path) -> Journal:
    """The file read and checked whole, whatever is marked beside it."""
    marker_path(path).unlink(missing_ok=True)
    return Journal.open(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots())
def test_a_checked_file_reads_and_takes_a_write_exactly_as_a_full_load(snapshot: Snapshot) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.json"
        written(snapshot, path)
        opened = Journal.open(path)  # checked when written (if there was anything to write)
        with opened.transaction() as tx:
            added = tx.insert(Paper(0, "Added to an unbuilt journal", datetime(2026, 11, 25, 9)))
            tx.summary = "added"
        after_write = tables(opened)
        assert after_write["papers"][added.id].title == "Added to an unbuilt journal"
        assert after_write == tables(full_load(path))
        assert tables(Journal.open(path)) == after_write


def hand_edit(path: Path) -> None:
    data = json.loads(path.read_text())
    data["papers"]["1"]["added"] = "not a moment"
    path.write_text(json.dumps(data))


def test_a_journal_edited_by_hand_after_a_checked_write_is_checked_again(cli, journal_path: Path) -> None:
    assert cli("add", "paper", "Attention Is All You Need").code == 0
    assert marker_path(journal_path).exists()
    hand_edit(journal_path)
    before = journal_path.read_bytes()
    refused = cli("add", "paper", "Another")
    assert refused.code == 1 and "damaged record" in refused.err and "p1" in refused.err
    assert journal_path.read_bytes() == before  # nothing written to a journal that did not open


def test_a_marker_others_could_write_is_not_trusted(cli, journal_path: Path) -> None:
    assert cli("add", "paper", "Attention Is All You Need").code == 0
    hand_edit(journal_path)
    status = os.stat(journal_path)
    mark_checked(journal_path, (status.st_ino, status.st_size, status.st_mtime_ns))  # a forged marker
    marker_path(journal_path).chmod(0o666)
    with pytest.raises(JournalUnreadable, match="damaged record"):
        Journal.open(journal_path)


def test_even_a_forged_marker_ends_in_a_sentence_never_a_traceback(cli, journal_path: Path) -> None:
    assert cli("add", "paper", "Attention Is All You Need").code == 0
    hand_edit(journal_path)
    status = os.stat(journal_path)
    mark_checked(journal_path, (status.st_ino, status.st_size, status.st_mtime_ns))
    shown = cli("list", "papers")
    assert shown.code == 1 and shown.err.startswith("dualtui: The journal") and "Traceback" not in shown.err
