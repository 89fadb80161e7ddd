"""Hand-edited journals, fuzzed: any field of any record (or of meta) given a value of the wrong type,
shape or size, then dualtui's commands run on it. None may end in a traceback: each exits 0, or 1
with one sentence, and a journal that did not open is never written. And the load's inline checks
agree with the rules that name a problem (domain/validation.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.cli import main
from dualtui.domain import Kind
from dualtui.domain.model import RECORD_TYPES
from dualtui.domain.validation import InvalidRecord, problem_in

BASE = {
    "meta": {"1": {"schema": 1, "next_ids": {"phases": 2, "papers": 2, "builds": 2, "entries": 2,
                                             "snoozes": 2}}},
    "phases": {"1": {"kind": "research", "goal": "g", "started": "2026-11-01T09:00:00",
                     "planned_end": "2027-02-01"}},
    "papers": {"1": {"title": "P", "added": "2026-11-02T09:00:00", "authors": ["Doe, J"], "tags": ["t"],
                     "status": "read", "finished": "2026-11-03T09:00:00", "priority": 2, "year": 2020,
                     "claims": ["c"]}},
    "builds": {"1": {"title": "B", "added": "2026-11-04T09:00:00", "paper_ids": [1], "status": "shipped",
                     "shipped": "2026-11-05T09:00:00", "writeup": "none"}},
    "entries": {"1": {"at": "2026-11-06T09:00:00", "kind": "failure", "text": "x", "build_id": 1,
                      "linked_papers": [1], "linked_builds": [1], "claim": 1}},
    "snoozes": {"1": {"rule": "r", "target": "p1", "at": "2026-11-06T09:00:00", "until": "2026-12-01"}},
}  # fmt: skip

odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["9999-12-31T23:59:59", "0001-01-01", "2026-13-45", "", "p1", "research", "none"]),
    st.lists(st.integers(min_value=-3, max_value=2**65), max_size=3),
    st.lists(st.text(max_size=4), max_size=3),
    st.just({"a": 1}),
    st.recursive(st.just([]), lambda inner: st.lists(inner, max_size=2), max_leaves=30),
)

FIELDS = [(table, "1", field) for table, rows in BASE.items() if table != "meta" for field in rows["1"]]
FIELDS += [("meta", "1", "schema"), ("meta", "1", "next_ids"), ("meta", "1", "trash")]

COMMANDS = [
    ["list", "papers"], ["list", "entries", "--json"], ["show", "p1"], ["show", "b1", "--json"],
    ["next", "--all"], ["why", "1"], ["review"], ["phase"], ["export"], ["export", "--format", "bibtex"],
    ["export", "--format", "json"], ["doctor"], ["add", "paper", "New"], ["log", "note", "n"],
    ["edit", "p1", "--set", "title=T"], ["advance", "p1"], ["delete", "e1"], ["writeup", "b1"],
]  # fmt: skip


def hand_edit(data: dict, where: tuple[str, str, str], value: object) -> dict:
    table, key, field = where
    edited = json.loads(json.dumps(data))
    edited[table][key][field] = value
    return edited


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from(FIELDS),
    value=odd_values,
    new_field=st.booleans(),
    command=st.sampled_from(COMMANDS),
)
def test_no_hand_edit_makes_a_command_crash(tmp_path_factory, capsys, where, value, new_field, command):
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "journal.json"
    if new_field:
        where = (where[0], where[1], "unexpected_" + where[2])
    db.write_text(json.dumps(hand_edit(BASE, where, value)))
    before = db.read_bytes()
    opened = main(["--db", str(db), "--today", "2026-11-25", "list", "papers"]) == 0
    capsys.readouterr()
    try:
        code = main(["--db", str(db), "--today", "2026-11-25", *command])
    except SystemExit as usage:  # argparse's own exit, never a traceback
        code = usage.code
    captured = capsys.readouterr()
    assert code in (0, 1, 2), captured
    assert "Traceback" not in captured.err
    if code == 1:
        assert captured.err.startswith("dualtui: ") or command == ["doctor"], captured.err
    if not opened:
        assert db.read_bytes() == before  # a journal that does not open is never written


rows = st.dictionaries(
    st.sampled_from(sorted({f for _, _, f in FIELDS} | {"added", "at", "kind", "started", "planned_end"})),
    odd_values,
    max_size=6,
)


@pytest.mark.parametrize("kind", list(Kind))
@settings(max_examples=150, deadline=None)
@given(row=rows, base=st.booleans())
def test_the_load_refuses_a_record_exactly_when_the_rules_name_a_problem(kind, row, base):
    table = kind.table
    if base:
        row = {**BASE[table]["1"], **row}
    problem = problem_in(kind, row)
    try:
        RECORD_TYPES[kind].from_record(1, row)
    except InvalidRecord as error:
        assert problem is not None and str(error) == problem
    else:
        assert problem is None, problem


def test_the_fuzzed_base_journal_itself_is_good(tmp_path: Path, capsys):
    db = tmp_path / "journal.json"
    db.write_text(json.dumps(BASE))
    assert main(["--db", str(db), "list", "papers"]) == 0
    capsys.readouterr()
