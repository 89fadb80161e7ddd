"""The merge's three laws (issue 17), over random journals and random changes on both copies:

- commutative: A merged into B and B merged into A give the same records, ids aside;
- idempotent: merging the same copy again changes nothing;
- nothing lost: every change on either copy is in the result, unless a later change to the same
  field replaced it, and then the history holds both.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.domain import InvalidId, Kind, parse_ref
from dualtui.domain.pointers import LINK_FIELDS, pointed_numbers
from dualtui.services.context import build_context
from dualtui.store.merge import Provenance
from dualtui.store.schema import RECORD_TABLES

from .support.changes import CHANGES, TODAY, make

KINDS = {kind.table: kind for kind in Kind}


def records(path: Path) -> dict[str, dict[str, Any]]:
    """Every record by uid, its links written as the uids they point at: the journal, ids aside."""
    data = json.loads(path.read_bytes())
    uid_at = {(table, int(key)): row["uid"] for table in RECORD_TABLES for key, row in data[table].items()}
    out = {}
    for table in RECORD_TABLES:
        for row in data[table].values():
            row = dict(row)
            for field, target in LINK_FIELDS[KINDS[table]]:
                if field in row:
                    row[field] = sorted(
                        uid_at.get((target.table, n), f"?{n}") for n in pointed_numbers(row[field])
                    )
            if row.get("target"):
                try:
                    ref = parse_ref(row["target"])
                    row["target"] = uid_at.get((ref.kind.table, ref.number), row["target"])
                except InvalidId:
                    pass
            uid = row.pop("uid")
            out[uid] = {"table": table, **row}
    return out


def history_uids(path: Path) -> set[str]:
    return {change["uid"] for change in json.loads(path.read_bytes())["history"].values()}


def change_both(a: Path, b: Path, steps: list[tuple[bool, tuple]], folder: Path, export: Path) -> None:
    contexts = {True: build_context(db=str(a), today=TODAY), False: build_context(db=str(b), today=TODAY)}
    for on_a, change in steps:
        make(contexts[on_a], change, folder, export)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.lists(CHANGES, max_size=8),
    steps=st.lists(st.tuples(st.booleans(), CHANGES), min_size=1, max_size=12),
)
def test_merging_is_commutative_idempotent_and_loses_nothing(tmp_path_factory, start, steps) -> None:
    folder = tmp_path_factory.mktemp("merge")
    export = folder / "export.json"
    source = build_context(db=str(folder / "source.json"), today=TODAY)
    source.service.add_paper("Exported paper")
    export.write_text(source.transfer().export("json"))

    a, b = folder / "a" / "journal.json", folder / "b" / "journal.json"
    first = build_context(db=str(a), today=TODAY)
    first.service.add_paper("seed")
    for change in start:
        make(first, change, folder, export)
    b.parent.mkdir()
    shutil.copy(a, b)
    change_both(a, b, steps, folder, export)

    a_into_b, b_into_a = folder / "b-with-a.json", folder / "a-with-b.json"
    shutil.copy(b, a_into_b)
    shutil.copy(a, b_into_a)
    build_context(db=str(a_into_b)).merging().merge_file(a)
    build_context(db=str(b_into_a)).merging().merge_file(b)

    # Commutative: the same records either way, ids aside.
    merged = records(b_into_a)
    assert records(a_into_b) == merged

    # Idempotent: merging the same copy again changes nothing, not a byte.
    once = b_into_a.read_bytes()
    build_context(db=str(b_into_a)).merging().merge_file(b)
    assert b_into_a.read_bytes() == once

    # Nothing lost: each copy's every field is in the result unless the other copy set it later,
    # and every change of either copy is in the history.
    assert history_uids(a) | history_uids(b) <= history_uids(b_into_a)
    sides = [
        (records(a), Provenance(json.loads(a.read_bytes()))),
        (records(b), Provenance(json.loads(b.read_bytes()))),
    ]
    for (mine, my_times), (theirs, their_times) in (sides, sides[::-1]):
        for uid, row in mine.items():
            if uid not in merged:
                key = (row.get("rule"), row.get("target"))
                if row["table"] == "snoozes" and any(
                    (r.get("rule"), r.get("target")) == key for r in merged.values()
                ):
                    continue  # one per rule and item: the other copy's, made later
                # Else removed by the other copy after this one last touched it (an unsnooze too).
                assert uid not in theirs and their_times.removed.get(uid, "") > my_times.touched.get(uid, "")
                continue
            if row["table"] == "phases" and "ended" not in row:
                continue  # an open phase may be ended by the merge when the other copy started one later
            for field, value in row.items():
                if field == "table" or merged[uid].get(field) == value:
                    continue
                if field == "target" and value not in merged:
                    continue  # a snooze on a record the other copy deleted: it names what is gone
                if uid in theirs:
                    assert their_times.field_time(uid, field) >= my_times.field_time(uid, field), (uid, field)
                else:  # kept by one copy only: the fields it holds are its own, except links to records gone
                    assert field in dict(LINK_FIELDS[KINDS[row["table"]]]), (uid, field)
