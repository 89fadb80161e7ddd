"""Short, typeable identifiers: p12 (paper), b3 (build), e40 (entry), ph2 (phase), s5 (snooze)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from .errors import UserError


class Kind(StrEnum):
    PHASE = "phase"
    PAPER = "paper"
    BUILD = "build"
    ENTRY = "entry"
    SNOOZE = "snooze"

    @property
    def prefix(self) -> str:
        return _PREFIX[self]

    @property
    def table(self) -> str:
        return _TABLE[self]


_PREFIX = {
    Kind.PHASE: "ph",
    Kind.PAPER: "p",
    Kind.BUILD: "b",
    Kind.ENTRY: "e",
    Kind.SNOOZE: "s",
}
_TABLE = {
    Kind.PHASE: "phases",
    Kind.PAPER: "papers",
    Kind.BUILD: "builds",
    Kind.ENTRY: "entries",
    Kind.SNOOZE: "snoozes",
}
_BY_PREFIX = {prefix: kind for kind, prefix in _PREFIX.items()}
_PATTERN = re.compile(r"^\s*(ph|p|b|e|s)?#?(\d{1,9})\s*$", re.IGNORECASE)


class InvalidId(UserError):
    """Raised with a sentence a user can act on."""


class Ref(NamedTuple):
    """A record's kind and number. A NamedTuple, not a dataclass: defining a frozen, ordered
    dataclass costs over a millisecond at every start, and this is imported by every command."""

    kind: Kind
    number: int

    def __str__(self) -> str:
        return f"{self.kind.prefix}{self.number}"


def format_id(kind: Kind, number: int) -> str:
    return f"{kind.prefix}{number}"


def parse_ref(text: str, implied: Kind | None = None) -> Ref:
    """Parse `p12`, `B3`, `ph2`; a bare number is accepted where the kind is implied."""
    match = _PATTERN.match(str(text))
    if not match:
        raise InvalidId(f"“{text}” is not an id: use p12, b3, e40 or ph2.")
    prefix, digits = match.groups()
    if prefix is None:
        if implied is None:
            raise InvalidId(f"“{text}” needs a prefix here: p (paper), b (build), e (entry), ph (phase).")
        kind = implied
    else:
        kind = _BY_PREFIX[prefix.lower()]
        if implied is not None and kind is not implied:
            raise InvalidId(f"“{text}” is a {kind.value} id, but a {implied.value} id is needed here.")
    number = int(digits)
    if number < 1:
        raise InvalidId(f"“{text}” is not an id: numbers start at 1.")
    return Ref(kind, number)
