"""The journal is one JSON object with a table per line. A file this store checked is read a table at
a time and written by serialising only the tables a change touched: what it writes is byte for byte
what parsing the whole file and writing it whole gives, in a fresh process and in one that keeps the
journal open (the app). A file not marked checked is parsed whole, and a table damaged by hand is
refused with a sentence and the file left as it is."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from dualtui.domain import Build, Entry, EntryKind, Kind, Paper, Phase, PhaseKind, Snapshot, Snooze
from dualtui.store import Journal, StoreError
from dualtui.store import history as store_history
from dualtui.store import journal as store_journal
from dualtui.store.checked import mark_checked, marker_path
from dualtui.store.layout import split
from dualtui.store.lazy import LazySnapshot
from tests.support.journals import RULE_IDS, snapshots, written

TABLES = ("phases", "papers", "builds", "entries", "snoozes")
WHEN = datetime(2026, 11, 25, 9)
TEXT_FIELD = {Kind.PHASE: "goal", Kind.PAPER: "title", Kind.BUILD: "title", Kind.ENTRY: "text"}


def new_record(kind: Kind, text: str):
    return {
        Kind.PHASE: lambda: Phase(0, PhaseKind.RESEARCH, text, WHEN, date(2026, 12, 24), None),
        Kind.PAPER: lambda: Paper(0, text, WHEN),
        Kind.BUILD: lambda: Build(0, text, WHEN),
        Kind.ENTRY: lambda: Entry(0, WHEN, EntryKind.NOTE, text),
        Kind.SNOOZE: lambda: Snooze(0, RULE_IDS[0], "p1", WHEN, date(2026, 12, 1)),
    }[kind]()


steps = st.lists(
    st.tuples(
        st.sampled_from(["add", "edit", "delete", "undo", "redo"]),
        st.sampled_from(list(Kind)),
        st.integers(0, 30),  # which record, among those there are
        st.text(max_size=12),  # newlines, quotes and any character included
    ),
    min_size=1,
    max_size=6,
)


def apply(journal: Journal, step: tuple[str, Kind, int, str]) -> None:
    what, kind, pick, text = step
    with journal.transaction() as tx:
        if what in ("undo", "redo"):
            getattr(tx, what)()
            return
        # An add reads nothing first (a table not parsed yet is appended to, as `dualtui log` does).
        numbers = [] if what == "add" else sorted(tx.snapshot.table(kind))
        if not numbers:
            tx.insert(new_record(kind, text))
        elif what == "edit":
            record = tx.snapshot.table(kind)[numbers[pick % len(numbers)]]
            field = TEXT_FIELD.get(kind)
            tx.update(record.replace(**{field: text}) if field else record.replace(until=date(2027, 1, 1)))
        else:
            tx.delete(kind, numbers[pick % len(numbers)])
        tx.summary = f"{what} {kind.value}"


@contextlib.contextmanager
def same_uids_and_times() -> Iterator[None]:
    """New uids and change times drawn from a counter, restarted by each use: two paths given the
    same change write the same bytes."""
    counter = itertools.count()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_journal, "new_uid", lambda: f"{next(counter):016x}")
        patch.setattr(store_history, "new_uid", lambda: f"{next(counter):016x}")
        patch.setattr(store_history, "now_text", lambda: "2026-11-25T09:00:00.000+00:00")
        yield


def outcome(journal: Journal, step) -> bytes | str:
    """What the step leaves in the file, or the sentence it was refused with."""
    with same_uids_and_times():
        try:
            apply(journal, step)
        except StoreError as refused:
            return str(refused).replace(str(journal.path.parent), "FOLDER")
    return journal.path.read_bytes()


def placed(folder: Path, raw: bytes, *, checked: bool) -> Path:
    """`raw` as the journal of `folder`, marked checked as this store marks what it wrote, or not."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / "journal.json"
    path.write_bytes(raw)
    if checked:
        status = os.stat(path)
        mark_checked(path, (status.st_ino, status.st_size, status.st_mtime_ns))
    return path


def tables(journal: Journal) -> dict[str, dict]:
    snapshot = journal.snapshot()
    return {name: dict(getattr(snapshot, name)) for name in TABLES}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), steps)
def test_a_partial_write_gives_the_bytes_of_a_whole_parse_and_write(snapshot: Snapshot, changes) -> None:
    with tempfile.TemporaryDirectory() as top:
        kept_path = Path(top) / "kept" / "journal.json"
        kept_path.parent.mkdir()
        with same_uids_and_times():
            written(snapshot, kept_path)
        kept = Journal.open(kept_path)  # open all along, as the app keeps it
        if not kept_path.exists():  # an empty snapshot wrote nothing
            outcome(kept, ("add", Kind.PAPER, 0, "the first"))
        for step in changes:
            before = kept_path.read_bytes()
            whole = Journal.open(placed(Path(top) / "whole", before, checked=False))
            fresh = Journal.open(placed(Path(top) / "fresh", before, checked=True))
            expected = outcome(whole, step)
            assert outcome(fresh, step) == expected
            assert outcome(kept, step) == expected
            if isinstance(expected, bytes):
                assert (
                    tables(kept)
                    == tables(fresh)
                    == tables(Journal.open(placed(Path(top) / "again", expected, checked=False)))
                )
                assert orjson.loads(expected) == json.loads(expected)


def test_stock_tinydb_and_json_read_the_file_a_table_per_line(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    journal = Journal.open(path)
    with journal.transaction() as tx:
        tx.insert(Paper(0, 'A "quoted"\nline, and {braces}', WHEN))
        tx.insert(Entry(0, WHEN, EntryKind.NOTE, "one\ntwo"))
    raw = path.read_bytes()
    lines = raw.splitlines()
    assert [line.split(b":")[0].lstrip(b"{") for line in lines] == [
        b'"meta"',
        b'"phases"',
        b'"papers"',
        b'"builds"',
        b'"entries"',
        b'"snoozes"',
        b'"history"',
    ]
    assert json.loads(raw)["papers"]["1"]["title"] == 'A "quoted"\nline, and {braces}'
    with TinyDB(path, access_mode="r") as db:
        assert db.table("papers").get(doc_id=1)["title"] == 'A "quoted"\nline, and {braces}'
        assert db.table("entries").get(doc_id=1)["text"] == "one\ntwo"
    assert split(raw) is not None


def test_a_file_not_marked_checked_is_parsed_whole(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    journal = Journal.open(path)
    with journal.transaction() as tx:
        tx.insert(Paper(0, "Kept", WHEN))
    marker_path(path).unlink()
    reopened = Journal.open(path)
    # Nothing is left unparsed: every table is there as rows, every record built at the load.
    assert all(isinstance(rows, dict) for rows in reopened._data.values())
    assert not isinstance(reopened.snapshot(), LazySnapshot)
    assert tables(reopened)["papers"][1].title == "Kept"


def test_an_old_one_line_file_is_parsed_whole_and_written_a_table_per_line(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    journal = Journal.open(path)
    with journal.transaction() as tx:
        tx.insert(Paper(0, "Kept", WHEN))
    one_line = orjson.dumps(orjson.loads(path.read_bytes()))
    path.write_bytes(one_line)
    status = os.stat(path)
    mark_checked(path, (status.st_ino, status.st_size, status.st_mtime_ns))  # as an older dualtui did
    old = Journal.open(path)
    assert all(isinstance(rows, dict) for rows in old._data.values())
    with old.transaction() as tx:
        tx.insert(Paper(0, "Added", WHEN))
    assert len(path.read_bytes().splitlines()) == 7
    assert [p.title for p in tables(Journal.open(path))["papers"].values()] == ["Kept", "Added"]


@pytest.mark.parametrize(
    "damage",
    [
        (b'"text":"first"', b'"text":"first '),  # the table is no JSON any more
        (b'"text":"first"', b'"text":12345  '),  # JSON, but the record is not an entry's
    ],
)
def test_a_table_damaged_by_hand_is_refused_and_the_file_left_unchanged(
    cli, journal_path: Path, damage: tuple[bytes, bytes]
) -> None:
    assert cli("log", "note", "first").code == 0
    assert cli("add", "paper", "Attention Is All You Need").code == 0
    raw = journal_path.read_bytes()
    damaged = raw.replace(*damage)
    assert damaged != raw and len(damaged) == len(raw)
    # Damaged in place with its identity kept (size and time put back): the marker still holds, so
    # the entries are parsed only when first read, and refused then.
    status = os.stat(journal_path)
    with open(journal_path, "r+b") as handle:
        handle.write(damaged)
    os.utime(journal_path, ns=(status.st_atime_ns, status.st_mtime_ns))
    for command in (("log", "note", "second"), ("list", "entries")):
        refused = cli(*command)
        assert refused.code == 1 and refused.err.startswith("dualtui: The journal")
        assert "“entries”" in refused.err or "damaged record" in refused.err
        assert "Traceback" not in refused.err
        assert journal_path.read_bytes() == damaged
    # Damaged by hand as an editor does (a new identity): parsed whole, and refused the same way.
    journal_path.write_bytes(damaged)
    refused = cli("add", "paper", "Another")
    assert refused.code == 1 and journal_path.read_bytes() == damaged
