"""Where a phase stands (day N of M, days left, overdue) and what it has produced."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from .links import LinkIndex, has_question, index_links, open_loops
from .model import EntryKind, Phase, WriteupState
from .snapshot import Snapshot


class Progress(NamedTuple):
    day: int
    length: int
    days_left: int

    @property
    def fraction(self) -> float:
        return min(max(self.day / self.length, 0.0), 1.0)

    @property
    def overdue(self) -> int:
        return max(-self.days_left, 0)

    @property
    def starts_in(self) -> int:
        """Days until a phase dated in the future starts (0 once it has)."""
        return max(1 - self.day, 0)

    def day_text(self) -> str:
        """`day 34 of 92`, or `starts in 12 days (92 planned)` for a phase dated in the future."""
        if self.starts_in:
            days = "tomorrow" if self.starts_in == 1 else f"in {self.starts_in:,} days"
            return f"starts {days} ({self.length} planned)"
        return f"day {self.day} of {self.length}"


def progress(phase: Phase, today: date) -> Progress:
    start = phase.started.date()
    length = max((phase.planned_end - start).days, 1)
    return Progress(day=(today - start).days + 1, length=length, days_left=(phase.planned_end - today).days)


class Output(NamedTuple):
    """What a phase produced, counted cheaply (one pass over each table, no loop analysis)."""

    papers_read: int
    builds_shipped: int
    writeups_done: int
    entries: int


def output(snapshot: Snapshot, phase: Phase) -> Output:
    return Output(
        papers_read=sum(during(p.finished, phase) for p in snapshot.papers.values()),
        builds_shipped=sum(during(b.shipped, phase) for b in snapshot.builds.values()),
        writeups_done=sum(
            b.writeup is WriteupState.DONE and during(b.writeup_changed, phase)
            for b in snapshot.builds.values()
        ),
        entries=sum(during(e.at, phase) for e in snapshot.entries.values()),
    )


class Balance(NamedTuple):
    """What a phase produced between its start and its end (or now), and the loops it left open."""

    papers_read: int
    builds_shipped: int
    writeups_done: int
    entries: int
    failures: int
    failures_questioned: int
    open_loops: int

    def as_dict(self) -> dict[str, int]:
        return self._asdict()


def balance(snapshot: Snapshot, phase: Phase, links: LinkIndex | None = None) -> Balance:
    links = links or index_links(snapshot)
    failures = [e for e in snapshot.entries.values() if e.kind is EntryKind.FAILURE and during(e.at, phase)]
    made = output(snapshot, phase)
    return Balance(
        made.papers_read,
        made.builds_shipped,
        made.writeups_done,
        made.entries,
        failures=len(failures),
        failures_questioned=sum(has_question(snapshot, links, e.id) for e in failures),
        open_loops=len(open_loops(snapshot, links)),
    )


def during(moment: datetime | None, phase: Phase) -> bool:
    """Whether a record's moment falls in the phase (an open phase runs on, into the future)."""
    return moment is not None and moment >= phase.started and (phase.ended is None or moment <= phase.ended)
