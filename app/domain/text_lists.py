"""The one way a list (authors, tags, claims) is written as text, in `dualtui edit --set` and in the
app's forms: items separated by `;`, a `;` inside an item written twice.

    Doe, Jane; Roe, Rick        -> ["Doe, Jane", "Roe, Rick"]
    a;; b; c                    -> ["a; b", "c"]

Spaces around an item are not part of it and empty items are dropped, as the journal keeps them, so
every list the journal holds reads back from its text exactly.
"""

from __future__ import annotations

import re

SEPARATOR = ";"
# A doubled separator is part of an item; a single one ends it. Scanned left to right, so `;;;` is
# a `;` ending an item and then a separator.
_PIECE = re.compile(r";;|;|[^;]+")


def join_items(items: list[str]) -> str:
    return "; ".join(item.replace(SEPARATOR, SEPARATOR * 2) for item in items)


def split_items(text: str) -> list[str]:
    items: list[str] = []
    current: list[str] = []
    for piece in _PIECE.findall(text):
        if piece == SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(SEPARATOR if piece == SEPARATOR * 2 else piece)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]
