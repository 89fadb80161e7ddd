"""What an import reports, and the error that stops one: the types shared by `transfer` (which runs
an import) and the readers it calls (`bibtex`, `dump`), kept here so the readers need not import the
module that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dualtui.domain import Ref, UserError


class TransferError(UserError):
    """An import or export that cannot go ahead; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Added:
    line: int
    ref: Ref
    title: str


@dataclass(frozen=True, slots=True)
class Skipped:
    line: int
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    line: int
    key: str
    reason: str


@dataclass(slots=True)
class ImportReport:
    source: Path
    added: list[Added] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    restored: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "dry_run": self.dry_run,
            "added": [{"line": a.line, "id": str(a.ref), "title": a.title} for a in self.added],
            "skipped": [{"line": s.line, "title": s.title, "reason": s.reason} for s in self.skipped],
            "unreadable": [{"line": u.line, "key": u.key, "reason": u.reason} for u in self.unreadable],
            "restored": dict(self.restored),
        }
