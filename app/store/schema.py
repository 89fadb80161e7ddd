"""The journal's schema version, and the migrations that bring an older file up to it.

A migration is a function from the raw data of version N to version N+1; `migrate` chains them.
Version 0 stands for files written before `meta` held a schema number (they lack `meta.next_ids` and
the `snoozes` table); version 1 is the first released layout; version 2 gives every record a stable
unique id (`uid`, what a merge of two copies matches records by) and keeps the change history in its
own table (`history`, what undo and redo walk), into which 1's undo trash (`meta.trash`) moves.
Version 3 gives entries the links that close the loops: `linked_papers` and `linked_builds` (lists
of record numbers: the papers read for a question and the builds that test it, or the builds an
insight is applied to) and `claim` (the number of its paper's claim a validated or refuted entry
speaks to). A dualtui of version 2 does not know them and would drop them whenever it rewrote an
entry: the number is what makes it refuse such a journal rather than lose its links.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import orjson

from dualtui.domain import UserError, parse_ref

SCHEMA_VERSION = 3
RECORD_TABLES = ("phases", "papers", "builds", "entries", "snoozes")
HISTORY_TABLE = "history"
TABLES = ("meta", *RECORD_TABLES, HISTORY_TABLE)
META_DOC = "1"

Data = dict[str, Any]
Row = dict[str, Any]

# Left out of the file: at 100,000 records parsing is bound by the number of JSON values, and
# from_record fills the defaults back in.
_EMPTY = (None, "", [], {})


def new_uid() -> str:
    """A record's or a change's identity: 64 random bits, unique across copies of a journal (a
    collision among a million records is about one chance in 36 million)."""
    return os.urandom(8).hex()


def compact(fields: dict[str, Any]) -> Row:
    """A record's fields as stored: empty ones left out."""
    return {key: value for key, value in fields.items() if value not in _EMPTY}


def digest(row: Row | None) -> str | None:
    """A short fingerprint of a stored row (None for no row): the change history keeps it for the
    side of a change that is in the journal, and undo or redo finds that the record has moved on
    since when the fingerprint differs. CRC-32 and Adler-32 of its JSON with sorted keys, 64 bits:
    it tells an edit from none, it is no seal against forgery (zlib, not hashlib: loading OpenSSL's
    hashes cost every command 3 ms, and only writes fingerprint rows)."""
    if row is None:
        return None
    import zlib

    text = orjson.dumps(row, option=orjson.OPT_SORT_KEYS)
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def place(rows: dict[Any, Any], key: Any, value: Any) -> None:
    """Set `rows[key]`: in place when it is there, else where its number puts it. Version 2 keeps a
    table's rows in number order (in the file and in memory), so a record put back by an undo
    returns to where it was."""
    if key in rows or not rows or int(next(reversed(rows))) < int(key):
        rows[key] = value
        return
    number = int(key)
    items = list(rows.items())
    at = next(i for i, (k, _) in enumerate(items) if int(k) > number)
    rows.clear()
    rows.update(items[:at])
    rows[key] = value
    rows.update(items[at:])


def schema_of(data: Data) -> int:
    meta = data.get("meta", {}).get(META_DOC, {})
    return int(meta.get("schema", 0))


def _v0_to_v1(data: Data) -> Data:
    for table in ("meta", *RECORD_TABLES):
        data.setdefault(table, {})
    meta = data["meta"].setdefault(META_DOC, {})
    meta["next_ids"] = {
        table: max((int(key) for key in data[table]), default=0) + 1 for table in RECORD_TABLES
    }
    meta["schema"] = 1
    return data


def _v1_to_v2(data: Data) -> Data:
    # Version 1 moved an edited row to the end of its table; rows go back in number order, which
    # version 2 keeps (so an undone delete returns to its place, byte for byte).
    for table in RECORD_TABLES:
        rows = data.setdefault(table, {})
        if isinstance(rows, dict):
            ordered = sorted(rows.items(), key=lambda item: _number_of(item[0]))
            data[table] = {key: _with_uid(row) for key, row in ordered}
    meta = data["meta"].setdefault(META_DOC, {})
    trash = meta.pop("trash", None)
    history = data.setdefault(HISTORY_TABLE, {})
    if isinstance(trash, list) and isinstance(history, dict):
        for item in trash:
            change = _change_from_trash(data, item)
            if change is not None:
                history[str(len(history) + 1)] = change
    meta["schema"] = 2
    return data


def _v2_to_v3(data: Data) -> Data:
    # Nothing to convert: a version 2 file holds no links of the loops (a missing list reads as empty,
    # a missing claim as none), or holds them in version 3's form already (a dualtui of this version
    # wrote them before the number moved). Only the number changes.
    data["meta"][META_DOC]["schema"] = 3
    return data


def _change_from_trash(data: Data, item: Any) -> Row | None:
    """A deletion of version 1's trash as a change of the history (written out here, not built by
    the history's code: a migration writes the format of its version, whatever comes later)."""
    try:
        ref = parse_ref(item["ref"])
        fields, unlinked = item["record"], item.get("unlinked", [])
        deleted = {"uid": new_uid(), **compact(fields)}
        rows = [[ref.kind.table, ref.number, deleted, None, sorted(set(deleted) - {"uid"})]]
        for holder_text, field_name, number in unlinked:
            holder_ref = parse_ref(holder_text)
            holder = data[holder_ref.kind.table].get(str(holder_ref.number))
            if not isinstance(holder, dict):
                continue  # deleted since: version 1's undo skipped it too
            value = holder.get(field_name)
            linked = [*value, number] if isinstance(value, list) else number
            linked_holder = {**holder, field_name: linked}
            rows.append(
                [holder_ref.kind.table, holder_ref.number, linked_holder, digest(holder), [field_name]]
            )
    except (KeyError, TypeError, ValueError, AttributeError, UserError):
        return None  # a damaged trash item restored nothing in version 1 either
    title = fields.get("title") or fields.get("text") or fields.get("goal") or ""
    return {
        "uid": new_uid(),
        "at": None,
        "by": "dualtui (before the change history)",
        "summary": f"deleted {ref}" + (f" “{title}”" if title else ""),
        "rows": rows,
        "meta": {},
    }


def _number_of(key: str) -> tuple[int, int | str]:
    # A damaged key sorts last and is reported by the load, which names it.
    return (0, int(key)) if key.isdigit() else (1, key)


def _with_uid(row: Any) -> Any:
    if isinstance(row, dict) and "uid" not in row:
        return {"uid": new_uid(), **row}
    return row


MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _v0_to_v1, 1: _v1_to_v2, 2: _v2_to_v3}


def migrate(data: Data) -> Data:
    """Bring `data` up to SCHEMA_VERSION; the caller has checked it is not newer."""
    version = schema_of(data)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def empty_journal(created: str, app_version: str) -> Data:
    data: Data = {table: {} for table in TABLES}
    data["meta"][META_DOC] = {
        "schema": SCHEMA_VERSION,
        "created": created,
        "app_version": app_version,
        "next_ids": dict.fromkeys(RECORD_TABLES, 1),
    }
    return data
