"""A consistent, in-memory view of the whole journal, as the store last read or wrote it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .ids import Kind, Ref
from .model import Build, Entry, Paper, Phase, Record, Snooze


@dataclass(slots=True)
class Snapshot:
    """Records by number, in insertion order. Treat as read-only: the store owns it."""

    phases: dict[int, Phase] = field(default_factory=dict)
    papers: dict[int, Paper] = field(default_factory=dict)
    builds: dict[int, Build] = field(default_factory=dict)
    entries: dict[int, Entry] = field(default_factory=dict)
    snoozes: dict[int, Snooze] = field(default_factory=dict)
    # Bumped on every change the store sees, its own or another process's: a cheap "did it change?".
    version: int = 0

    def table(self, kind: Kind) -> dict[int, Record]:
        return getattr(self, kind.table)

    def get(self, ref: Ref) -> Record | None:
        return self.table(ref.kind).get(ref.number)

    def current_phase(self) -> Phase | None:
        for phase in reversed(self.phases.values()):
            if phase.ended is None:
                return phase
        return None

    def record_count(self) -> int:
        return len(self.phases) + len(self.papers) + len(self.builds) + len(self.entries)
