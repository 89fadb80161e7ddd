"""A transaction's changes applied to the journal's data through TinyDB's tables, in memory.

Only writes import this (and TinyDB): reading the journal needs neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from .schema import META_DOC, Data

if TYPE_CHECKING:
    from dualtui.domain import Record

    from .ops import Op

_EMPTY = (None, "", [], {})


class _IntKeyedRows(MutableMapping):
    """A table's rows as TinyDB's updaters see them (int ids), over the JSON object (str ids)."""

    __slots__ = ("rows",)

    def __init__(self, rows: dict[str, Any]) -> None:
        self.rows = rows

    def __getitem__(self, doc_id: int) -> Any:
        return self.rows[str(doc_id)]

    def __setitem__(self, doc_id: int, row: Any) -> None:
        self.rows[str(doc_id)] = row

    def __delitem__(self, doc_id: int) -> None:
        del self.rows[str(doc_id)]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self.rows

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class JournalTable(Table):
    """TinyDB's table, changing rows in place. Stock `_update_table` rebuilds the whole table twice on
    every write (ids to int and back): about 45 ms per insert at 100,000 records, for one row."""

    def _update_table(self, updater: Callable[[Any], None]) -> None:
        tables = self._storage.read()
        updater(_IntKeyedRows(tables.setdefault(self.name, {})))
        self.clear_cache()


class JournalDB(TinyDB):
    table_class = JournalTable


class MemoryStorage(Storage):
    """TinyDB's Storage over the journal's in-memory data; the Journal decides when it reaches disk."""

    def __init__(self, data: Data) -> None:
        self.data = data

    def read(self) -> Data:
        return self.data

    def write(self, data: Data) -> None:
        self.data = data


def apply_ops(data: Data, ops: Sequence[Op], meta: dict[str, Any]) -> Data:
    """Apply a transaction's inserts, replacements and deletes, and its meta, to `data` (in place, as
    JournalTable changes rows); returns the data as the storage holds it after."""
    db = JournalDB(storage=MemoryStorage, data=data)
    inserts: dict[str, list[Document]] = {}
    for op in ops:
        table_name = op.kind.table
        if op.delete:
            db.table(table_name).remove(doc_ids=[op.number])
        elif op.is_new:
            assert op.record is not None
            inserts.setdefault(table_name, []).append(Document(_stored(op.record), doc_id=op.number))
        else:
            assert op.record is not None
            _flush_inserts(db, inserts)
            # Replace, not merge: a field emptied by the change must not survive from the old row.
            db.table(table_name).remove(doc_ids=[op.number])
            db.table(table_name).insert(Document(_stored(op.record), doc_id=op.number))
    _flush_inserts(db, inserts)
    db.table("meta").upsert(Document(meta, doc_id=int(META_DOC)))
    return db.storage.read()


def _flush_inserts(db: JournalDB, inserts: dict[str, list[Document]]) -> None:
    for table_name, documents in inserts.items():
        db.table(table_name).insert_multiple(documents)
    inserts.clear()


def _stored(record: Record) -> dict[str, Any]:
    # Empty fields are left out of the file: at 100,000 records parsing is bound by the number of
    # JSON values, and from_record fills the defaults back in.
    return {key: value for key, value in record.to_record().items() if value not in _EMPTY}
