"""A transaction's changes applied to the journal's data through TinyDB's tables, in memory.

Only writes import this (and TinyDB): reading the journal needs neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .schema import HISTORY_TABLE, META_DOC, Data, Row, place

if TYPE_CHECKING:
    from .history import RowChange


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

    def write_rows(self, rows: Sequence[tuple[int, Row | None]]) -> None:
        """Replace, insert (None: remove) rows in one pass. A replaced row keeps its place and a new
        one goes where its number puts it: stock remove-then-insert would move an edited record to
        the end of the file, and an undone edit could not give back the same bytes."""

        def updater(table: _IntKeyedRows) -> None:
            for number, row in rows:
                if row is None:
                    table.rows.pop(str(number), None)
                else:
                    place(table.rows, str(number), row)

        self._update_table(updater)


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


class HistoryEdit(NamedTuple):
    """What a transaction does to the change history: new changes (its own, after those a merge
    brings in), or a flipped one put back under its key, and the keys it pushes out."""

    added: Sequence[Row] = ()
    replaced: tuple[str, Row] | None = None
    dropped: Sequence[str] = ()


def apply_changes(data: Data, rows: Sequence[RowChange], meta: dict[str, Any], history: HistoryEdit) -> Data:
    """Write a transaction's rows, its meta and its history edit into `data` (in place, as
    JournalTable changes rows); returns the data as the storage holds it after."""
    db = JournalDB(storage=MemoryStorage, data=data)
    by_table: dict[str, list[tuple[int, Row | None]]] = {}
    for row in rows:
        by_table.setdefault(row.table, []).append((row.number, row.after))
    for table_name, table_rows in by_table.items():
        db.table(table_name).write_rows(table_rows)
    # Replaced whole, not merged (TinyDB's upsert): a value the transaction removed must go.
    db.table("meta").write_rows([(int(META_DOC), meta)])
    changes = db.table(HISTORY_TABLE)
    if history.dropped:
        changes.remove(doc_ids=[int(key) for key in history.dropped])
    if history.replaced is not None:
        key, change = history.replaced
        changes.write_rows([(int(key), change)])
    for change in history.added:
        changes.insert(change)
    return db.storage.read()
