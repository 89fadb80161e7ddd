"""A paper added by hand is refused as a duplicate exactly when the import would call it one, and names
the same paper: whether the journal's papers are read from the stored rows of a file this store checked
(a command: only the papers sharing a title or identifier are built), built whole from a file it has not
checked, or indexed as the app keeps them."""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.domain import Kind, Paper, Snapshot
from dualtui.services.context import build_context
from dualtui.services.duplicates import Duplicates
from dualtui.services.journal_service import DuplicatePaper
from dualtui.store.checked import marker_path
from dualtui.store.lazy import LazySnapshot
from tests.support.journals import written

ADDED = datetime(2026, 11, 20, 9)
TODAY = date(2026, 11, 25)
# Few values, spelled several ways, so that titles and identifiers meet often.
TITLES = [
    "Raft",
    "RAFT!",
    "raft",
    "Paxos Made Simple",
    "paxos made  simple",
    "Türpe",
    "turpe",
    "Introduction",
]
AUTHORS = ["Ongaro, Diego", "Diego Ongaro", "Lamport, Leslie", "Roe, Rick"]
DOIS = ["", "10.1145/raft", "10.1145/RAFT", "10.1/other"]
ARXIVS = ["", "1234.5678", "arXiv:1234.5678v2", "9999.0001"]

papers = st.builds(
    dict,
    title=st.sampled_from(TITLES),
    authors=st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True),
    year=st.none() | st.sampled_from([2014, 2015]),
    doi=st.sampled_from(DOIS),
    arxiv=st.sampled_from(ARXIVS),
)


def import_verdict(stored: list[Paper], new: dict) -> tuple[str, str] | None:
    """What the import's check says of `new`: the ref it duplicates and the kind of match."""
    found = Duplicates(stored).match(Paper(0, added=ADDED, **new))
    return None if found is None else (found[0], kind_of_match(found[1]))


def kind_of_match(why: str) -> str:
    """The kind of match ("the same DOI", "the same arXiv", "the same title"): the by-hand check says
    more exactly what two papers of the same title share ("the same title and year")."""
    match = re.match(r"the same \w+", why)
    assert match is not None, why
    return match.group()


def by_hand_verdict(path: Path, new: dict, *, indexed: bool) -> tuple[str, str] | None:
    service = build_context(db=str(path), today=TODAY).service
    if indexed:
        service.prepare_writes()  # as the app does after its first frame
    try:
        service.add_paper(**new)
    except DuplicatePaper as refused:
        return str(refused.existing), kind_of_match(str(refused).partition(" (")[2])
    return None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(papers, max_size=8), papers)
def test_a_paper_added_by_hand_is_a_duplicate_exactly_when_the_import_says_so(
    journal: list[dict], new: dict
) -> None:
    stored = [Paper(n, added=ADDED, **fields) for n, fields in enumerate(journal, start=1)]
    expected = import_verdict(stored, new)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.json"
        written(Snapshot(papers={paper.id: paper for paper in stored}), path)
        original = path.read_bytes() if path.exists() else None  # an empty journal writes nothing
        for checked, indexed in ((True, False), (False, False), (True, True)):
            if original is not None:
                path.write_bytes(original)
            else:
                path.unlink(missing_ok=True)
            if not checked:
                marker_path(path).unlink(missing_ok=True)
            assert by_hand_verdict(path, new, indexed=indexed) == expected, (checked, indexed)


def test_a_command_adding_a_paper_to_a_checked_journal_builds_only_the_papers_it_may_duplicate(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.json"
    stored = [Paper(n, title, ADDED) for n, title in enumerate(["Raft", "Paxos Made Simple", "Chord"], 1)]
    written(Snapshot(papers={paper.id: paper for paper in stored}), path)
    service = build_context(db=str(path), today=TODAY).service
    assert service.add_paper("Bigtable").ref.number == 4
    snapshot = service.snapshot()
    assert isinstance(snapshot, LazySnapshot) and not snapshot.is_built(Kind.PAPER)
    try:
        service.add_paper("paxos made simple!")
    except DuplicatePaper as refused:
        assert str(refused.existing) == "p2"
    else:
        raise AssertionError("a second Paxos Made Simple was added")
    assert not snapshot.is_built(Kind.PAPER)
    assert [p.title for p in service.snapshot().papers.values()] == [
        "Raft",
        "Paxos Made Simple",
        "Chord",
        "Bigtable",
    ]
