"""A snapshot whose tables are built from the journal's rows when first read (see checked.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dualtui.domain import Kind, Snapshot


def _built_on_use(name: str) -> property:
    slot = getattr(Snapshot, name)  # the member descriptor of Snapshot's own slot

    def get(self: LazySnapshot) -> dict[int, Any]:
        try:
            return slot.__get__(self, Snapshot)
        except AttributeError:
            table = self._build(name)
            slot.__set__(self, table)
            return table

    def put(self: LazySnapshot, value: dict[int, Any]) -> None:
        slot.__set__(self, value)

    return property(get, put)


class LazySnapshot(Snapshot):
    """Reads as a Snapshot; each table is built by `build(table_name)` the first time it is read."""

    __slots__ = ("_build",)

    phases = _built_on_use("phases")
    papers = _built_on_use("papers")
    builds = _built_on_use("builds")
    entries = _built_on_use("entries")
    snoozes = _built_on_use("snoozes")

    def __init__(self, build: Callable[[str], dict[int, Any]], version: int) -> None:
        self._build = build
        self.version = version

    def is_built(self, kind: Kind) -> bool:
        try:
            getattr(Snapshot, kind.table).__get__(self, Snapshot)
        except AttributeError:
            return False
        return True
