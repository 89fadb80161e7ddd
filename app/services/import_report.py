"""What an import reports, and the error that stops one: the types shared by `transfer` (which runs
an import) and the readers it calls (`bibtex`, `dump`), kept here so the readers need not import the
module that imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dualtui.domain import Ref, UserError

# Told (what the import is doing, how much of the whole import is done: 0 to 1) as it goes, for a
# progress bar.
Progress = Callable[[str, float], None]


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a .bib import as its span of the progress bar: the spans are the stages' measured
    shares of the time of a whole import (the benchmark's 5,000 entries, medians of 5 runs: reading
    42%, decoding 35%, adding 16%, saving 4%), so the bar moves evenly."""

    doing: str
    start: float
    end: float

    def tell(self, progress: Progress | None, done: float, total: float) -> None:
        if progress is not None:
            share = done / total if total else 1.0
            progress(self.doing, self.start + (self.end - self.start) * share)


READING = Stage("reading the file", 0.0, 0.4)
DECODING = Stage("decoding entries", 0.4, 0.75)
ADDING = Stage("adding papers", 0.75, 0.95)
SAVING = Stage("saving the journal", 0.95, 1.0)


class TransferError(UserError):
    """An import or export that cannot go ahead; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Added:
    """An entry imported as a paper; `notes` say what the import did to read it (a key renamed, a
    macro kept as written, a name with too many commas)."""

    line: int
    ref: Ref
    title: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry read but not imported: a duplicate (naming the paper it matched, and why) or untitled."""

    line: int
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A block that is not valid BibTeX: nothing of it was imported."""

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
    # About the whole file: the encoding it was read in when that was not UTF-8.
    warnings: list[str] = field(default_factory=list)
    # LaTeX macros kept as written (no text known for them), with the number of entries that hold each.
    unknown_macros: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "dry_run": self.dry_run,
            "warnings": list(self.warnings),
            "added": [
                {"line": a.line, "id": str(a.ref), "title": a.title, "notes": list(a.notes)}
                for a in self.added
            ],
            "skipped": [{"line": s.line, "title": s.title, "reason": s.reason} for s in self.skipped],
            "unreadable": [{"line": u.line, "key": u.key, "reason": u.reason} for u in self.unreadable],
            "unknown_macros": dict(self.unknown_macros),
            "restored": dict(self.restored),
        }
