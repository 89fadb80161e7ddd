"""Property tests: any records survive the store unchanged, whatever text and dates they hold."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
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
    Snooze,
    WriteupState,
)
from dualtui.store import Journal

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)).map(
    lambda m: m.replace(microsecond=0)
)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1))
numbers = st.integers(min_value=1, max_value=10_000)
optional = st.none() | numbers

papers = st.builds(
    Paper,
    id=st.just(0),
    title=text.filter(str.strip),
    added=moments,
    authors=st.lists(text, max_size=3),
    year=st.none() | st.integers(min_value=1800, max_value=2100),
    venue=text,
    doi=text,
    tags=st.lists(text, max_size=3),
    status=st.sampled_from(PaperStatus),
    priority=st.integers(min_value=0, max_value=3),
    started=st.none() | moments,
    finished=st.none() | moments,
    notes=text,
    claims=st.lists(text, max_size=2),
)
builds = st.builds(
    Build,
    id=st.just(0),
    title=text.filter(str.strip),
    added=moments,
    status=st.sampled_from(BuildStatus),
    paper_ids=st.lists(numbers, max_size=3),
    data_source=text,
    writeup=st.sampled_from(WriteupState),
    shipped=st.none() | moments,
    from_entry=optional,
)
entries = st.builds(
    Entry,
    id=st.just(0),
    at=moments,
    kind=st.sampled_from(EntryKind),
    text=text.filter(str.strip),
    paper_id=optional,
    build_id=optional,
    answers=optional,
)
phases = st.builds(
    Phase,
    id=st.just(0),
    kind=st.sampled_from(PhaseKind),
    goal=text,
    started=moments,
    planned_end=days,
    ended=st.none() | moments,
    review=text,
    summary=st.dictionaries(st.sampled_from(["papers_read", "open_loops"]), st.integers(0, 99)),
)
snoozes = st.builds(Snooze, id=st.just(0), rule=text, target=text, at=moments, until=st.none() | days)
records = st.lists(st.one_of(papers, builds, entries, phases, snoozes), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=records)
def test_records_round_trip_through_the_file(tmp_path: Path, batch: list) -> None:
    path = tmp_path / f"j{abs(hash(repr(batch)))}.json"
    journal = Journal.open(path)
    with journal.transaction() as tx:
        stored = [tx.insert(record) for record in batch]
    reopened = Journal.open(path).snapshot()
    for record in stored:
        assert reopened.get(record.ref) == record
