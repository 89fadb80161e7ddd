"""Time budgets of issue 3 for the rule engine, in-process: all default rules at 10,000 records within
20 ms and at 100,000 within 100 ms, on a synthetic journal with far more open loops than a real one
(every status and link drawn at random). The guard takes the best of five runs, so a busy machine does
not fail it; the medians reported in docs/rules.md come from the same code."""

from __future__ import annotations

import gc
import random
import time
from datetime import date, datetime, timedelta

import pytest

from dualtui.domain import (
    Build,
    BuildStatus,
    Entry,
    EntryKind,
    Paper,
    PaperStatus,
    Phase,
    PhaseKind,
    Snapshot,
    WriteupState,
)
from dualtui.rules.engine import evaluate, load_rules

TODAY = date(2026, 11, 25)


def synthetic_snapshot(records: int, today: date, seed: int = 1) -> Snapshot:
    """About 30% papers, 20% builds, 50% entries over two years, with phases alternating every 90 days."""
    rng = random.Random(seed)
    start = datetime.combine(today - timedelta(days=730), datetime.min.time())
    snapshot = Snapshot()

    def moment() -> datetime:
        return start + timedelta(minutes=rng.randrange(730 * 24 * 60))

    for number in range(1, 10):
        began = start + timedelta(days=90 * (number - 1))
        kind = PhaseKind.RESEARCH if number % 2 else PhaseKind.PRODUCTION
        ended = None if number == 9 else began + timedelta(days=90)
        snapshot.phases[number] = Phase(
            number, kind, f"goal {number}", began, (began + timedelta(days=90)).date(), ended
        )
    papers = int(records * 0.3)
    builds = int(records * 0.2)
    entries = records - papers - builds
    for number in range(1, papers + 1):
        added = moment()
        status = rng.choice(list(PaperStatus))
        started = added + timedelta(days=3) if status in (PaperStatus.READING, PaperStatus.READ) else None
        finished = added + timedelta(days=10) if status is PaperStatus.READ else None
        snapshot.papers[number] = Paper(
            number,
            f"Paper {number}",
            added,
            tags=["ml"] * (number % 3),
            status=status,
            priority=number % 4,
            started=started,
            finished=finished,
        )
    for number in range(1, builds + 1):
        added = moment()
        status = rng.choice(list(BuildStatus))
        started = added + timedelta(days=2) if status is not BuildStatus.IDEA else None
        shipped = added + timedelta(days=30) if status is BuildStatus.SHIPPED else None
        snapshot.builds[number] = Build(
            number,
            f"Build {number}",
            added,
            status=status,
            paper_ids=[rng.randrange(1, papers + 1)] if papers and rng.random() < 0.6 else [],
            started=started,
            shipped=shipped,
            writeup=rng.choice(list(WriteupState)),
            writeup_changed=shipped,
            from_entry=None,
        )
    for number in range(1, entries + 1):
        kind = rng.choice(list(EntryKind))
        answers = rng.randrange(1, number) if number > 1 and rng.random() < 0.3 else None
        snapshot.entries[number] = Entry(
            number,
            moment(),
            kind,
            f"entry {number}",
            paper_id=rng.randrange(1, papers + 1) if papers and rng.random() < 0.3 else None,
            build_id=rng.randrange(1, builds + 1) if builds and rng.random() < 0.5 else None,
            answers=answers,
        )
    return snapshot


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


@pytest.mark.parametrize(("records", "budget_ms"), [(10_000, 20), (100_000, 100)])
def test_all_default_rules_evaluate_within_budget(records: int, budget_ms: float) -> None:
    rules = load_rules()
    snapshot = synthetic_snapshot(records, TODAY)
    evaluation = evaluate(rules, snapshot, TODAY)
    assert len(evaluation) > records // 10  # plenty fire: the timing covers real work
    assert best_of(5, lambda: evaluate(rules, snapshot, TODAY).leading) <= budget_ms
