"""The figures of the practice across phases: what each phase produced, how long its loops take to
close, a year of activity, and the current phase against the earlier ones of its kind.

One definition. `dualtui stats`, the insights screen, the phase pane's dashboard and the phase
switch's review all read these figures. Each count is made of one moment per record (`_moments`),
and a moment belongs to a phase as `domain.phases.during` says: from its start to its end, both
included (an open phase runs on). The moments are sorted once, so a phase's count is two bisections,
and the whole journal is walked once however many phases there are.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from concurrent.futures import Future
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any, NamedTuple

from dualtui.domain import EntryKind, Phase, Ref, Snapshot, WriteupState
from dualtui.domain.links import LinkIndex, index_links, open_loops

from .board import Dashboard

# What a phase produced, in the order every report shows it: (name, what people read).
COUNTS: tuple[tuple[str, str], ...] = (
    ("papers_read", "papers read"),
    ("builds_shipped", "builds shipped"),
    ("writeups_done", "write-ups done"),
    ("failures", "failures logged"),
    ("failures_questioned", "failures turned into questions"),
    ("questions_answered", "questions answered"),
    ("claims_validated", "claims validated"),
    ("claims_refuted", "claims refuted"),
    ("entries", "entries logged"),
)
COUNT_NAMES = tuple(name for name, _ in COUNTS)
# The loops of the practice, each from the moment it opens to the moment it closes.
CYCLES: tuple[tuple[str, str], ...] = (
    ("read_to_build", "paper read → build started"),
    ("build_to_ship", "build started → shipped"),
    ("ship_to_writeup", "shipped → write-up done"),
    ("failure_to_question", "failure → research question"),
    ("question_to_answer", "question → answer"),
)
CYCLE_NAMES = tuple(name for name, _ in CYCLES)
# `dualtui stats --json` holds exactly these (its shape is documented in the README).
JSON_COUNTS = COUNT_NAMES[:6]
JSON_CYCLES = CYCLE_NAMES[:4]
WEEKS = 52


class Cycle(NamedTuple):
    """One loop: what opened it (a paper read, a build started…), when, and when it closed."""

    name: str
    ref: Ref
    title: str
    opened: datetime
    closed: datetime | None

    def days(self, today: date) -> int:
        """Whole days from open to close (or to today, while open); never less than 0."""
        end = self.closed.date() if self.closed is not None else today
        return max((end - self.opened.date()).days, 0)


class CycleFigures(NamedTuple):
    """One kind of loop over a span: the median days of those that closed in it, and the slowest of
    those opened in it that are still open."""

    median_days: float | None
    closed: int
    open: int
    slowest_open: Cycle | None
    slowest_days: int | None


class PhaseFigures(NamedTuple):
    """One phase: its counts, ratios and cycle times."""

    phase: Phase
    counts: dict[str, int]
    cycles: dict[str, CycleFigures]

    @property
    def builds_per_paper(self) -> float | None:
        return ratio(self.counts["builds_shipped"], self.counts["papers_read"])

    @property
    def writeups_per_build(self) -> float | None:
        return ratio(self.counts["writeups_done"], self.counts["builds_shipped"])


class Day(NamedTuple):
    """What was done on one day: entries logged, papers read, builds started or shipped."""

    day: date
    logged: int
    read: int
    built: int
    phase: Phase | None

    @property
    def total(self) -> int:
        return self.logged + self.read + self.built


class Trend(NamedTuple):
    """A count of the current phase against the earlier phases of its kind at the same day of theirs."""

    name: str
    label: str
    now: int
    earlier: list[int]

    @property
    def earlier_median(self) -> float | None:
        return median(self.earlier) if self.earlier else None

    @property
    def direction(self) -> str:
        """`up`, `down` or `even` against the earlier median; `new` when there is nothing to compare."""
        before = self.earlier_median
        if before is None:
            return "new"
        return "up" if self.now > before else "down" if self.now < before else "even"


class Insights:
    """Every figure of the journal on one day."""

    __slots__ = ("activity", "cycles", "phases", "today", "totals", "trend_day", "trends")

    def __init__(
        self,
        today: date,
        phases: list[PhaseFigures],
        totals: dict[str, int],
        cycles: dict[str, CycleFigures],
        activity: list[Day],
        trends: list[Trend],
        trend_day: int,
    ) -> None:
        self.today = today
        self.phases = phases
        self.totals = totals
        self.cycles = cycles
        self.activity = activity
        self.trends = trends
        self.trend_day = trend_day

    @property
    def builds_per_paper(self) -> float | None:
        return ratio(self.totals["builds_shipped"], self.totals["papers_read"])

    @property
    def writeups_per_build(self) -> float | None:
        return ratio(self.totals["writeups_done"], self.totals["builds_shipped"])

    @property
    def current(self) -> PhaseFigures | None:
        return self.phases[-1] if self.phases and self.phases[-1].phase.is_open else None

    def as_json(self) -> dict[str, Any]:
        """The stable shape of `dualtui stats --json`."""
        return {
            "phases": [
                {
                    "id": str(figures.phase.ref),
                    "kind": figures.phase.kind.value,
                    "started": figures.phase.started.isoformat(),
                    "ended": figures.phase.ended.isoformat() if figures.phase.ended else None,
                    **{name: figures.counts[name] for name in JSON_COUNTS},
                }
                for figures in self.phases
            ],
            "cycle_days": {name: _number(self.cycles[name].median_days) for name in JSON_CYCLES},
        }


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


# --- making the figures --------------------------------------------------------------------------


class _Journal:
    """The journal's moments, sorted, and its loops, made in one walk over the records."""

    def __init__(self, snapshot: Snapshot, links: LinkIndex) -> None:
        moments: dict[str, list[datetime]] = {name: [] for name in COUNT_NAMES}
        entries = snapshot.entries
        first_followup: dict[int, datetime] = {}
        first_question: dict[int, datetime] = {}
        for number, followers in links.followups.items():
            times = [(e.at, e.kind) for f in followers if (e := entries.get(f)) is not None]
            if times:
                first_followup[number] = min(at for at, _ in times)
            questions = [at for at, kind in times if kind is EntryKind.QUESTION]
            if questions:
                first_question[number] = min(questions)
        cycles: dict[str, list[Cycle]] = {name: [] for name in CYCLE_NAMES}
        build_starts: dict[int, datetime] = {}
        for build in snapshot.builds.values():
            if build.started is not None:
                cycles["build_to_ship"].append(
                    Cycle("build_to_ship", build.ref, build.title, build.started, build.shipped)
                )
                for paper_id in build.paper_ids:
                    earlier = build_starts.get(paper_id)
                    if earlier is None or build.started < earlier:
                        build_starts[paper_id] = build.started
            if build.shipped is not None:
                moments["builds_shipped"].append(build.shipped)
                done = build.writeup_changed if build.writeup is WriteupState.DONE else None
                cycles["ship_to_writeup"].append(
                    Cycle("ship_to_writeup", build.ref, build.title, build.shipped, done)
                )
            if build.writeup is WriteupState.DONE and build.writeup_changed is not None:
                moments["writeups_done"].append(build.writeup_changed)
        for paper in snapshot.papers.values():
            if paper.finished is not None:
                moments["papers_read"].append(paper.finished)
                cycles["read_to_build"].append(
                    Cycle("read_to_build", paper.ref, paper.title, paper.finished, build_starts.get(paper.id))
                )
        kind_counts = {
            EntryKind.VALIDATED: moments["claims_validated"],
            EntryKind.REFUTED: moments["claims_refuted"],
            EntryKind.FAILURE: moments["failures"],
        }
        logged = moments["entries"]
        for entry in entries.values():
            logged.append(entry.at)
            kind = entry.kind
            same_kind = kind_counts.get(kind)
            if same_kind is not None:
                same_kind.append(entry.at)
            if kind is EntryKind.FAILURE:
                asked = first_question.get(entry.id)
                if asked is not None:
                    moments["failures_questioned"].append(entry.at)
                cycles["failure_to_question"].append(
                    Cycle("failure_to_question", entry.ref, entry.text, entry.at, asked)
                )
            elif kind is EntryKind.QUESTION:
                answered = first_followup.get(entry.id)
                if answered is not None:
                    moments["questions_answered"].append(answered)
                cycles["question_to_answer"].append(
                    Cycle("question_to_answer", entry.ref, entry.text, entry.at, answered)
                )
        for times in moments.values():
            times.sort()
        self.moments = moments
        # Closed loops by the moment they closed, open ones by the moment they opened.
        self.closed = {
            name: sorted((c for c in found if c.closed is not None), key=lambda c: c.closed)  # type: ignore[arg-type,return-value]
            for name, found in cycles.items()
        }
        self.open = {
            name: sorted((c for c in found if c.closed is None), key=lambda c: c.opened)
            for name, found in cycles.items()
        }
        self._closed_at = {name: [c.closed for c in found] for name, found in self.closed.items()}
        self._opened_at = {name: [c.opened for c in found] for name, found in self.open.items()}
        # A closed loop's days do not depend on today: worked out once, not once per phase.
        self._closed_days = {
            name: [max((c.closed.date() - c.opened.date()).days, 0) for c in found]  # type: ignore[union-attr]
            for name, found in self.closed.items()
        }

    def counts(self, start: datetime | None, end: datetime | None) -> dict[str, int]:
        """Each count from `start` to `end`, both included (None: without that bound)."""
        return {name: _between(times, start, end) for name, times in self.moments.items()}

    def cycles(self, start: datetime | None, end: datetime | None, today: date) -> dict[str, CycleFigures]:
        figures = {}
        for name in CYCLE_NAMES:
            low, high = _bounds(self._closed_at[name], start, end)
            closed_days = self._closed_days[name][low:high]
            low, high = _bounds(self._opened_at[name], start, end)
            still_open = self.open[name][low:high]
            slowest = still_open[0] if still_open else None  # the earliest opened is the oldest
            figures[name] = CycleFigures(
                median_days=median(closed_days) if closed_days else None,
                closed=len(closed_days),
                open=len(still_open),
                slowest_open=slowest,
                slowest_days=slowest.days(today) if slowest is not None else None,
            )
        return figures


class _LastWalk:
    """The walk of the latest version of the journal, kept: the phase pane's dashboard (worked out
    beside the suggestions) and the insights screen read the same version, and at 100,000 records a
    walk is most of what opening the insights costs. A version is known by its link index, made once
    from it and never changed, with its number. A walk still being made is waited for, not made again
    (the insights opened while the dashboard's walk is under way, each in a thread of its own)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: tuple[LinkIndex, int, Future[_Journal]] | None = None

    def of(self, snapshot: Snapshot, links: LinkIndex | None) -> tuple[_Journal, LinkIndex]:
        """The walk of `snapshot`, and the link index it was made with (`links`, else a new one:
        a walk made with an index no caller holds is not kept)."""
        if links is None:
            links = index_links(snapshot)
            return _Journal(snapshot, links), links
        with self._lock:
            kept = self._kept
            made_elsewhere = kept is not None and kept[0] is links and kept[1] == snapshot.version
            if kept is not None and made_elsewhere:
                walk = kept[2]
            else:
                walk = Future()
                self._kept = (links, snapshot.version, walk)
        if not made_elsewhere:
            try:
                walk.set_result(_Journal(snapshot, links))
            except BaseException as problem:
                walk.set_exception(problem)
                raise
        return walk.result(), links  # waits while another thread is still making it


_walk = _LastWalk().of


def insights(snapshot: Snapshot, today: date, links: LinkIndex | None = None) -> Insights:
    """Every figure of the journal as of `today`."""
    journal, _ = _walk(snapshot, links)
    phases = sorted(snapshot.phases.values(), key=lambda p: (p.started, p.id))
    per_phase = [
        PhaseFigures(p, journal.counts(p.started, p.ended), journal.cycles(p.started, p.ended, today))
        for p in phases
    ]
    trends, trend_day = _trends(journal, phases, today)
    return Insights(
        today=today,
        phases=per_phase,
        totals=journal.counts(None, None),
        cycles=journal.cycles(None, None, today),
        activity=_activity(journal, phases, today),
        trends=trends,
        trend_day=trend_day,
    )


def phase_counts(snapshot: Snapshot, phase: Phase, links: LinkIndex | None = None) -> dict[str, int]:
    """What one phase produced (the phase switch's review and `dualtui phase end` show it)."""
    return _walk(snapshot, links)[0].counts(phase.started, phase.ended)


def dashboard(snapshot: Snapshot, today: date, links: LinkIndex | None = None) -> Dashboard | None:
    phase = snapshot.current_phase()
    if phase is None:
        return None
    journal, links = _walk(snapshot, links)
    earlier = [p for p in snapshot.phases.values() if p.kind is phase.kind and p.started < phase.started]
    previous = max(earlier, key=lambda p: p.started) if earlier else None
    elapsed = _elapsed(phase, today)
    phases = sorted(snapshot.phases.values(), key=lambda p: (p.started, p.id))
    daily = [day.total for day in _days(journal, phases, phase.started.date(), today)]
    return Dashboard(
        counts=journal.counts(phase.started, None),
        previous=previous,
        previous_counts=_counts_by_day(journal, previous, elapsed) if previous else None,
        daily=daily,
        open_loops=Counter(loop.kind for loop in open_loops(snapshot, links)),
    )


def _trends(journal: _Journal, phases: list[Phase], today: date) -> tuple[list[Trend], int]:
    """The open phase's counts against the earlier phases of its kind, each counted up to the same
    day of its own (a phase two weeks old is compared with the first two weeks of the others)."""
    if not phases or not phases[-1].is_open:
        return [], 0
    current = phases[-1]
    elapsed = _elapsed(current, today)
    earlier = [p for p in phases[:-1] if p.kind is current.kind]
    now = journal.counts(current.started, None)
    before = [_counts_by_day(journal, p, elapsed) for p in earlier]
    trends = [Trend(name, label, now[name], [b[name] for b in before]) for name, label in COUNTS]
    return trends, elapsed.days + 1


def _elapsed(phase: Phase, today: date) -> timedelta:
    return max(today - phase.started.date(), timedelta(0))


def _counts_by_day(journal: _Journal, phase: Phase, elapsed: timedelta) -> dict[str, int]:
    # The whole of the same calendar day counts: elapsed days after its start day, to midnight.
    cutoff = datetime.combine(phase.started.date() + elapsed, datetime.max.time())
    end = cutoff if phase.ended is None or cutoff < phase.ended else phase.ended
    return journal.counts(phase.started, end)


def _activity(journal: _Journal, phases: list[Phase], today: date) -> list[Day]:
    """The last 52 weeks, Monday to Sunday, up to today."""
    return _days(journal, phases, today - timedelta(days=today.weekday() + 7 * (WEEKS - 1)), today)


def _days(journal: _Journal, phases: list[Phase], first: date, today: date) -> list[Day]:
    """Each day from `first` to `today`: what it saw, and the phase open at its end (the later one on
    the day of a switch)."""
    logged = _per_day(journal.moments["entries"], first)
    read = _per_day(journal.moments["papers_read"], first)
    # A build counts once on a day it was started or shipped, or both.
    build_days = {
        (cycle.ref, cycle.opened.date())
        for name in ("build_to_ship", "ship_to_writeup")
        for cycle in (*journal.closed[name], *journal.open[name])
    }
    built = Counter(day for _, day in build_days if day >= first)
    days = []
    phase_index = 0
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        while phase_index + 1 < len(phases) and phases[phase_index + 1].started.date() <= day:
            phase_index += 1
        phase = phases[phase_index] if phases else None
        if phase is not None and not _covers(phase, day):
            phase = None
        days.append(Day(day, logged[day], read[day], built[day], phase))
    return days


def _covers(phase: Phase, day: date) -> bool:
    return phase.started.date() <= day and (phase.ended is None or day <= phase.ended.date())


def _per_day(times: list[datetime], first: date) -> Counter[date]:
    start = datetime.combine(first, datetime.min.time())
    return Counter(moment.date() for moment in times[bisect_left(times, start) :])


def _between(times: list[datetime], start: datetime | None, end: datetime | None) -> int:
    low, high = _bounds(times, start, end)
    return max(high - low, 0)


def _bounds(keys: list[Any], start: datetime | None, end: datetime | None) -> tuple[int, int]:
    """Where the sorted `keys` from `start` to `end` (both included) begin and end."""
    low = 0 if start is None else bisect_left(keys, start)
    high = len(keys) if end is None else bisect_right(keys, end)
    return low, high


def _number(value: float | None) -> float | int | None:
    """A median as JSON shows it: 3, not 3.0; 2.5 stays 2.5."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# --- the heatmap's grid --------------------------------------------------------------------------

LEVELS = 4


def levels(days: list[Day]) -> list[int]:
    """Each day's shade, 0 (nothing) to 4, by the quartiles of the active days' totals (as GitHub's
    calendar does): one busy day does not wash every other day out."""
    active = sorted(day.total for day in days if day.total)
    if not active:
        return [0] * len(days)
    cuts = [active[max(len(active) * q // LEVELS - 1, 0)] for q in range(1, LEVELS)]
    return [0 if not day.total else 1 + sum(day.total > cut for cut in cuts) for day in days]


def weeks(days: list[Day]) -> list[list[tuple[Day, int]]]:
    """The days with their shades, in weeks from Monday (the first day of `days` is a Monday)."""
    shaded = list(zip(days, levels(days), strict=True))
    return [shaded[start : start + 7] for start in range(0, len(shaded), 7)]


def month_starts(grid: list[list[tuple[Day, int]]]) -> dict[int, str]:
    """Week column → the month that begins in it (`Jan`), as the calendar's top line names them."""
    starts: dict[int, str] = {}
    for column, week in enumerate(grid):
        for day, _ in week:
            if day.day.day == 1:
                starts[column] = f"{day.day:%b}"
    return starts


def week_phase(week: list[tuple[Day, int]]) -> Phase | None:
    """The phase a week belongs to on the calendar: the one open on most of its days."""
    counts = Counter(day.phase.id for day, _ in week if day.phase is not None)
    if not counts:
        return None
    number = counts.most_common(1)[0][0]
    return next(day.phase for day, _ in week if day.phase is not None and day.phase.id == number)
