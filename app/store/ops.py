"""One change of a transaction, as the journal records it and the tables apply it."""

from __future__ import annotations

from typing import NamedTuple

from dualtui.domain import Kind, Record


class Op(NamedTuple):
    """An insert, a replacement or a delete of one record."""

    delete: bool
    kind: Kind
    number: int
    record: Record | None = None
    is_new: bool = False
