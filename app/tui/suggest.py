"""What the app needs of a suggestion, and where suggestions come from (the rules, off the UI thread)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain import Ref, Snapshot


@dataclass(frozen=True, slots=True)
class Suggestion:
    say: str
    rule: str
    when: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    target: Ref | None = None
    do: str | None = None

    def explanation(self) -> dict[str, Any]:
        return {"say": self.say, "rule": self.rule, "when": self.when, "facts": self.facts, "do": self.do}


@dataclass(frozen=True, slots=True)
class Suggestions:
    items: list[Suggestion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def top(self) -> Suggestion | None:
        return self.items[0] if self.items else None


Suggester = Callable[[Snapshot], Suggestions]


def no_suggestions(_: Snapshot) -> Suggestions:
    return Suggestions()


def copy_for_worker(snapshot: Snapshot) -> Snapshot:
    """A shallow copy a worker thread can read while the UI thread writes (records are replaced, not
    changed, so copying the tables is enough)."""
    return Snapshot(
        dict(snapshot.phases),
        dict(snapshot.papers),
        dict(snapshot.builds),
        dict(snapshot.entries),
        dict(snapshot.snoozes),
        snapshot.version,
    )
