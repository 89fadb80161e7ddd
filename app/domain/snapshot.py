"""A consistent, in-memory view of the whole journal, as the store last read or wrote it."""

from __future__ import annotations

from .ids import Kind, Ref
from .model import Build, Entry, Paper, Phase, Record, Snooze


class Snapshot:
    """Records by number, in insertion order. Treat as read-only: the store owns it."""

    __slots__ = ("builds", "entries", "papers", "phases", "snoozes", "version")

    def __init__(
        self,
        phases: dict[int, Phase] | None = None,
        papers: dict[int, Paper] | None = None,
        builds: dict[int, Build] | None = None,
        entries: dict[int, Entry] | None = None,
        snoozes: dict[int, Snooze] | None = None,
        version: int = 0,
    ) -> None:
        self.phases: dict[int, Phase] = {} if phases is None else phases
        self.papers: dict[int, Paper] = {} if papers is None else papers
        self.builds: dict[int, Build] = {} if builds is None else builds
        self.entries: dict[int, Entry] = {} if entries is None else entries
        self.snoozes: dict[int, Snooze] = {} if snoozes is None else snoozes
        # Bumped on every change the store sees, its own or another process's: a cheap "did it change?".
        self.version = version

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(getattr(self, name))}" for name in self.__slots__[:-1])
        return f"Snapshot({sizes}, version={self.version})"

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
