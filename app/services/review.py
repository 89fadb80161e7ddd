"""Reviews: what a phase produced (shown when it closes, stored in Phase.summary) beside the earlier
phases of its kind, and the weekly walk through the open loops, each with its age, what became of it
(a suggestion, snoozed, or waiting for its phase) and the command that closes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from dualtui.domain import Build, Entry, EntryKind, Paper, Phase, Ref, Snapshot, WriteupState
from dualtui.domain.dates import age_text
from dualtui.domain.links import LinkIndex, OpenLoop, has_question, index_links, open_loops, untested_claims
from dualtui.domain.phases import balance, during
from dualtui.domain.text import plural
from dualtui.rules.engine import Rule, RuleSet, evaluate, make_suggestion
from dualtui.rules.facts import Context

from .stats import phase_counts

if TYPE_CHECKING:
    from .suggestions import SuggestionService

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


# --- the same kind of phase, before ------------------------------------------------------------


class PhaseFigures(NamedTuple):
    """A phase, how many days it ran (so far, for the open one), and what it produced."""

    phase: Phase
    days: int
    counts: dict[str, int]


def comparison_lines(figures: list[PhaseFigures]) -> list[str]:
    """The phase beside the earlier phases of its kind, a line each, as the CLI and the app show them."""
    phase = figures[0].phase
    if len(figures) == 1:
        return [f"the first {phase.kind.value} phase: nothing to compare it with yet"]
    lines = [f"beside the earlier {phase.kind.value} phases   days   read  shipped  written up  logged"]
    for each in figures:
        name = f"{each.phase.ref} (this one)" if each.phase is phase else str(each.phase.ref)
        made = each.counts
        lines.append(
            f"  {name:<33}{each.days:>5}  {made['papers_read']:>5}  {made['builds_shipped']:>7}"
            f"  {made['writeups_done']:>10}  {made['entries']:>6}"
        )
    return lines


def same_kind_phases(
    snapshot: Snapshot, phase: Phase, today: date, links: LinkIndex | None = None
) -> list[PhaseFigures]:
    """The phase, then every earlier phase of its kind, most recent first: is the practice getting
    better at this kind of phase? The figures are services/stats.py's, as everywhere else."""
    links = links or index_links(snapshot)
    earlier = sorted(
        (p for p in snapshot.phases.values() if p.kind is phase.kind and p.started < phase.started),
        key=lambda p: (p.started, p.id),
        reverse=True,
    )
    figures = []
    for each in (phase, *earlier):
        end = each.ended.date() if each.ended else today
        days = max((end - each.started.date()).days, 0) + 1
        figures.append(PhaseFigures(each, days, phase_counts(snapshot, each, links)))
    return figures


# --- weekly review ----------------------------------------------------------------------------


class LoopState(StrEnum):
    OPEN = "open"  # a suggestion: `next --all` lists it
    SNOOZED = "snoozed"  # until a day
    HELD = "held"  # its rule waits for a phase of another kind


@dataclass(frozen=True, slots=True)
class LoopItem:
    """One open loop: an item a loop rule fires on today, phases and snoozes aside."""

    rule: str
    loop: str
    key: str
    ref: Ref | None
    title: str
    age_days: int
    action: str | None  # the rule's `do`
    hint: str  # the command that closes it
    message: str
    score: float
    state: LoopState
    until: date | None = None  # SNOOZED: the first day it shows again
    waits_for: tuple[str, ...] = ()  # HELD: the phase kinds its rule runs in

    def state_text(self) -> str:
        if self.state is LoopState.SNOOZED:
            return f"snoozed until {self.until:%Y-%m-%d}"
        if self.state is LoopState.HELD:
            kinds = " or ".join(k for k in self.waits_for if k != "none") or "no"
            return f"waits for a {kinds} phase"
        return ""


@dataclass(slots=True)
class WeeklyReview:
    today: date
    groups: dict[str, list[LoopItem]]
    week: dict[str, int]
    dismissed: int = 0

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.groups.values())

    @property
    def items(self) -> list[LoopItem]:
        return [item for items in self.groups.values() for item in items]

    def as_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "last_7_days": dict(self.week),
            "open_loops": [
                {"label": label, "rule": items[0].rule, "items": [_item_json(i) for i in items]}
                for label, items in self.groups.items()
            ],
            "dismissed": self.dismissed,
        }

    def lines(self) -> list[str]:
        week = self.week
        out = [
            f"Weekly review, {self.today:%Y-%m-%d}",
            f"last 7 days: {plural(week['entries'], 'entry', 'entries')} logged, "
            f"{plural(week['papers_read'], 'paper')} read, "
            f"{plural(week['builds_shipped'], 'build')} shipped, "
            f"{plural(week['writeups_done'], 'write-up')} done",
            "",
        ]
        if not self.total:
            out.append("No open loops: every paper read has a build, every shipped build a write-up.")
        else:
            out.append(f"{plural(self.total, 'open loop')}, oldest first in each group:")
            for label, items in self.groups.items():
                out += ["", f"{label} ({len(items)})"]
                for item in items:
                    state = f"  [{item.state_text()}]" if item.state is not LoopState.OPEN else ""
                    out.append(f"  {_target(item):<6} {age_text(item.age_days):>5}  {item.title}{state}")
                    out.append(f"         → {item.hint}")
        if self.dismissed:
            out += ["", f"{self.dismissed} dismissed for good (`dualtui snooze KEY --off` brings one back)."]
        return out


def weekly_review(suggestions: SuggestionService) -> WeeklyReview:
    """The weekly review of the journal today, by the service's rules."""
    return review_loops(suggestions.rules, suggestions.snapshot(), suggestions.clock.today())


def review_loops(
    rules: RuleSet, snapshot: Snapshot, today: date, links: LinkIndex | None = None
) -> WeeklyReview:
    """Every open loop, from the one source `next` reads too: each item a loop rule (a rule with
    `loop:`) fires on today, whatever the phase and the snoozes, with what became of it: a
    suggestion, snoozed until a day, or waiting for its phase. Dismissed ones are only counted.
    `links`: the snapshot's link index, when the caller has one."""
    evaluation = evaluate(rules, snapshot, today, respect_snoozes=False, respect_phases=False, links=links)
    phase_kind = evaluation.context.phase_kind()
    # The service and the merge keep one snooze per loop, but a hand-edited journal may hold two; `next`
    # hides the loop while either lasts, so the review names the one that lasts longest.
    active = sorted(
        (s for s in snapshot.snoozes.values() if s.active_on(today)),
        key=lambda s: (s.until is None, s.until or today),
    )
    snoozes = {(s.rule, s.target): s for s in active}
    groups: dict[str, list[LoopItem]] = {}
    dismissed = 0
    for hits in sorted(evaluation.hits, key=lambda h: -h.rule.weight):
        rule = hits.rule
        if not rule.loop:
            continue
        for record, margin in hits.found:
            suggestion = make_suggestion(rule, record, margin, evaluation.context)
            snooze = snoozes.get((rule.id, "" if record is None else str(record.ref)))
            if snooze is not None and snooze.until is None:
                dismissed += 1
                continue
            if not rule.applies_in(phase_kind):
                state, until = LoopState.HELD, None
            elif snooze is not None:
                state, until = LoopState.SNOOZED, snooze.until
            else:
                state, until = LoopState.OPEN, None
            groups.setdefault(rule.loop, []).append(
                LoopItem(
                    rule=rule.id,
                    loop=rule.loop,
                    key=suggestion.key,
                    ref=suggestion.target,
                    title=_title(record),
                    age_days=_age(rule, record, margin, today),
                    action=rule.do,
                    hint=close_hint(evaluation.context, rule.do, record),
                    message=suggestion.message,
                    score=suggestion.score,
                    state=state,
                    until=until,
                    waits_for=tuple(sorted(rule.phases)) if state is LoopState.HELD else (),
                )
            )
    for items in groups.values():
        items.sort(key=lambda i: (-i.age_days, 0 if i.ref is None else i.ref.number))
    return WeeklyReview(today, groups, _last_week(snapshot, today), dismissed)


def _item_json(item: LoopItem) -> dict[str, Any]:
    return {
        "id": None if item.ref is None else str(item.ref),
        "key": item.key,
        "title": item.title,
        "age_days": item.age_days,
        "do": item.action,
        "action": item.hint,
        "message": item.message,
        "state": item.state.value,
        "until": None if item.until is None else item.until.isoformat(),
    }


def _target(item: LoopItem) -> str:
    return "" if item.ref is None else str(item.ref)


def _title(record: Any) -> str:
    if isinstance(record, Entry):
        return record.text
    return getattr(record, "title", "") or getattr(record, "goal", "")


def _age(rule: Rule, record: Any, margin: float, today: date) -> int:
    """How long the loop has been open: the value of the rule's day threshold (a paper read 55 days
    ago), else the item's own age."""
    above = [limit for _, limit, is_above in rule.thresholds if is_above]
    if above and margin == margin:
        return int(margin + min(above))
    since = _loop_since(record)
    return (today - since.date()).days if since else 0


def _loop_since(record: Any) -> datetime | None:
    if isinstance(record, Paper):
        return record.finished or record.added
    if isinstance(record, Build):
        return record.shipped or record.started or record.added
    if isinstance(record, Entry):
        return record.at
    return None


def close_hint(context: Context, action: str | None, record: Any) -> str:
    """The command that closes a loop, for the review's readers at a prompt."""
    ref = "" if record is None else str(record.ref)
    if action == "build-from-paper":
        return f"build it for real: dualtui add build --from {ref} --data-source ... --users ..."
    if action == "write-up":
        if isinstance(record, Build) and record.writeup is WriteupState.DRAFT:
            return f"finish {record.writeup_path}, then: dualtui writeup {ref} --done"
        return f"draft its paper: dualtui writeup {ref}"
    if action == "ask-question":
        return f'ask what research would explain it: dualtui log question "..." --answers {ref}'
    if action == "apply-insight":
        return f"apply it: dualtui add build --from {ref}, or dualtui link {ref} b3"
    if action == "address-question":
        return f"dualtui add paper TITLE --for {ref} (research), or dualtui link {ref} b3 (an experiment)"
    if action == "answer-question":
        return f'log what you learned: dualtui log insight "..." --answers {ref}'
    if action == "test-claim" and isinstance(record, Build):
        untested = untested_claims(context.snapshot, context.links, record)
        if untested:
            paper, number = untested[0]
            return (
                f'dualtui log validated "..." --paper {paper.ref} --claim {number} --build {ref} (or refuted)'
            )
    if action == "describe-build":
        return f"name what makes it real: dualtui edit {ref} --set data_source=... --set users=..."
    if action == "add-paper" and isinstance(record, Build):
        questions = context.build_open_questions(record)
        if questions:
            return f"find research for {questions[0]}: dualtui add paper TITLE --for {questions[0]}"
        return f'find research for it: dualtui add paper TITLE; or log: dualtui log note "..." --build {ref}'
    return f"dualtui why {ref or action}"


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
