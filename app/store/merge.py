"""Two copies of one journal merged into one (issue 17): what a second machine, Syncthing, Dropbox or
git leaves behind, put back together without losing a change.

Records are matched by their uid. Where both copies hold a record, it is merged field by field: a
field that differs takes the value of the copy whose change history set it last (the history's real
times; a tie, or two copies that never recorded it, broken by the values themselves, so both ways
give the same answer). A record only one copy holds is new there, unless the other copy's history
removed it: then it goes, unless it was changed after that removal (it is kept, and the report says
so). When both copies created the same number, ours keeps it and theirs moves to the next free one,
every link to it rewritten. After that, a link to a record that is gone brings the record back, one
open phase is left (the later start; the other ends where it began, with a note), one snooze per
rule and item (the later), and the other copy's changes join the history, marked as merged.

The laws (tests/test_merge_laws.py): commutative (A into B and B into A give the same records, ids
aside), idempotent (merging the same copy again changes nothing), and nothing lost (every change of
either copy is in the result unless a later change to the same field replaced it, and the history
holds both).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from dualtui.domain import InvalidId, Kind, Ref, parse_ref
from dualtui.domain.pointers import LINK_FIELDS, pointed_numbers
from dualtui.domain.text import one_line

from .history import ADDED, RowChange, entries_of, history_of, moment_of
from .schema import META_DOC, RECORD_TABLES, Data, Row

_KIND_OF_TABLE = {kind.table: kind for kind in Kind}
_CREATED = "*"  # in a record's field times: when it was created (every field set then)


class Merged(NamedTuple):
    """What merging a copy into ours writes: each record's rows (before: ours), the counters after,
    the other copy's changes for the history, and one line per decision."""

    rows: list[RowChange]
    next_ids: dict[str, int]
    imported: list[Row]
    report: list[str]


class Provenance:
    """What one copy's history says about its records: when it last set each field of each record,
    when it last touched a record, and when it removed one (by uid)."""

    def __init__(self, data: Data) -> None:
        self.uid_at: dict[tuple[str, int], str] = {}
        for table in RECORD_TABLES:
            for key, row in data[table].items():
                self.uid_at[(table, int(key))] = row.get("uid", "")
        history = history_of(data)
        for change in history.values():
            for entry in entries_of(change):
                if entry.stored is not None:
                    self.uid_at.setdefault((entry.table, entry.number), entry.stored.get("uid", ""))
        self.fields: dict[str, dict[str, str]] = {}
        self.touched: dict[str, str] = {}
        self.removed: dict[str, str] = {}
        for change in history.values():
            if change.get("merge"):
                continue  # a merge repeats what the changes it brought in did: theirs are in the history
            moment = moment_of(change)
            for entry in entries_of(change):
                uid = (entry.stored or {}).get("uid") or self.uid_at.get((entry.table, entry.number), "")
                if entry.digest is None:  # the change left no record there
                    self.removed[uid] = max(self.removed.get(uid, ""), moment)
                    continue
                self.touched[uid] = max(self.touched.get(uid, ""), moment)
                times = self.fields.setdefault(uid, {})
                for name in (_CREATED,) if entry.digest == ADDED else entry.fields:
                    times[name] = max(times.get(name, ""), moment)

    def field_time(self, uid: str, name: str) -> str:
        """When this copy last set the field ("" when its history does not say)."""
        times = self.fields.get(uid, {})
        return max(times.get(name, ""), times.get(_CREATED, ""))

    def numbers_of(self, table: str) -> set[int]:
        return {number for (t, number) in self.uid_at if t == table}


def merge(ours: Data, theirs: Data, *, base: Data | None = None, source: str = "the other copy") -> Merged:
    """Merge `theirs` into `ours` (neither is changed); `base` is their common ancestor when known
    (git's), which settles what neither history recorded."""
    return _Merge(ours, theirs, base, source).run()


class _Merge:
    def __init__(self, ours: Data, theirs: Data, base: Data | None, source: str) -> None:
        self.ours, self.theirs, self.source = ours, theirs, source
        self.ours_p, self.theirs_p = Provenance(ours), Provenance(theirs)
        self.base = {table: _by_uid(base[table]) for table in RECORD_TABLES} if base else None
        self.report: list[str] = []
        self.next_ids = {
            table: max(_counter(ours, table), _counter(theirs, table)) for table in RECORD_TABLES
        }
        self.number_of: dict[str, dict[str, int]] = {}  # table -> uid -> number in the merged journal
        # Said only of records the merge keeps: a renumbered snooze the other copy's replaces is gone.
        self._renumbered: dict[tuple[str, str], str] = {}

    def run(self) -> Merged:
        self._number_theirs()
        merged = {table: self._table(table) for table in RECORD_TABLES}
        self._keep_what_is_linked_to(merged)
        self._one_open_phase(merged)
        self._one_snooze_per_rule_and_item(merged)
        self.report[:0] = [line for (table, uid), line in self._renumbered.items() if uid in merged[table]]
        rows = self._rows(merged)
        return Merged(rows, self._counters(merged), self._imported_history(), self.report)

    def _counters(self, merged: dict[str, dict[str, Row]]) -> dict[str, int]:
        """The next free number of each table. A number handed to one of their records that the
        merge then dropped (a snooze the other copy made later, a deletion) was never written, so
        it is not spent: merging the same copy again must not move the counters."""
        return {
            table: max(
                _counter(self.ours, table),
                _counter(self.theirs, table),
                max((self.number_of[table][uid] for uid in merged[table]), default=0) + 1,
            )
            for table in RECORD_TABLES
        }

    # Numbers --------------------------------------------------------------------------------------

    def _number_theirs(self) -> None:
        """Every uid's number in the merged journal: ours keep theirs; theirs keep their own unless
        ours used it for another record, then the next free one."""
        for table in RECORD_TABLES:
            numbers = {uid: number for (t, number), uid in self.ours_p.uid_at.items() if t == table}
            used = set(numbers.values())
            theirs = sorted(
                ((number, uid) for (t, number), uid in self.theirs_p.uid_at.items() if t == table)
            )
            for number, uid in theirs:
                if uid in numbers:
                    continue
                if number in used:
                    new = max(self.next_ids[table], max(used, default=0) + 1)
                    if str(number) in self.theirs[table]:
                        prefix = _KIND_OF_TABLE[table].prefix
                        self._renumbered[table, uid] = (
                            f"renumbered {prefix}{number} of {self.source} to {prefix}{new}: "
                            f"this copy had made a {prefix}{number} of its own (links to it rewritten)"
                        )
                    number = new
                numbers[uid] = number
                used.add(number)
                self.next_ids[table] = max(self.next_ids[table], number + 1)
            self.number_of[table] = numbers

    def _translated(self, table: str, row: Row) -> Row:
        """Their row with its links rewritten to the merged journal's numbers."""
        kind = _KIND_OF_TABLE[table]
        out = dict(row)
        for field, target in LINK_FIELDS[kind]:
            if field in out:
                value = out[field]
                moved = [self._their_number(target.table, n) for n in pointed_numbers(value)]
                out[field] = moved if isinstance(value, list) else (moved[0] if moved else value)
        if kind is Kind.SNOOZE and out.get("target"):
            out["target"] = self._their_ref_text(out["target"])
        return out

    def _their_number(self, table: str, number: int) -> int:
        uid = self.theirs_p.uid_at.get((table, number))
        return self.number_of[table].get(uid, number) if uid else number

    def _their_ref_text(self, text: str) -> str:
        try:
            ref = parse_ref(text)
        except InvalidId:
            return text
        return str(Ref(ref.kind, self._their_number(ref.kind.table, ref.number)))

    # Records --------------------------------------------------------------------------------------

    def _table(self, table: str) -> dict[str, Row]:
        """uid -> merged row, for one table."""
        ours = _by_uid(self.ours[table])
        theirs = {uid: self._translated(table, row) for uid, row in _by_uid(self.theirs[table]).items()}
        merged: dict[str, Row] = {}
        for uid in [*ours, *(uid for uid in theirs if uid not in ours)]:
            mine, other = ours.get(uid), theirs.get(uid)
            if mine is not None and other is not None:
                merged[uid] = self._fields(table, uid, mine, other)
            elif mine is not None:
                if self._kept(table, uid, mine, self.theirs_p, self.ours_p, "this copy"):
                    merged[uid] = mine
            elif other is not None and self._kept(table, uid, other, self.ours_p, self.theirs_p, self.source):
                merged[uid] = other
        return merged

    def _fields(self, table: str, uid: str, mine: Row, other: Row) -> Row:
        if mine == other:
            return mine
        base = self.base[table].get(uid) if self.base else None
        out: Row = {}
        taken: list[str] = []
        for name in dict.fromkeys([*mine, *other]):
            value = self._field(uid, name, mine.get(name, _ABSENT), other.get(name, _ABSENT), base)
            if value is not _ABSENT:
                out[name] = value
            if value is not mine.get(name, _ABSENT) and name != "uid":
                taken.append(name)
        if taken:
            ref = f"{_KIND_OF_TABLE[table].prefix}{self.number_of[table][uid]}"
            self.report.append(f"{ref}: took {', '.join(taken)} from {self.source} (changed there later)")
        return out

    def _field(self, uid: str, name: str, mine: Any, other: Any, base: Row | None) -> Any:
        if mine == other:
            return mine
        if base is not None:
            before = base.get(name, _ABSENT)
            if mine == before:
                return other
            if other == before:
                return mine
        ours_t, theirs_t = self.ours_p.field_time(uid, name), self.theirs_p.field_time(uid, name)
        if ours_t != theirs_t:
            return mine if ours_t > theirs_t else other
        return max(mine, other, key=_value_order)  # a tie: the same answer whichever way round

    def _kept(
        self, table: str, uid: str, row: Row, other_p: Provenance, own_p: Provenance, where: str
    ) -> bool:
        """Whether a record only one copy (`where`) holds stays: it is new there, or it was changed
        there after the other copy removed it (a tie keeps it: nothing acknowledged is lost)."""
        ref = f"{_KIND_OF_TABLE[table].prefix}{self.number_of[table].get(uid, '?')}"
        ours = where == "this copy"
        other = self.source if ours else "this copy"
        removed = other_p.removed.get(uid)
        ancestor = self.base[table].get(uid) if self.base else None
        if removed is None and ancestor is None:
            if not ours:
                self.report.append(f"added {ref}{_titled(row)}, new in {where}")
            return True
        if (
            removed is None
        ):  # git's ancestor had it and the other copy dropped it, its history not saying when
            edited = row != ancestor
        else:
            touched = own_p.touched.get(uid, "")
            edited = bool(touched) and touched >= removed
        if edited:
            self.report.append(f"kept {ref}{_titled(row)}: {other} deleted it, but {where} changed it after")
            return True
        if ours:
            self.report.append(f"deleted {ref}{_titled(row)}, as {other} did")
        return False

    def _keep_what_is_linked_to(self, merged: dict[str, dict[str, Row]]) -> None:
        """A record the merge would drop comes back when a kept record links to it (a later change
        built on it); a link to a record neither copy holds is left out."""
        rows_anywhere = {
            table: {**_by_uid(self.theirs[table]), **_by_uid(self.ours[table])} for table in RECORD_TABLES
        }
        changed = True
        while changed:
            changed = False
            present = {
                table: {self.number_of[table][uid]: uid for uid in rows} for table, rows in merged.items()
            }
            wanted = {
                table: {number: uid for uid, number in self.number_of[table].items()}
                for table in RECORD_TABLES
            }
            for table, rows in merged.items():
                for uid, row in list(rows.items()):
                    for field, target in LINK_FIELDS[_KIND_OF_TABLE[table]]:
                        for number in pointed_numbers(row.get(field)):
                            if number in present[target.table]:
                                continue
                            back = wanted[target.table].get(number)
                            if back is not None and back in rows_anywhere[target.table]:
                                merged[target.table][back] = self._theirs_or_ours(target.table, back)
                                self.report.append(
                                    f"kept {target.prefix}{number}: "
                                    f"{_KIND_OF_TABLE[table].prefix}{self.number_of[table][uid]} links to it"
                                )
                            else:
                                rows[uid] = row = _unlinked(row, field, number)
                            changed = True

    def _theirs_or_ours(self, table: str, uid: str) -> Row:
        mine = _by_uid(self.ours[table]).get(uid)
        if mine is not None:
            return mine
        return self._translated(table, _by_uid(self.theirs[table])[uid])

    def _one_open_phase(self, merged: dict[str, dict[str, Row]]) -> None:
        phases = merged["phases"]
        open_ = [uid for uid, row in phases.items() if not row.get("ended")]
        if len(open_) < 2:
            return
        keep = max(open_, key=lambda uid: (phases[uid].get("started", ""), uid))
        started = phases[keep].get("started", "")
        for uid in open_:
            if uid == keep:
                continue
            row = phases[uid]
            note = (
                f"Ended by a merge: a {phases[keep].get('kind', '')} phase was started on another "
                f"copy on {started[:10]}."
            )
            review = f"{row['review']}\n{note}" if row.get("review") else note
            phases[uid] = {**row, "ended": max(started, row.get("started", "")), "review": review}
            self.report.append(
                f"ended ph{self.number_of['phases'][uid]}: ph{self.number_of['phases'][keep]}, "
                "started later on the other copy, is the open phase"
            )

    def _one_snooze_per_rule_and_item(self, merged: dict[str, dict[str, Row]]) -> None:
        """Both copies may have snoozed the same suggestion: the one snoozed last stays."""
        snoozes = merged["snoozes"]

        def last(uid: str) -> tuple[str, str, str]:
            made = max(self.ours_p.touched.get(uid, ""), self.theirs_p.touched.get(uid, ""))
            return (made, snoozes[uid].get("at", ""), uid)

        latest: dict[tuple[str, str], str] = {}
        for uid, row in snoozes.items():
            key = (row.get("rule", ""), row.get("target", ""))
            if key not in latest or last(uid) > last(latest[key]):
                latest[key] = uid
        for uid in [uid for uid in snoozes if uid not in latest.values()]:
            del snoozes[uid]

    # What to write --------------------------------------------------------------------------------

    def _rows(self, merged: dict[str, dict[str, Row]]) -> list[RowChange]:
        rows: list[RowChange] = []
        for table in RECORD_TABLES:
            ours = self.ours[table]
            by_number = {self.number_of[table][uid]: row for uid, row in merged[table].items()}
            for key, before in ours.items():
                after = by_number.get(int(key))
                if after != before:
                    rows.append(RowChange(table, int(key), before, after))
            for number in sorted(set(by_number) - {int(key) for key in ours}):
                rows.append(RowChange(table, number, None, by_number[number]))
        return rows

    def _imported_history(self) -> list[Row]:
        """Their changes this copy's history lacks, renumbered, oldest first, marked as merged."""
        known = {row.get("uid") for row in history_of(self.ours).values()}
        imported = []
        for change in history_of(self.theirs).values():
            if change.get("uid") in known:
                continue
            moved = copy.deepcopy(change)
            moved["rows"] = [
                [table, self._their_number(table, number), self._maybe(table, stored), digest, fields]
                for table, number, stored, digest, fields in change["rows"]
            ]
            if "added" in change:
                moved["added"] = _ranges(
                    (table, self._their_number(table, number))
                    for table, runs in change["added"].items()
                    for first, last in runs
                    for number in range(first, last + 1)
                )
            moved["via"] = self.source
            imported.append(moved)
        return sorted(imported, key=lambda change: str(change.get("at") or ""))

    def _maybe(self, table: str, row: Row | None) -> Row | None:
        return None if row is None else self._translated(table, row)


_ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "absent"})()


def _value_order(value: Any) -> bytes:
    return b"" if value is _ABSENT else orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _by_uid(rows: dict[str, Row]) -> dict[str, Row]:
    return {row.get("uid", f"#{key}"): row for key, row in rows.items()}


def _counter(data: Data, table: str) -> int:
    return int(data["meta"][META_DOC].get("next_ids", {}).get(table, 1))


def _titled(row: Row) -> str:
    title = row.get("title") or row.get("text") or row.get("goal") or ""
    line = " ".join(one_line(str(title)).split())
    return f" “{line[:47]}…”" if len(line) > 48 else (f" “{line}”" if line else "")


def _unlinked(row: Row, field: str, number: int) -> Row:
    value = row[field]
    if isinstance(value, list):
        kept = [v for v in value if v != number]
        return {**row, field: kept} if kept else {k: v for k, v in row.items() if k != field}
    return {k: v for k, v in row.items() if k != field}


def _ranges(refs: Iterable[tuple[str, int]]) -> dict[str, list[list[int]]]:
    out: dict[str, list[list[int]]] = {}
    for table, number in sorted(refs):
        runs = out.setdefault(table, [])
        if runs and runs[-1][1] == number - 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return out
