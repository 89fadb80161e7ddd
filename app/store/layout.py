"""The journal's layout on disk: one JSON object, one top-level member (a table) per line.

    {"meta":{...},
    "phases":{...},
    ...
    "history":{...}}

orjson escapes a newline inside a string, so in a file this store wrote a raw newline only ever
separates two tables, and each table's bytes can be found without parsing the file (`split`). Stock
TinyDB and `jq` read it as any JSON object. A file whose identity is marked checked (checked.py) is
one this store wrote, so its tables may be parsed one at a time when first needed, and a write
re-serialises only the tables it changed, taking the others' bytes as they are.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any

import orjson

HEAD = b"{"
SEPARATOR = b",\n"
TAIL = b"}\n"


class Unparsed:
    """A table not parsed yet: its value's bytes, exactly as the checked file holds them, and the
    CRC-32 they had when this store wrote them."""

    __slots__ = ("_intact", "crc", "raw")

    def __init__(self, raw: bytes, crc: int, *, intact: bool | None = None) -> None:
        self.raw = raw
        self.crc = crc
        self._intact = intact

    def intact(self) -> bool:
        """Whether the bytes are still those written (not changed in place since): their CRC-32."""
        if self._intact is None:
            self._intact = zlib.crc32(self.raw) == self.crc
        return self._intact


def appended(table: Unparsed, rows: Sequence[tuple[int, Any]]) -> Unparsed:
    """`table` (intact) with `rows` after its last one (numbers above every number it holds,
    ascending): the bytes serialising the parsed table with them gives, without parsing it."""
    body = b",".join(b'"%d":%s' % (number, orjson.dumps(row)) for number, row in rows)
    raw = b"".join((table.raw[:-1], b"," if len(table.raw) > 2 else b"", body, b"}"))
    return Unparsed(raw, zlib.crc32(raw), intact=True)


def member(name: str, first: bool) -> bytes:
    """What comes before a table's value: the separator (none for the first) and its quoted name."""
    return (b"" if first else SEPARATOR) + b'"' + name.encode() + b'":'


def dumps_table(rows: object) -> bytes:
    return orjson.dumps(rows)


def render(tables: Iterable[tuple[str, bytes]]) -> bytes:
    """The whole file for these (name, value bytes): what `split` takes apart again."""
    parts = [HEAD]
    for index, (name, value) in enumerate(tables):
        parts += (member(name, index == 0), value)
    parts.append(TAIL)
    return b"".join(parts)


def split(raw: bytes) -> dict[str, tuple[int, int]] | None:
    """Each table's name and the span of its value in `raw`, in file order; None when `raw` is not
    in this layout (an older one-line file, one written by anything else): it is parsed whole."""
    if not raw.startswith(HEAD + b'"') or not raw.endswith(TAIL):
        return None
    spans: dict[str, tuple[int, int]] = {}
    start, last = len(HEAD), len(raw) - len(TAIL)
    while True:
        newline = raw.find(b"\n", start, last)
        end = last if newline < 0 else newline - 1  # a separator's comma sits before its newline
        if newline >= 0 and raw[end : newline + 1] != SEPARATOR:
            return None
        colon = raw.find(b'":', start, end)
        name = raw[start + 1 : colon] if raw[start : start + 1] == b'"' and colon > 0 else b""
        if not name.replace(b"_", b"").isalnum() or name.decode() in spans:
            return None
        value = (colon + 2, end)
        if raw[value[0] : value[0] + 1] != b"{" or raw[end - 1 : end] != b"}":
            return None
        spans[name.decode()] = value
        if newline < 0:
            return spans
        start = newline + 1
