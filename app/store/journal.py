"""The journal: one TinyDB JSON file, cached in memory, changed only in short locked transactions.

Reads never touch the disk: the parsed data and the domain Snapshot built from it stay in memory
until the file's identity (inode, size, mtime) changes. A write locks the journal, re-reads it first
if another process changed it, applies the transaction through TinyDB's tables, and replaces the
file atomically and durably. A file that does not parse, or is newer than this version, is never
written.

The file holds one table per line (layout.py). A file this store checked whole before (checked.py)
is split into its tables' bytes without parsing, and a table is parsed when something first reads
it (meta and the history at once: every write needs them); a write serialises only the tables it
changed and takes the others' bytes as they are, from memory or, for a table parsed since, from the
file it replaces. Every reader of the data goes through `_table` or `_whole`, which parse.
"""

from __future__ import annotations

import _thread  # the lock without importing threading (as domain.collector)
import contextlib
import os
import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from dualtui import __version__
from dualtui.domain import Kind, Record, Ref, Snapshot, collector
from dualtui.domain.model import RECORD_TYPES
from dualtui.domain.text import plural
from dualtui.domain.validation import MAX_ID

from . import checked as checked_files
from . import history
from .backups import MAX_JOURNAL_BYTES, back_up_before_first_write_of, newest_good_backup
from .checked import Span
from .checks import damaged_records, meta_problem, refuse_unreadable, summary
from .errors import JournalUnreadable, StoreError
from .files import Copied, atomic_write, ensure_private_folder, read_regular, remove_stale_temps
from .history import Change, Flip, NotUndoable, RowChange
from .layout import HEAD, TAIL, Unparsed, appended, dumps_table, member, split
from .lazy import LazySnapshot
from .lock import exclusive_lock
from .ops import Op
from .schema import (
    HISTORY_TABLE,
    META_DOC,
    RECORD_TABLES,
    SCHEMA_VERSION,
    Data,
    Row,
    compact,
    empty_journal,
    migrate,
    new_uid,
    place,
    schema_of,
)

if TYPE_CHECKING:
    from .merge import Merged
    from .tables import HistoryEdit

Stamp = tuple[int, int, int]


class Undoing(NamedTuple):
    """An undo or redo about to be written: the change as it will read, and every record it touches
    as it will leave it (None: removed), for the use case to check before the transaction ends."""

    change: Change
    records: list[tuple[Ref, Record | None]]


class Transaction:
    """The changes of one locked write. `snapshot` is the journal as it is on disk, under the lock;
    the transaction's own changes become visible there only after it commits. `summary` is the one
    sentence the change history keeps for it ("p45 reading → read")."""

    def __init__(self, journal: Journal, meta: dict[str, Any]) -> None:
        self.snapshot = journal._snapshot
        self.meta = meta
        self.summary = ""
        self.ops: list[Op] = []
        self._journal = journal
        self._data = journal._data  # meta and history parsed; a table through `_journal._table`
        self._actor = journal.actor
        self._flip: Flip | None = None
        self._merged: Merged | None = None
        # Records this transaction adds, so a restore can refuse a clash without scanning the ops
        # (a restore of a 100,000-record export would otherwise be quadratic).
        self._added: set[tuple[Kind, int]] = set()

    def records_where(self, kind: Kind, fields: tuple[str, ...], keep: Callable[..., bool]) -> list[Record]:
        """The records of `kind`, in table order, whose text `fields` ("" where a row has none) `keep`
        takes, called with their values. A table not built yet is read from its stored rows, and only
        the records kept are built (a command adding one paper checks it against every paper)."""
        snapshot = self.snapshot
        if not isinstance(snapshot, LazySnapshot) or snapshot.is_built(kind):
            return [r for r in snapshot.table(kind).values() if keep(*[getattr(r, f) for f in fields])]
        # The snapshot is lazy only for a file this store checked whole: every row builds (unless
        # the file was damaged in place since, keeping its identity: refused as the load refuses).
        build = RECORD_TYPES[kind].from_record
        rows = self._journal._table(kind.table)
        try:
            return [
                build(int(key), row) for key, row in rows.items() if keep(*[row.get(f, "") for f in fields])
            ]
        except (KeyError, ValueError, TypeError, AttributeError):
            raise self._journal._damaged() from None

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
        """Put back a record under its own number (the import of an export)."""
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

    def undo(self, seen: str | None = None) -> Undoing:
        """Take back the newest change (or `seen`, the one the caller showed as newest, if it is still
        applied); raises NotUndoable, naming both, if a later change touched what it changed."""
        key, change = history.undo_target(history.history_of(self._data), seen)
        place = history.next_undone_place(history.history_of(self._data))
        return self._flipping(key, change, undone=place)

    def redo(self, seen: str | None = None) -> Undoing:
        """Put back the change undone last (or `seen`, if it is still undone)."""
        key, change = history.redo_target(history.history_of(self._data), seen)
        return self._flipping(key, change, undone=None)

    def merge(self, theirs: Data, *, base: Data | None = None, source: str) -> Merged:
        """Merge another copy of the journal (read with `read_copy`) into this one: the records
        and the history, in this transaction. `base` is their common ancestor when known."""
        if self.ops or self._flip is not None or self._merged is not None:
            raise StoreError("A merge is a transaction of its own.")
        from .merge import merge  # only a merge needs it

        self._merged = merge(self._journal._whole(), theirs, base=base, source=source)
        self.meta["next_ids"] = dict(self._merged.next_ids)
        return self._merged

    def last_change_touching(self, ref: Ref, *, besides: str) -> Change | None:
        """The change, other than `besides` (a uid), that touched `ref` last."""
        return history.last_touching(history.history_of(self._data), ref, besides=besides)

    def _flipping(self, key: str, change: dict[str, Any], *, undone: int | None) -> Undoing:
        if self.ops or self._flip is not None or self._merged is not None:
            raise StoreError("An undo or redo is a transaction of its own.")
        try:
            for table in {entry.table for entry in history.entries_of(change)}:
                self._journal._table(table)  # the flip reads each record where it is now
        except NotUndoable:
            pass  # a damaged change: the flip says so
        self._flip = history.flip(key, change, self._data, self.meta, by=self._actor, undone=undone)
        self.meta = self._flip.meta
        records = [(row.ref, _record_of(row.ref, row.after)) for row in self._flip.rows]
        return Undoing(history.view(self._flip.change), records)


class Journal:
    def __init__(
        self,
        path: Path,
        *,
        today: Callable[[], date] = date.today,
        actor: str = "dualtui",
        scratch: bool = False,
    ) -> None:
        """`today`: the real clock, which names the daily backups (tests fix it); never `--today`."""
        self.path = path
        # A scratch journal is a file outside a journal's folder (git's sides of a merge): written
        # atomically, but with no lock file and no backups beside it.
        self.scratch = scratch
        # Who this process's changes are by, in the change history: the command words, or "app".
        self.actor = actor
        self._today = today
        self._stamp: Stamp | None = None
        self._loaded = False
        # Opened lazily: read on first use (`next` may answer from what an earlier run kept).
        self._deferred = False
        self._data: Data = empty_journal(_now_text(), __version__)
        # Where each table's value lies in the file of `_stamp` (and its CRC-32), for the tables whose
        # bytes there are exactly what serialising them gives (a write copies those instead): tables
        # of a file this store wrote.
        self._spans: dict[str, Span] = {}
        self._parsing = _thread.allocate_lock()  # app workers may read two unparsed tables at once
        # The schema of the file as read: an older one is migrated in memory, written at the next change.
        self.file_schema = SCHEMA_VERSION
        self._snapshot = Snapshot()
        # Full-file parses since start: the benchmarks hold this at one per outside change.
        self.parse_count = 0
        self._change_sizes: dict[str, int] = {}

    @classmethod
    def open(cls, path: Path, *, lazy: bool = False, **options: Any) -> Journal:
        """The journal at `path`, read (options as for the constructor); `lazy`: read when first
        used, so that a command answered from elsewhere never reads it."""
        journal = cls(path, **options)
        if lazy:
            journal._deferred = True
        else:
            journal.refresh()
        return journal

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def snapshot(self) -> Snapshot:
        """The journal as last read or written; call `refresh` to pick up other processes' changes."""
        self._read_if_deferred()
        return self._snapshot

    @property
    def meta(self) -> dict[str, Any]:
        self._read_if_deferred()
        return self._data["meta"][META_DOC]

    def changes(self) -> list[Change]:
        """The change history as last read or written, oldest first."""
        self._read_if_deferred()
        return history.changes(self._data)

    def newest_change(self, *, undone: bool = False) -> str | None:
        """The uid of what an undo (or, `undone`, a redo) would take, as this process last read it."""
        self._read_if_deferred()
        return history.newest_uid(history.history_of(self._data), undone=undone)

    def disk_stamp(self) -> Stamp | None:
        """The file's identity on disk now (inode, size, mtime): one stat; None when there is none."""
        return self._disk_stamp()

    def stamp(self) -> Stamp | None:
        """The identity of the file the journal in memory was read from or last written as."""
        self._read_if_deferred()
        return self._stamp

    def known_stamp(self) -> Stamp | None:
        """The stamp of the journal as this process would read it: in memory once read, else on disk
        (one stat, reading nothing)."""
        return self._stamp if self._loaded else self._disk_stamp()

    @property
    def is_read(self) -> bool:
        """Whether the journal is in memory (False only while a lazily opened one waits for its first use)."""
        return self._loaded or not self._deferred

    def _read_if_deferred(self) -> None:
        if self._deferred and not self._loaded:
            self.refresh()

    def merged_with(self, theirs: Data, *, base: Data | None = None, source: str) -> Merged:
        """What merging `theirs` would do to the journal as it is on disk now, without writing."""
        from .merge import merge

        self.refresh()
        return merge(self._whole(), theirs, base=base, source=source)

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
                if not self.scratch:
                    ensure_private_folder(folder)
                    held.enter_context(exclusive_lock(self.path))
            except OSError as error:
                problem = error.strerror or error
                raise StoreError(f"Cannot write the journal in {folder}: {problem}.") from None
            self.refresh()
            tx = Transaction(self, _copy_meta(self.meta))
            yield tx
            self._commit(tx)

    def _commit(self, tx: Transaction) -> None:
        rows, records, edit = self._changes_of(tx)
        if not edit.added and edit.replaced is None:
            return  # it changed nothing: nothing to write, nothing to undo
        try:
            # TinyDB is imported by the first write only: reading commands never need it.
            from .tables import apply_changes

            # New records after the last of a table not parsed are appended to its bytes (every
            # other row is in a parsed table: _net_rows parsed the tables it had to look in).
            unparsed = {row.table for row in rows if isinstance(self._data[row.table], Unparsed)}
            for table in unparsed:
                new = sorted((row.number, row.after) for row in rows if row.table == table)
                self._data[table] = appended(self._data[table], new)
            parsed = [row for row in rows if row.table not in unparsed]
            self._data = apply_changes(self._data, parsed, tx.meta, edit)
            if not self.scratch:
                back_up_before_first_write_of(self.path, self._today())
                remove_stale_temps(self.path)
            changed = {"meta", HISTORY_TABLE, *(row.table for row in rows)}
            with self._old_file() as source:
                pieces, spans = self._pieces(changed, source is not None)
                stat = atomic_write(self.path, pieces, source=source)
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
        self._spans = spans
        self.file_schema = SCHEMA_VERSION
        self._apply_to_snapshot(records)
        if self._marks:
            # What it wrote is what it checked: the file it read (checked) and the rows it wrote.
            checked_files.mark_checked(self.path, self._stamp, spans)

    def _pieces(self, changed: set[str], copying: bool) -> tuple[list[bytes | Copied], dict[str, Span]]:
        """The file to write, in pieces: each table `changed` serialised, the others as their bytes
        (kept, or Copied from the old file when `copying`); and where each table's value lands."""
        pieces: list[bytes | Copied] = [HEAD]
        spans: dict[str, Span] = {}
        at = len(HEAD)
        for index, (name, value) in enumerate(self._data.items()):
            prefix = member(name, index == 0)
            at += len(prefix)
            old = self._spans.get(name) if name not in changed else None
            # Bytes in hand are written faster than the kernel copies them (4 against 7 ms for the
            # 15 MB of builds and entries at 100,000 records), and copying beats serialising (21 ms).
            if isinstance(value, Unparsed):
                piece: bytes | Copied = value.raw
                crc = value.crc
            elif copying and old is not None:
                piece, crc = Copied(old[0], old[1] - old[0]), old[2]
            else:
                piece = dumps_table(value)
                crc = zlib.crc32(piece)
            size = piece.length if isinstance(piece, Copied) else len(piece)
            pieces += (prefix, piece)
            spans[name] = (at, at + size, crc)
            at += size
        pieces.append(TAIL)
        return pieces, spans

    @contextlib.contextmanager
    def _old_file(self) -> Iterator[int | None]:
        """The file being replaced, open, if it is still the one the spans were taken from."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)) if self._spans else None
        except OSError:
            fd = None
        try:
            same = fd is not None and _stamp_of(os.fstat(fd)) == self._stamp
            yield fd if same else None  # else every table parsed since is serialised again
        finally:
            if fd is not None:
                os.close(fd)

    def _changes_of(
        self, tx: Transaction
    ) -> tuple[list[RowChange], list[tuple[Ref, Record | None]], HistoryEdit]:
        """The rows the transaction writes, its records for the snapshot, and its history edit."""
        from .tables import HistoryEdit

        changes = history.history_of(self._data)
        if tx._flip is not None:
            flipped = tx._flip
            records = [(row.ref, _record_of(row.ref, row.after)) for row in flipped.rows]
            self._change_sizes.clear()
            return flipped.rows, records, HistoryEdit(replaced=(flipped.key, flipped.change))
        imported: list[Row] = []
        if tx._merged is not None:
            rows = tx._merged.rows
            records = [(row.ref, _record_of(row.ref, row.after)) for row in rows]
            imported = tx._merged.imported
        else:
            rows, records = self._net_rows(tx.ops)
        # A merge that brings only the other copy's history still leaves a change: the one its
        # changes came in with.
        change = history.new_change(
            rows, self.meta, tx.meta, by=self.actor, summary=tx.summary, always=bool(imported)
        )
        if change is None:
            return [], [], HistoryEdit()
        if tx._merged is not None:
            change["merge"] = True
            imported = [{**row, "via_change": change["uid"]} for row in imported]
        dropped, imported = history.trimmed(changes, [*imported, change], self._change_sizes)
        return rows, records, HistoryEdit(added=imported, dropped=dropped)

    def _net_rows(self, ops: list[Op]) -> tuple[list[RowChange], list[tuple[Ref, Record | None]]]:
        # One row change per record, from what the file holds to what the last op leaves (an op
        # that leaves a record as it was is no change).
        found: dict[tuple[str, int], tuple[Row | None, Row | None, Record | None]] = {}
        for op in ops:
            key = (op.kind.table, op.number)
            before = found[key][0] if key in found else self._row_before(op)
            if op.delete:
                found[key] = (before, None, None)
                continue
            assert op.record is not None
            earlier = found[key][1] if key in found else before
            uid = (earlier or {}).get("uid") or new_uid()
            stored = compact(op.record.to_record())
            refuse_unreadable(op.record, stored)  # what is written must open again
            found[key] = (before, {"uid": uid, **stored}, op.record)
        rows, records = [], []
        for (table, number), (before, after, record) in found.items():
            if before == after:
                continue
            rows.append(RowChange(table, number, before, after))
            records.append((Ref(_KIND_OF_TABLE[table], number), record))
        return rows, records

    def _row_before(self, op: Op) -> Row | None:
        """The row the file holds under the op's number. None without parsing its table for a new
        record at or past the table's counter: the counter is past every number the table holds (a
        checked file's were repaired before it was written, and every write keeps them so). Bytes
        changed in place since they were written are parsed and checked, never appended to."""
        table = op.kind.table
        value = self._data[table]
        unparsed = isinstance(value, Unparsed) and value.intact()
        if unparsed and op.is_new and op.number >= int(self.meta["next_ids"].get(table, 1)):
            return None
        return self._table(table).get(str(op.number))

    def _apply_to_snapshot(self, records: list[tuple[Ref, Record | None]]) -> None:
        snapshot = self._snapshot
        for ref, record in records:
            if isinstance(snapshot, LazySnapshot) and not snapshot.is_built(ref.kind):
                continue  # built from the rows, which hold the change, when first read
            table = snapshot.table(ref.kind)
            if record is None:
                table.pop(ref.number, None)
            else:
                place(table, ref.number, record)
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
            # A regular file of a bounded size only: `--db /dev/zero` or a FIFO is refused, not read.
            raw, info = read_regular(self.path, MAX_JOURNAL_BYTES, "the journal")
        except FileNotFoundError:
            self.file_schema = SCHEMA_VERSION
            self._install(empty_journal(_now_text(), __version__), None, False, {})
            return
        stamp = _stamp_of(info)
        self.parse_count += 1
        # A file this store checked whole already (its stamp is marked) is written to, and read a
        # table at a time, without parsing the tables nobody reads nor building records nobody reads.
        marked = checked_files.checked_spans(self.path, stamp) if self._marks else None
        checked = marked is not None
        # Parsing allocates a few objects per JSON value, and the cyclic collector would walk them
        # all again and again while they pile up (about 40% of the load time at 100,000 records).
        # Records hold no cycles, so nothing is lost by pausing it, and freezing what was loaded keeps
        # later collections from walking the whole journal during a key press.
        with collector.paused(freeze=True):
            found = self._split(raw, marked) if marked else None
            data = self._parse(raw) if found is None else found[0]
            del raw  # the file's bytes are not held while records are built
            self._install(data, stamp, checked, {} if found is None else found[1])

    def _split(self, raw: bytes, marked: dict[str, Span]) -> tuple[Data, dict[str, Span]] | None:
        """The tables of a file this store wrote, as their bytes, meta and the history parsed; None
        when its layout is not the one the marker says (an older one-line file): it is parsed whole."""
        spans = split(raw)
        if spans is None or "meta" not in spans or spans != {n: s[:2] for n, s in marked.items()}:
            return None
        data: Data = {name: Unparsed(raw[start:end], marked[name][2]) for name, (start, end) in spans.items()}
        meta = self._parsed("meta", data["meta"].raw)
        if meta_problem({"meta": meta}) is not None or schema_of({"meta": meta}) != SCHEMA_VERSION:
            return None
        data["meta"] = meta
        if HISTORY_TABLE in data:
            self._table(HISTORY_TABLE, data)
        return data, marked

    def _table(self, name: str, data: Data | None = None) -> Any:
        """The table `name` of the data, parsed now if it was not yet; a table that does not parse
        makes the journal unreadable."""
        data = self._data if data is None else data
        value = data.get(name)
        if isinstance(value, Unparsed):
            with self._parsing, collector.paused(freeze=True):
                value = data[name]
                if isinstance(value, Unparsed):
                    value = data[name] = self._verified(name, value)
        return value

    def _verified(self, name: str, table: Unparsed) -> Any:
        rows = self._parsed(name, table.raw)
        if not table.intact() and name in RECORD_TABLES:
            # Changed in place since this store wrote it, the file's identity kept: every record
            # is checked, as a file not marked is; a damaged one is refused, naming it.
            self._records_of({name: rows}, name)
        return rows

    def _whole(self) -> Data:
        """The data with every table parsed (a merge, the sentence naming damaged records)."""
        for name in list(self._data):
            self._table(name)
        return self._data

    def _parsed(self, name: str, raw: bytes) -> Any:
        try:
            rows = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise self._unreadable(f"its table “{name}” is not valid JSON ({error})") from None
        if type(rows) is not dict:
            raise self._unreadable(f"its table “{name}” is not a JSON object")
        return rows

    def _parse(self, raw: bytes) -> Data:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise self._unreadable(f"it is not valid JSON ({error})") from None
        problem = meta_problem(data)
        if problem is not None:
            raise self._unreadable(problem)
        version = schema_of(data)
        if version > SCHEMA_VERSION:
            raise self._unreadable(
                f"it was written by a newer dualtui (schema {version}; this version knows up to "
                f"{SCHEMA_VERSION}). Upgrade dualtui to open it"
            )
        try:
            migrated = migrate(data)
        except (KeyError, ValueError, TypeError, AttributeError):
            raise self._damaged(data) from None
        self.file_schema = version
        return migrated

    def _install(self, data: Data, stamp: Stamp | None, checked: bool, spans: dict[str, Span]) -> None:
        for table_name in RECORD_TABLES:
            data.setdefault(table_name, {})
        version = self._snapshot.version + 1
        if checked:
            snapshot: Snapshot = LazySnapshot(self._built_table, version)
        else:
            snapshot = Snapshot(version=version)
            for table_name in RECORD_TABLES:
                snapshot.table(_KIND_OF_TABLE[table_name]).update(self._records_of(data, table_name))
        problem = history.problem_in(data.setdefault(HISTORY_TABLE, {}))
        if problem:
            raise self._unreadable(problem)
        _repair_next_ids(data)
        self._data = data
        self._spans = spans
        self._snapshot = snapshot
        self._stamp = stamp
        self._loaded = True
        if stamp is not None and self._marks and not checked:
            checked_files.mark_checked(self.path, stamp)

    # Journals whose checks are marked beside them (not a scratch file, nor another copy being read).
    @property
    def _marks(self) -> bool:
        return not self.scratch

    def _records_of(self, data: Data, table_name: str) -> dict[int, Record]:
        """Every record of one table, built and checked; a damaged one makes the journal unreadable."""
        record_type = RECORD_TYPES[_KIND_OF_TABLE[table_name]]
        rows = self._table(table_name, data)
        built: dict[int, Record] = {}
        try:
            for key, row in rows.items():
                number = int(key)
                if not 0 < number <= MAX_ID:
                    raise ValueError(key)
                built[number] = record_type.from_record(number, row)
            if len(built) != len(rows):
                raise ValueError("two keys for one number")
        except (KeyError, ValueError, TypeError, AttributeError):
            # InvalidRecord is a ValueError. The sentence names every bad record, from the checks.
            raise self._damaged(data) from None
        return built

    def _built_table(self, table_name: str) -> dict[int, Record]:
        # Built from the rows as they are now (a write since the load changed them in place of the
        # records it would otherwise have had to build), with the cyclic GC paused as the load does.
        with collector.paused(freeze=True):
            return self._records_of(self._data, table_name)

    def _damaged(self, data: Data | None = None) -> JournalUnreadable:
        if data is None or data is self._data:
            data = self._whole()
        problems = damaged_records(data) or ["a record cannot be read"]
        count = plural(problems, "damaged record")
        return self._unreadable(f"{count}: {summary(problems)} (`dualtui doctor` lists them all)")

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


class CopyUnreadable(JournalUnreadable):
    """Another copy of the journal that does not parse or validate: it is never merged."""


class _Copy(Journal):
    """Another copy of the journal, read (and checked, and migrated) as the journal is, never written."""

    @property
    def _marks(self) -> bool:
        return False  # read only to be merged: it is checked whole, and nothing is left beside it

    def _unreadable(self, problem: str) -> JournalUnreadable:
        return CopyUnreadable(f"{self.path} cannot be merged: {problem}. It was left as it is.")


def read_copy(path: Path) -> Data:
    """The data of another copy of the journal (a conflict copy, a side of a git merge), checked as
    the journal is on load; raises CopyUnreadable naming the file and what is wrong."""
    if not path.is_file():
        raise CopyUnreadable(f"{path} cannot be merged: there is no such file.")
    copy = _Copy(path)
    copy.refresh()
    return copy._data


def _repair_next_ids(data: Data) -> None:
    # A hand-edited or foreign file may lack counters, or hold stale ones: never hand out a used id.
    meta = data.setdefault("meta", {}).setdefault(META_DOC, {"schema": SCHEMA_VERSION})
    next_ids = meta.setdefault("next_ids", {})
    for table_name in RECORD_TABLES:
        if isinstance(data[table_name], Unparsed):
            continue  # a checked file's: its counters were repaired before it was written
        used = max(map(int, data[table_name]), default=0)
        next_ids[table_name] = max(int(next_ids.get(table_name, 1)), used + 1)


def _stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _record_of(ref: Ref, row: Row | None) -> Record | None:
    return None if row is None else RECORD_TYPES[ref.kind].from_record(ref.number, row)


def _copy_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return orjson.loads(orjson.dumps(meta))


def _now_text() -> str:
    return datetime.now().replace(microsecond=0).isoformat()
