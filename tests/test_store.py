"""The store's promises (atomic, durable, locked, cached, backed up), each as a user would notice it."""

from __future__ import annotations

import errno
import json
import os
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import tinydb

from dualtui.domain import Entry, EntryKind, Paper
from dualtui.store import Journal, JournalUnreadable, StoreError
from dualtui.store import files as store_files
from dualtui.store.backups import KEEP, backups
from dualtui.store.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"


def add_paper(journal: Journal, title: str) -> int:
    with journal.transaction() as tx:
        return tx.insert(Paper(0, title, datetime(2026, 11, 25, 12))).id


def titles(path: Path) -> list[str]:
    return [row["title"] for row in json.loads(path.read_bytes())["papers"].values()]


def test_stock_tinydb_reads_what_dualtui_writes(journal_path: Path) -> None:
    journal = Journal.open(journal_path)
    add_paper(journal, "Attention Is All You Need")
    with journal.transaction() as tx:
        tx.insert(Entry(0, datetime(2026, 11, 25, 9), EntryKind.FAILURE, "p99 spike"))
    db = tinydb.TinyDB(journal_path)
    assert [p["title"] for p in db.table("papers").all()] == ["Attention Is All You Need"]
    assert db.table("entries").get(doc_id=1)["kind"] == "failure"
    assert db.table("meta").get(doc_id=1)["schema"] == SCHEMA_VERSION
    assert set(db.tables()) >= {"meta", "papers", "entries"}


def test_missing_folder_is_created_private_and_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "journal.json"
    add_paper(Journal.open(path), "x")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_an_unchanged_file_is_never_parsed_again(journal_path: Path) -> None:
    add_paper(Journal.open(journal_path), "first")
    journal = Journal.open(journal_path)
    assert journal.parse_count == 1
    for _ in range(5):
        journal.refresh()
        journal.snapshot()
    add_paper(journal, "second")  # its own write does not make it re-read the file
    journal.refresh()
    assert journal.parse_count == 1
    assert [p.title for p in journal.snapshot().papers.values()] == ["first", "second"]


def test_another_process_change_is_picked_up_and_ids_never_collide(journal_path: Path) -> None:
    mine, theirs = Journal.open(journal_path), Journal.open(journal_path)
    add_paper(mine, "mine 1")
    add_paper(theirs, "theirs 1")  # reloads under the lock before writing
    add_paper(mine, "mine 2")
    assert titles(journal_path) == ["mine 1", "theirs 1", "mine 2"]
    assert sorted(mine.snapshot().papers) == [1, 2, 3]
    assert theirs.refresh() is True
    assert [p.title for p in theirs.snapshot().papers.values()] == ["mine 1", "theirs 1", "mine 2"]


def test_a_deleted_number_is_not_handed_out_again(journal_path: Path) -> None:
    journal = Journal.open(journal_path)
    add_paper(journal, "a")
    second = add_paper(journal, "b")
    with journal.transaction() as tx:
        tx.delete(Paper.KIND, second)
    assert add_paper(journal, "c") == 3


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"papers": {"1": {"title": ', "is not valid JSON"),
        (b"[1, 2, 3]", "holds no journal"),
        (b'{"meta": {"1": {"schema": 99}}, "papers": {}}', "written by a newer dualtui (schema 99"),
        (b'{"meta": {"1": {"schema": 1, "next_ids": {}}}, "papers": {"1": {"nope": 1}}}', "record p1"),
    ],
)
def test_a_bad_file_is_never_written_and_the_error_names_file_and_backup(
    journal_path: Path, content: bytes, problem: str
) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.write_bytes(content)
    with pytest.raises(JournalUnreadable) as raised:
        journal = Journal.open(journal_path)
        add_paper(journal, "never written")
    message = str(raised.value)
    assert str(journal_path) in message
    assert problem in message
    assert "no backup" in message
    assert journal_path.read_bytes() == content


def test_the_error_points_at_the_newest_good_backup(journal_path: Path) -> None:
    journal = Journal.open(journal_path, today=lambda: date(2026, 11, 24))
    add_paper(journal, "a")
    add_paper(journal, "b")  # backs up the file as it was before the day's first write
    journal_path.write_bytes(b"garbage")
    with pytest.raises(JournalUnreadable, match=r"newest good backup is .*journal-2026-11-24\.json"):
        Journal.open(journal_path)


# A write copies the tables it did not change from the file it replaces (in the kernel, else read
# and written): the copy failing both ways is as a full disk.
@pytest.mark.parametrize("failing", ["write", "fsync", "replace", "copy_file_range pread"])
def test_a_failed_write_leaves_the_journal_byte_identical_and_no_temp(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    journal = Journal.open(journal_path)
    add_paper(journal, "kept")
    add_paper(journal, "kept too")
    before = journal_path.read_bytes()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    for name in failing.split():
        monkeypatch.setattr(store_files.os, name, disk_full)

    with pytest.raises(StoreError, match=r"No space left on device\. The journal on disk is unchanged"):
        add_paper(journal, "lost")
    monkeypatch.undo()
    assert journal_path.read_bytes() == before
    assert not list(journal_path.parent.glob(".journal.json.tmp-*"))
    assert [p.title for p in journal.snapshot().papers.values()] == ["kept", "kept too"]


def test_a_temp_file_left_by_a_killed_save_is_removed_at_the_next_write(journal_path: Path) -> None:
    journal = Journal.open(journal_path)
    add_paper(journal, "a")
    stale = journal_path.parent / ".journal.json.tmp-killed"
    stale.write_bytes(b'{"half": ')
    add_paper(journal, "b")
    assert not stale.exists()


def test_one_backup_a_day_before_the_first_write_and_only_fourteen_kept(journal_path: Path) -> None:
    day = [date(2026, 1, 1)]
    journal = Journal.open(journal_path, today=lambda: day[0])
    add_paper(journal, "first ever")  # nothing to back up yet
    assert backups(journal_path) == []
    for offset in range(20):
        day[0] = date(2026, 1, 2) + timedelta(days=offset)
        add_paper(journal, f"day {offset}")
        add_paper(journal, f"day {offset} again")
    kept = backups(journal_path)
    assert len(kept) == KEEP
    assert kept[0].name == "journal-2026-01-21.json"
    newest = json.loads(kept[0].read_bytes())
    assert "day 18 again" in [p["title"] for p in newest["papers"].values()]
    assert "day 19" not in [p["title"] for p in newest["papers"].values()]
    assert stat.S_IMODE(os.stat(kept[0]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kept[0].parent).st_mode) == 0o700


def test_an_old_journal_is_migrated_and_keeps_every_record(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    path.write_bytes((FIXTURES / "journal-v0.json").read_bytes())
    journal = Journal.open(path)
    snapshot = journal.snapshot()
    assert [p.title for p in snapshot.papers.values()] == ["The Tail at Scale", "Dynamo"]
    assert snapshot.entries[2].text == "p99 spike"
    assert add_paper(journal, "new") == 4  # numbering continues after the highest old id
    assert json.loads(path.read_bytes())["meta"]["1"]["schema"] == SCHEMA_VERSION


def test_a_journal_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match=r"Cannot read the journal .*/file/journal\.json: Not a directory"):
        add_paper(Journal.open(blocker / "journal.json"), "x")
    assert blocker.read_text() == "not a folder"


def test_in_place_tables_write_what_stock_tinydb_writes(journal_path: Path, tmp_path: Path) -> None:
    journal = Journal.open(journal_path)
    with journal.transaction() as tx:
        for title in ("a", "b", "c"):
            tx.insert(Paper(0, title, datetime(2026, 1, 1, 12)))
    renamed = journal.snapshot().papers[2]
    with journal.transaction() as tx:
        tx.update(Paper(2, "b2", renamed.added, notes="kept"))
        tx.delete(Paper.KIND, 1)

    stock = tinydb.TinyDB(tmp_path / "stock.json")
    table = stock.table("papers")
    for title in ("a", "b", "c"):
        table.insert({"title": title, "added": "2026-01-01T12:00:00"})
    table.remove(doc_ids=[2])
    table.insert(tinydb.table.Document({"title": "b2", "added": "2026-01-01T12:00:00", "notes": "kept"}, 2))
    table.remove(doc_ids=[1])

    def rows(path: Path) -> dict:
        found = json.loads(path.read_bytes())["papers"]
        return {key: {k: row[k] for k in ("title", "notes") if k in row} for key, row in found.items()}

    assert (
        rows(journal_path)
        == rows(tmp_path / "stock.json")
        == {"2": {"title": "b2", "notes": "kept"}, "3": {"title": "c"}}
    )


def test_restoring_a_number_twice_in_one_transaction_is_refused_and_nothing_is_written(
    journal_path: Path,
) -> None:
    journal = Journal.open(journal_path)
    add_paper(journal, "kept")
    before = journal_path.read_bytes()
    with pytest.raises(StoreError, match="p5 already exists"), journal.transaction() as tx:
        tx.restore(Paper(5, "first", datetime(2026, 1, 1, 12)))
        tx.restore(Paper(5, "second", datetime(2026, 1, 1, 12)))
    assert journal_path.read_bytes() == before
