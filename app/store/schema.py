"""The journal's schema version, and the migrations that bring an older file up to it.

A migration is a function from the raw data of version N to version N+1; `migrate` chains them.
Version 1 is the first released layout; version 0 stands for files written before `meta` held a
schema number (they lack `meta.next_ids` and the `snoozes` table).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1
TABLES = ("meta", "phases", "papers", "builds", "entries", "snoozes")
RECORD_TABLES = ("phases", "papers", "builds", "entries", "snoozes")
META_DOC = "1"

Data = dict[str, Any]


def schema_of(data: Data) -> int:
    meta = data.get("meta", {}).get(META_DOC, {})
    return int(meta.get("schema", 0))


def _v0_to_v1(data: Data) -> Data:
    for table in TABLES:
        data.setdefault(table, {})
    meta = data["meta"].setdefault(META_DOC, {})
    meta["next_ids"] = {
        table: max((int(key) for key in data[table]), default=0) + 1 for table in RECORD_TABLES
    }
    meta["schema"] = 1
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _v0_to_v1}


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
