"""Random journals for property tests: every status, link and stamp drawn at random, dangling links,
dates in the future and missing stamps included, so the rules and reviews meet the odd cases."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import assume
from hypothesis import strategies as st

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
    Snooze,
    WriteupState,
)
from dualtui.rules.engine import load_rules
from dualtui.store import Journal
from dualtui.store.errors import StoreError

moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 6, 1))
maybe = st.none() | moments
numbers = st.integers(1, 12)
RULE_IDS = [rule.id for rule in load_rules().rules]


@st.composite
def snapshots(draw) -> Snapshot:
    snapshot = Snapshot()
    for n in range(1, draw(st.integers(0, 4)) + 1):
        start = draw(moments)
        end = (start + timedelta(days=draw(st.integers(-10, 200)))).date()
        snapshot.phases[n] = Phase(n, draw(st.sampled_from(PhaseKind)), "", start, end, draw(maybe))
    for n in range(1, draw(st.integers(0, 12)) + 1):
        snapshot.papers[n] = Paper(
            n,
            draw(st.text(max_size=20)),
            draw(moments),
            tags=draw(st.lists(st.text(max_size=5), max_size=3)),
            status=draw(st.sampled_from(PaperStatus)),
            priority=draw(st.integers(0, 3)),
            year=draw(st.none() | st.integers(1900, 2030)),
            started=draw(maybe),
            finished=draw(maybe),
            claims=draw(st.lists(st.text(min_size=1, max_size=10), max_size=3)),
        )
    for n in range(1, draw(st.integers(0, 12)) + 1):
        snapshot.builds[n] = Build(
            n,
            draw(st.text(max_size=20)),
            draw(moments),
            status=draw(st.sampled_from(BuildStatus)),
            paper_ids=draw(st.lists(numbers, max_size=3)),
            data_source=draw(st.sampled_from(["", " ", "query logs"])),
            constraints=draw(st.sampled_from(["", "p99 < 50 ms"])),
            users=draw(st.sampled_from(["", "search team"])),
            started=draw(maybe),
            shipped=draw(maybe),
            writeup=draw(st.sampled_from(WriteupState)),
            writeup_changed=draw(maybe),
            from_entry=draw(st.none() | numbers),
        )
    for n in range(1, draw(st.integers(0, 20)) + 1):
        snapshot.entries[n] = Entry(
            n,
            draw(moments),
            draw(st.sampled_from(EntryKind)),
            draw(st.text(max_size=20)),
            paper_id=draw(st.none() | numbers),
            build_id=draw(st.none() | numbers),
            answers=draw(st.none() | numbers),
            linked_papers=tuple(draw(st.lists(numbers, max_size=2))),
            linked_builds=tuple(draw(st.lists(numbers, max_size=2))),
            claim=draw(st.none() | st.integers(1, 4)),
        )
    for n in range(1, draw(st.integers(0, 4)) + 1):
        rule = draw(st.sampled_from(RULE_IDS))
        target = draw(st.sampled_from(["", "p1", "p2", "b1", "b2", "e1", "e3", "ph1"]))
        snapshot.snoozes[n] = Snooze(n, rule, target, draw(moments), draw(st.none() | st.dates()))
    return snapshot


def written(snapshot: Snapshot, path: Path) -> Journal:
    """A journal file holding the snapshot's records, written as dualtui writes one (one change)."""
    journal = Journal(path)
    try:
        with journal.transaction() as tx:
            for table in ("phases", "papers", "builds", "entries", "snoozes"):
                for record in getattr(snapshot, table).values():
                    tx.restore(record)
            tx.summary = "restored"
    except StoreError:
        assume(False)  # a record the store refuses to write (the strategy is looser than the store)
    return journal
