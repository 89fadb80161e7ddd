"""A value worked out from a record, kept while the record stays the same object.

A change anywhere replaces a record with a new object (records are never changed in place), so the
object itself says whether what was worked out from it is still current: a filter or a search over
100,000 records then makes its texts once, and again only for the records that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Value = TypeVar("Value")


class PerRecord(Generic[Value]):
    def __init__(self, make: Callable[[Any], Value]) -> None:
        self._make = make
        self._kept: dict[Hashable, tuple[Any, Value]] = {}

    def of(self, key: Hashable, record: Any) -> Value:
        """The value for `record`, filed under `key` (the same key for every version of a record)."""
        known = self._kept.get(key)
        if known is None or known[0] is not record:
            known = self._kept[key] = (record, self._make(record))
        return known[1]
