"""The journal: one TinyDB JSON file, cached in memory, changed only in short locked transactions.

Reads never touch the disk: the parsed data and the domain Snapshot built from it stay in memory
until the file's identity (inode, size, mtime) changes. A write locks the journal, re-reads it first
if another process changed it, applies the transaction through TinyDB's tables, and replaces the
file atomically and durably. A file that does not parse, or is newer than this version, is never
written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from dualtui import __version__
from dualtui.domain import Kind, Record, Snapshot, collector
from dualtui.domain.model import RECORD_TYPES

from .backups import back_up_before_first_write_of, newest_good_backup
from .errors import JournalUnreadable, StoreError
from .files import atomic_write, ensure_private_folder, remove_stale_temps
from .lock import exclusive_lock
from .ops import Op
from .schema import META_DOC, RECORD_TABLES, SCHEMA_VERSION, Data, empty_journal, migrate, schema_of

Stamp = tuple[int, int, int]


class Transaction:
    """The changes of one locked write. `snapshot` is the journal as it is on disk, under the lock;
    the transaction's own changes become visible there only after it commits."""

    def __init__(self, snapshot: Snapshot, meta: dict[str, Any]) -> None:
        self.snapshot = snapshot
        self.meta = meta
        self.ops: list[Op] = []
        # Records this transaction adds, so a restore can refuse a clash without scanning the ops
        # (a restore of a 100,000-record export would otherwise be quadratic).
        self._added: set[tuple[Kind, int]] = set()

    def insert(self, record: Record) -> Record:
        """Add `record` under the next free number of its table; returns it as stored, with that
        number (records are replaced, never changed: the one given keeps its id)."""
        kind = record.KIND
        next_ids = self.meta["next_ids"]
        number = max(next_ids.get(kind.table, 1), 1)
        next_ids[kind.table] = number + 1
        stored = record.replace(id=number)
        self._added.add((kind, number))
        self.ops.append(Op(False, kind, number, stored, is_new=True))
        return stored

    def restore(self, record: Record) -> None:
        """Put back a record under its own number (undo, import of an export)."""
        kind = record.KIND
        if record.id in self.snapshot.table(kind) or (kind, record.id) in self._added:
            raise StoreError(f"{record.ref} already exists; it cannot be restored over.")
        next_ids = self.meta["next_ids"]
        next_ids[kind.table] = max(next_ids.get(kind.table, 1), record.id + 1)
        self._added.add((kind, record.id))
        self.ops.append(Op(False, kind, record.id, record, is_new=True))

    def update(self, record: Record) -> None:
        if record.id not in self.snapshot.table(record.KIND):
            raise StoreError(f"{record.ref} does not exist (any more); nothing was changed.")
        self.ops.append(Op(False, record.KIND, record.id, record))

    def delete(self, kind: Kind, number: int) -> None:
        self.ops.append(Op(True, kind, number))


class Journal:
    def __init__(self, path: Path, *, today: Callable[[], date] = date.today) -> None:
        self.path = path
        self._today = today
        self._stamp: Stamp | None = None
        self._loaded = False
        self._data: Data = empty_journal(_now_text(), __version__)
        self._snapshot = Snapshot()
        # Full-file parses since start: the benchmarks hold this at one per outside change.
        self.parse_count = 0

    @classmethod
    def open(cls, path: Path, *, today: Callable[[], date] = date.today) -> Journal:
        journal = cls(path, today=today)
        journal.refresh()
        return journal

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def snapshot(self) -> Snapshot:
        """The journal as last read or written; call `refresh` to pick up other processes' changes."""
        return self._snapshot

    @property
    def meta(self) -> dict[str, Any]:
        return self._data["meta"][META_DOC]

    def prepare_writes(self) -> None:
        """Import what writing needs (TinyDB's tables) ahead of the first write, while nothing waits."""
        from . import tables  # noqa: F401

    def refresh(self) -> bool:
        """Re-read the file if another process changed it (one stat when it did not)."""
        stamp = self._disk_stamp()
        if self._loaded and stamp == self._stamp:
            return False
        self._load()
        return True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        folder = self.path.parent
        with contextlib.ExitStack() as held:
            try:
                ensure_private_folder(folder)
                held.enter_context(exclusive_lock(self.path))
            except OSError as error:
                problem = error.strerror or error
                raise StoreError(f"Cannot write the journal in {folder}: {problem}.") from None
            self.refresh()
            tx = Transaction(self._snapshot, _copy_meta(self.meta))
            yield tx
            if tx.ops or tx.meta != self.meta:
                self._commit(tx)

    def _commit(self, tx: Transaction) -> None:
        try:
            self._apply_to_tables(tx)
            payload = orjson.dumps(self._data)
            back_up_before_first_write_of(self.path, self._today())
            remove_stale_temps(self.path)
            stat = atomic_write(self.path, payload)
        except OSError as error:
            # Memory is ahead of the disk now: drop it and take the file as it is.
            self._loaded = False
            self.refresh()
            raise StoreError(
                f"Could not save {self.path}: {error.strerror or error}. The journal on disk is unchanged."
            ) from None
        except BaseException:
            self._loaded = False
            self.refresh()
            raise
        self._stamp = _stamp_of(stat)
        self._apply_to_snapshot(tx)

    def _apply_to_tables(self, tx: Transaction) -> None:
        # TinyDB is imported by the first write only: reading commands never need it.
        from .tables import apply_ops

        self._data = apply_ops(self._data, tx.ops, tx.meta)

    def _apply_to_snapshot(self, tx: Transaction) -> None:
        snapshot = self._snapshot
        for op in tx.ops:
            table = snapshot.table(op.kind)
            if op.delete:
                table.pop(op.number, None)
            else:
                assert op.record is not None
                table[op.number] = op.record
        snapshot.version += 1

    def _disk_stamp(self) -> Stamp | None:
        try:
            return _stamp_of(os.stat(self.path))
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"Cannot read the journal {self.path}: {error.strerror or error}.") from None

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                stamp = _stamp_of(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            self._install(empty_journal(_now_text(), __version__), None)
            return
        except OSError as error:
            raise StoreError(f"Cannot read the journal {self.path}: {error.strerror or error}.") from None
        self.parse_count += 1
        # Parsing allocates a few objects per JSON value, and the cyclic collector would walk them
        # all again and again while they pile up (about 40% of the load time at 100,000 records).
        # Records hold no cycles, so nothing is lost by pausing it, and freezing what was loaded keeps
        # later collections from walking the whole journal during a key press.
        with collector.paused(freeze=True):
            self._install(self._parse(raw), stamp)

    def _parse(self, raw: bytes) -> Data:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise self._unreadable(f"it is not valid JSON ({error})") from None
        if not isinstance(data, dict):
            raise self._unreadable("it holds no journal (the top level is not a JSON object)")
        version = schema_of(data)
        if version > SCHEMA_VERSION:
            raise self._unreadable(
                f"it was written by a newer dualtui (schema {version}; this version knows up to "
                f"{SCHEMA_VERSION}). Upgrade dualtui to open it"
            )
        return migrate(data)

    def _install(self, data: Data, stamp: Stamp | None) -> None:
        snapshot = Snapshot(version=self._snapshot.version + 1)
        for table_name in RECORD_TABLES:
            kind = _KIND_OF_TABLE[table_name]
            record_type = RECORD_TYPES[kind]
            target = snapshot.table(kind)
            rows = data.setdefault(table_name, {})
            if not isinstance(rows, dict):
                raise self._unreadable(f"its table “{table_name}” is not a JSON object")
            for key, row in rows.items():
                try:
                    target[int(key)] = record_type.from_record(int(key), row)
                except (KeyError, ValueError, TypeError, AttributeError) as error:
                    problem = f"{type(error).__name__}: {error}"
                    raise self._unreadable(
                        f"record {kind.prefix}{key} in “{table_name}” is damaged ({problem})"
                    ) from None
        _repair_next_ids(data, snapshot)
        self._data = data
        self._snapshot = snapshot
        self._stamp = stamp
        self._loaded = True

    def _unreadable(self, problem: str) -> JournalUnreadable:
        backup = newest_good_backup(self.path)
        if backup is None:
            advice = "There is no backup to restore."
        else:
            advice = f"The newest good backup is {backup}; `dualtui doctor --restore` puts it back."
        return JournalUnreadable(
            f"The journal {self.path} cannot be opened: {problem}. It was not changed. {advice}"
        )

    def schema_version(self) -> int:
        return int(self.meta.get("schema", SCHEMA_VERSION))


_KIND_OF_TABLE = {kind.table: kind for kind in Kind}


def _repair_next_ids(data: Data, snapshot: Snapshot) -> None:
    # A hand-edited or foreign file may lack counters, or hold stale ones: never hand out a used id.
    meta = data.setdefault("meta", {}).setdefault(META_DOC, {"schema": SCHEMA_VERSION})
    next_ids = meta.setdefault("next_ids", {})
    for table_name in RECORD_TABLES:
        table = snapshot.table(_KIND_OF_TABLE[table_name])
        next_ids[table_name] = max(int(next_ids.get(table_name, 1)), max(table, default=0) + 1)


def _stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _copy_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return orjson.loads(orjson.dumps(meta))


def _now_text() -> str:
    return datetime.now().replace(microsecond=0).isoformat()
