"""Reviews: what a phase produced (shown when it closes, stored in Phase.summary), and the weekly walk
through the open loops, each with its age and the action that closes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dualtui.domain import Build, Entry, EntryKind, Paper, Phase, Ref, Snapshot, WriteupState
from dualtui.domain.dates import age_text
from dualtui.domain.links import LinkIndex, LoopKind, OpenLoop, has_question, index_links, open_loops
from dualtui.domain.phases import balance, during

from .stats import phase_counts

# --- phase summary ----------------------------------------------------------------------------


@dataclass(slots=True)
class PhaseSummary:
    """What a phase produced between its start and its end (or now), item by item.

    `counts` is what Phase.summary stores (the keys of dualtui.domain.phases.Balance); `figures` are
    the phase's counts as the insights show them (dualtui.services.stats.COUNTS)."""

    phase: Phase
    counts: dict[str, int]
    figures: dict[str, int] = field(default_factory=dict)
    papers_read: list[Paper] = field(default_factory=list)
    builds_shipped: list[Build] = field(default_factory=list)
    writeups_done: list[Build] = field(default_factory=list)
    failures_questioned: list[Entry] = field(default_factory=list)
    open_loops: list[OpenLoop] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Short lines for the phase-switch form and the CLI."""
        out = [
            f"{self.phase.ref} {self.phase.kind.value}, {self.phase.started:%Y-%m-%d} → "
            + (f"{self.phase.ended:%Y-%m-%d}" if self.phase.ended else "now")
        ]
        for label, items in (
            ("papers read", [str(p.ref) for p in self.papers_read]),
            ("builds shipped", [str(b.ref) for b in self.builds_shipped]),
            ("write-ups done", [str(b.ref) for b in self.writeups_done]),
            ("failures turned into questions", [str(e.ref) for e in self.failures_questioned]),
        ):
            out.append(f"{label}: {len(items)}" + (f" ({', '.join(items)})" if items else ""))
        figures = self.figures
        out.append(
            f"questions answered: {figures['questions_answered']}; claims validated: "
            f"{figures['claims_validated']}, refuted: {figures['claims_refuted']}"
        )
        out.append(f"open loops left: {len(self.open_loops)}")
        return out


def phase_summary(snapshot: Snapshot, phase: Phase, links: LinkIndex | None = None) -> PhaseSummary:
    """The phase's produce, item by item (an open phase: so far)."""
    links = links or index_links(snapshot)

    failures = [e for e in snapshot.entries.values() if e.kind is EntryKind.FAILURE and during(e.at, phase)]
    return PhaseSummary(
        phase=phase,
        counts=balance(snapshot, phase, links).as_dict(),
        figures=phase_counts(snapshot, phase, links),
        papers_read=[p for p in snapshot.papers.values() if during(p.finished, phase)],
        builds_shipped=[b for b in snapshot.builds.values() if during(b.shipped, phase)],
        writeups_done=[
            b
            for b in snapshot.builds.values()
            if b.writeup is WriteupState.DONE and during(b.writeup_changed, phase)
        ],
        failures_questioned=[e for e in failures if has_question(snapshot, links, e.id)],
        open_loops=open_loops(snapshot, links),
    )


# --- weekly review ----------------------------------------------------------------------------

LOOP_ORDER = (
    LoopKind.FAILURE_WITHOUT_QUESTION,
    LoopKind.PAPER_WITHOUT_BUILD,
    LoopKind.BUILD_WITHOUT_WRITEUP,
    LoopKind.INSIGHT_NOT_APPLIED,
)


@dataclass(frozen=True, slots=True)
class LoopItem:
    ref: Ref
    title: str
    age_days: int
    action: str


@dataclass(slots=True)
class WeeklyReview:
    today: date
    groups: dict[LoopKind, list[LoopItem]]
    week: dict[str, int]

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.groups.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "last_7_days": dict(self.week),
            "open_loops": [
                {
                    "kind": kind.name.lower(),
                    "label": kind.value,
                    "items": [
                        {"id": str(i.ref), "title": i.title, "age_days": i.age_days, "action": i.action}
                        for i in items
                    ],
                }
                for kind, items in self.groups.items()
            ],
        }

    def lines(self) -> list[str]:
        week = self.week
        out = [
            f"Weekly review, {self.today:%Y-%m-%d}",
            f"last 7 days: {week['entries']} entries logged, {week['papers_read']} papers read, "
            f"{week['builds_shipped']} builds shipped, {week['writeups_done']} write-ups done",
            "",
        ]
        if not self.total:
            return [*out, "No open loops: every paper read has a build, every shipped build a write-up."]
        out.append(f"{self.total} open loops, oldest first in each group:")
        for kind, items in self.groups.items():
            out += ["", f"{kind.value} ({len(items)})"]
            for item in items:
                out.append(f"  {item.ref!s:<6} {age_text(item.age_days):>5}  {item.title}")
                out.append(f"         → {item.action}")
        return out


def weekly_review(snapshot: Snapshot, today: date) -> WeeklyReview:
    links = index_links(snapshot)
    groups: dict[LoopKind, list[LoopItem]] = {kind: [] for kind in LOOP_ORDER}
    for loop in open_loops(snapshot, links):
        record = snapshot.get(loop.ref)
        since = _loop_since(record)
        age = (today - since.date()).days if since else 0
        groups[loop.kind].append(LoopItem(loop.ref, loop.title, age, _action(loop, record)))
    for items in groups.values():
        items.sort(key=lambda i: (-i.age_days, i.ref))
    return WeeklyReview(today, {k: v for k, v in groups.items() if v}, _last_week(snapshot, today))


def _loop_since(record: Any) -> datetime | None:
    if isinstance(record, Paper):
        return record.finished or record.added
    if isinstance(record, Build):
        return record.shipped or record.added
    if isinstance(record, Entry):
        return record.at
    return None


def _action(loop: OpenLoop, record: Any) -> str:
    ref = loop.ref
    if loop.kind is LoopKind.PAPER_WITHOUT_BUILD:
        return f"build it for real: dualtui add build --from {ref} --data-source ... --users ..."
    if loop.kind is LoopKind.BUILD_WITHOUT_WRITEUP:
        if isinstance(record, Build) and record.writeup is WriteupState.DRAFT:
            return f"finish {record.writeup_path}, then: dualtui writeup {ref} --done"
        return f"draft its paper: dualtui writeup {ref}"
    if loop.kind is LoopKind.FAILURE_WITHOUT_QUESTION:
        return f'ask what research would explain it: dualtui log question "..." --answers {ref}'
    return f"apply it: dualtui add build --from {ref}"


def _last_week(snapshot: Snapshot, today: date) -> dict[str, int]:
    def recent(moment: datetime | None) -> bool:
        return moment is not None and 0 <= (today - moment.date()).days < 7

    return {
        "entries": sum(recent(e.at) for e in snapshot.entries.values()),
        "papers_read": sum(recent(p.finished) for p in snapshot.papers.values()),
        "builds_shipped": sum(recent(b.shipped) for b in snapshot.builds.values()),
        "writeups_done": sum(
            b.writeup is WriteupState.DONE and recent(b.writeup_changed) for b in snapshot.builds.values()
        ),
        "questions": sum(recent(e.at) and e.kind is EntryKind.QUESTION for e in snapshot.entries.values()),
    }
