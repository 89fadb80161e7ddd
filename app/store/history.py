"""The change history: every transaction kept as a change in the journal's `history` table, so that
any change can be undone and redone, from any process, after a restart.

A change is one row of that table:

    uid       its identity
    at        when it was made: real wall-clock time, UTC, to the millisecond
    by        who made it: the command words ("dualtui status") or "app"
    summary   one sentence from the use case ("p45 reading → read")
    rows      one [table, number, stored, digest, fields] per record it changed or deleted
    added     while it is applied, the records it added: {table: [[first, last], ...]}
    meta      each meta value it changed: {"next_ids/papers": [before, after]}
    undone    while it is undone: its place in the order of undos (redo takes the latest)
    flipped   [at, by] of its last undo or redo

`stored` is the side of the change that is not in the journal: the row as it was before while the
change is applied, the row as the change left it (null: deleted) while it is undone; `digest`
fingerprints the side that is in the journal (null: no row), and `fields` names the fields that differ
between the two sides (what a merge of two copies needs to know). Undo and redo are thus one operation, a
flip: each record's two sides change places. A record the change added needs neither side while the
change is applied (the journal holds it, and before it there was nothing), so it is kept as a range of
numbers: a demo or an import of thousands of records costs a few bytes until it is undone.

Before a flip, each record must still be where the change left it (or found it): no applied change
made after it touched the record, and its digest matches (a record edited by hand since is not
overwritten). Otherwise the flip is refused with a sentence naming both changes.

The history is bounded (KEPT_CHANGES, KEPT_BYTES, the newest change always kept); a new change drops
the undone ones, as an editor's redo ends with the next edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson

from dualtui.domain import Kind, Ref

from .errors import StoreError
from .schema import Data, Row, digest, new_uid

KEPT_CHANGES = 500
KEPT_BYTES = 2 * 1024 * 1024

_KIND_OF_TABLE = {kind.table: kind for kind in Kind}


class RowChange(NamedTuple):
    """One record's rows on either side of a change (None: no record there)."""

    table: str
    number: int
    before: Row | None
    after: Row | None

    @property
    def ref(self) -> Ref:
        return Ref(_KIND_OF_TABLE[self.table], self.number)


class Entry(NamedTuple):
    """One record a change touched: `stored` is the side not in the journal, `digest` the journal
    side's fingerprint (ADDED for a record an applied change added, kept as a range of numbers)."""

    table: str
    number: int
    stored: Row | None
    digest: Any
    fields: tuple[str, ...]

    @property
    def ref(self) -> Ref:
        return Ref(_KIND_OF_TABLE[self.table], self.number)


ADDED = "added"  # the digest of a record an applied change added: the journal holds it, unprinted


class Change(NamedTuple):
    """A change as people read it."""

    uid: str
    at: datetime | None
    by: str
    summary: str
    undone: bool
    refs: tuple[Ref, ...]
    via: str = ""  # the copy a merge brought it in from ("" for this copy's own)

    @property
    def local_at(self) -> datetime | None:
        """When it was made, in this machine's time zone."""
        return None if self.at is None else local_time(self.at)

    def label(self) -> str:
        """“summary” (by, when): how a sentence names a change."""
        when = f", {self.local_at:%Y-%m-%d %H:%M}" if self.local_at else ""
        return f"“{self.summary}” ({self.by}{when})"


class Flip(NamedTuple):
    """What undoing or redoing a change writes: each record's rows (before: the journal's now), the
    meta after it, and the change row as it reads after the flip."""

    rows: list[RowChange]
    meta: dict[str, Any]
    key: str
    change: Row


class NotUndoable(StoreError):
    """An undo or redo refused: nothing was changed."""


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def local_time(moment: datetime) -> datetime:
    return moment.astimezone() if moment.tzinfo else moment


# Recording ------------------------------------------------------------------------------------------


def new_change(
    rows: list[RowChange],
    meta_before: dict[str, Any],
    meta_after: dict[str, Any],
    *,
    by: str,
    summary: str,
    always: bool = False,
) -> Row | None:
    """The history row of a transaction, or None when it changed nothing (unless `always`)."""
    meta = meta_diff(meta_before, meta_after)
    if not rows and not meta and not always:
        return None
    change: Row = {"uid": new_uid(), "at": now_text(), "by": by, "summary": summary or describe(rows)}
    change.update(_sides(rows, applied=True))
    if meta:
        change["meta"] = meta
    return change


def _sides(rows: list[RowChange], *, applied: bool) -> Row:
    """`rows` (and, for an applied change, `added`) for rows whose `after` is in the journal."""
    entries: list[list[Any]] = []
    added: dict[str, list[list[int]]] = {}
    for row in rows:
        if applied and row.before is None:
            runs = added.setdefault(row.table, [])
            if runs and runs[-1][1] == row.number - 1:
                runs[-1][1] = row.number
            else:
                runs.append([row.number, row.number])
        else:
            fields = changed_fields(row.before, row.after)
            entries.append([row.table, row.number, row.before, digest(row.after), fields])
    return {"rows": entries, "added": added} if added else {"rows": entries}


def changed_fields(before: Row | None, after: Row | None) -> list[str]:
    """The fields that differ between two rows of a record (all of them when one side is absent)."""
    old, new = before or {}, after or {}
    return sorted(name for name in {*old, *new} - {"uid"} if old.get(name) != new.get(name))


def describe(rows: list[RowChange]) -> str:
    """A summary made from the rows, for a use case that gave none."""
    words = [f"{_verb(r)} {r.ref}" for r in rows[:3]]
    more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
    return ", ".join(words) + more if words else "changed the journal's settings"


def _verb(row: RowChange) -> str:
    if row.before is None:
        return "added"
    return "deleted" if row.after is None else "changed"


def meta_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Each meta value that differs, by path (`next_ids/papers`), as [before, after] (None: absent)."""
    diff: dict[str, list[Any]] = {}
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            for sub in dict.fromkeys([*old, *new]):
                if old.get(sub) != new.get(sub):
                    diff[f"{key}/{sub}"] = [old.get(sub), new.get(sub)]
        else:
            diff[key] = [old, new]
    return diff


def trimmed(history: dict[str, Row], new: list[Row], sizes: dict[str, int]) -> tuple[list[str], list[Row]]:
    """What new changes (oldest first; the last is the transaction's own) push out of the history:
    the keys to drop (every undone change, with the changes a merge brought in with it, then the
    oldest) and the new ones that stay, so at most KEPT_CHANGES remain, in at most KEPT_BYTES
    (the transaction's own change always stays)."""
    undone = {row.get("uid") for row in history.values() if "undone" in row}
    gone = [key for key, row in history.items() if "undone" in row or row.get("via_change") in undone]
    candidates: list[tuple[str | None, Row]] = [
        (key, row) for key, row in history.items() if key not in set(gone)
    ] + [(None, row) for row in new]
    count = len(candidates)
    total = sum(size_of(row, sizes) for _, row in candidates)
    drop, skipped = list(gone), set()
    for key, row in candidates[:-1]:
        if count <= KEPT_CHANGES and total <= KEPT_BYTES:
            break
        if key is None:
            skipped.add(id(row))
        else:
            drop.append(key)
        count -= 1
        total -= size_of(row, sizes)
    return drop, [row for row in new if id(row) not in skipped]


def size_of(row: Row, sizes: dict[str, int]) -> int:
    """A change's size in the file, kept by uid and state (its rows change only when it is flipped)."""
    key = f"{row.get('uid')}:{'undone' in row}"
    size = sizes.get(key)
    if size is None:
        size = sizes[key] = len(orjson.dumps(row))
    return size


# Undo and redo --------------------------------------------------------------------------------------


def undo_target(history: dict[str, Row], seen: str | None) -> tuple[str, Row]:
    """The change an undo takes back: the one the caller saw as the newest (`seen`), if it is still
    applied, else the newest applied one."""
    applied = [(key, row) for key, row in history.items() if "undone" not in row and "via" not in row]
    if not applied:
        raise NotUndoable("There is nothing to undo.")
    return _chosen(history, applied, seen, "undo")


def redo_target(history: dict[str, Row], seen: str | None) -> tuple[str, Row]:
    """The change a redo puts back: the one the caller saw as the latest undone (`seen`), if it is
    still undone, else the latest undone."""
    undone = sorted(
        ((key, row) for key, row in history.items() if "undone" in row and "via" not in row),
        key=lambda item: item[1]["undone"],
    )
    if not undone:
        raise NotUndoable("There is nothing to redo.")
    return _chosen(history, undone, seen, "redo")


def _chosen(
    history: dict[str, Row], candidates: list[tuple[str, Row]], seen: str | None, verb: str
) -> tuple[str, Row]:
    newest = candidates[-1]
    if seen is None or newest[1].get("uid") == seen:
        return newest
    for key, row in candidates:
        if row.get("uid") == seen:
            return key, row
    meanwhile = next((row for row in history.values() if row.get("uid") == seen), None)
    if meanwhile is None:
        what = "the change you saw last is no longer in the history"
    else:
        what = f"{view(meanwhile).label()} was {verb}ne meanwhile"
    raise NotUndoable(
        f"Nothing to {verb} here: {what} (by another process); the next to {verb} now is "
        f"{view(newest[1]).label()}. Nothing was changed."
    )


def next_undone_place(history: dict[str, Row]) -> int:
    return max((int(row["undone"]) for row in history.values() if "undone" in row), default=0) + 1


def newest_uid(history: dict[str, Row], *, undone: bool) -> str | None:
    """What an undo (undone=False) or a redo (undone=True) would take, as this copy holds it."""
    try:
        _, row = (redo_target if undone else undo_target)(history, None)
    except NotUndoable:
        return None
    return str(row.get("uid"))


def flip(key: str, change: Row, data: Data, meta: dict[str, Any], *, by: str, undone: int | None) -> Flip:
    """Undo (`undone` is its place among undos) or redo (`undone` None) the change at `key`.

    Raises NotUndoable, naming the later change, when a record it touched has changed since."""
    history = history_of(data)
    verb = "undo" if undone is not None else "redo"
    later = _touched_after(history, change["uid"])
    rows: list[RowChange] = []
    for entry in entries_of(change):
        table, number = entry.table, entry.number
        current = data[table].get(str(number))
        moved_on = (table, number) in later or (
            current is None if entry.digest == ADDED else digest(current) != entry.digest
        )
        if moved_on:
            raise NotUndoable(_moved_on_sentence(history, change, entry.ref, verb))
        rows.append(RowChange(table, number, current, entry.stored))
    flipped = {name: value for name, value in change.items() if name not in _SIDES_AND_STATE}
    flipped.update(_sides(rows, applied=undone is None))
    if undone is not None:
        flipped["undone"] = undone
    flipped["flipped"] = [now_text(), by]
    new_meta = _flipped_meta(meta, change.get("meta", {}), undoing=undone is not None, rows=rows)
    return Flip(rows, new_meta, key, flipped)


_SIDES_AND_STATE = ("rows", "added", "undone", "flipped")


def entries_of(change: Row) -> Iterator[Entry]:
    """Every record the change touched; a damaged change raises NotUndoable."""
    try:
        for table, number, stored, expected, fields in change["rows"]:
            if table not in _KIND_OF_TABLE or not isinstance(number, int):
                raise ValueError(table)
            if stored is not None and not isinstance(stored, dict):
                raise ValueError(stored)
            yield Entry(table, number, stored, expected, tuple(fields))
        for table, runs in change.get("added", {}).items():
            if table not in _KIND_OF_TABLE:
                raise ValueError(table)
            for first, last in runs:
                for number in range(int(first), int(last) + 1):
                    yield Entry(table, number, None, ADDED, ())
    except (TypeError, ValueError, AttributeError):
        raise NotUndoable(
            f"Cannot undo or redo {view(change).label()}: its history is damaged. Nothing was changed."
        ) from None


def _touched_after(history: dict[str, Row], uid: str) -> set[tuple[str, int]]:
    """Records touched by the applied changes made after the change `uid`."""
    touched: set[tuple[str, int]] = set()
    for row in reversed(history.values()):
        if row.get("uid") == uid:
            break
        if "undone" not in row and "via" not in row:  # a merged-in change is the merge's to undo
            touched.update((entry.table, entry.number) for entry in entries_of(row))
    return touched


def _flipped_meta(
    meta: dict[str, Any], diff: dict[str, list[Any]], *, undoing: bool, rows: list[RowChange]
) -> dict[str, Any]:
    # A value goes back (or forward) only if it is still where the change left (or found) it: a
    # later change that moved a counter on keeps it, so no number is handed out twice.
    result = {key: dict(value) if isinstance(value, dict) else value for key, value in meta.items()}
    for path, (before, after) in diff.items():
        expected, target = (after, before) if undoing else (before, after)
        holder, name = _holder(result, path)
        if holder.get(name) == expected:
            if target is None:
                holder.pop(name, None)
            else:
                holder[name] = target
    counters = result.setdefault("next_ids", {})
    for row in rows:
        if row.after is not None:
            counters[row.table] = max(int(counters.get(row.table, 1)), row.number + 1)
    return result


def _holder(meta: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    key, _, sub = path.partition("/")
    if not sub:
        return meta, key
    return meta.setdefault(key, {}), sub


def _moved_on_sentence(history: dict[str, Row], change: Row, ref: Ref, verb: str) -> str:
    what = view(change).label()
    since = last_touching(history, ref, besides=change["uid"])
    if since is None:
        return (
            f"Cannot {verb} {what}: {ref} was changed since outside the change history (by hand, or "
            "by a restored backup), so it would be overwritten. Nothing was changed."
        )
    return f"Cannot {verb} {what}: {since.label()} changed {ref} since. Undo that first; nothing was changed."


def last_touching(history: dict[str, Row], ref: Ref, *, besides: str) -> Change | None:
    """The change that touched `ref` last (was made, undone or redone last) after the change
    `besides` (a uid) was made, undone or redone."""
    wanted = (ref.kind.table, ref.number)
    # Times have milliseconds, and two changes can share one: then the one further down the
    # history (made later) counts as the later.
    order = {row.get("uid"): (moment_of(row), place) for place, row in enumerate(history.values())}
    mine = order.get(besides, ("", -1))
    latest: tuple[tuple[str, int], Row] | None = None
    for row in history.values():
        when = order[row.get("uid")]
        if row.get("uid") == besides or when <= mine or (latest is not None and when < latest[0]):
            continue
        if any((entry.table, entry.number) == wanted for entry in entries_of(row)):
            latest = (when, row)
    return None if latest is None else view(latest[1])


def moment_of(row: Row) -> str:
    """When a change last moved: made, or undone or redone (ISO 8601 in UTC sorts as text)."""
    flipped = row.get("flipped")
    return max(str(row.get("at") or ""), str(flipped[0]) if isinstance(flipped, list) and flipped else "")


# Reading --------------------------------------------------------------------------------------------


def history_of(data: Data) -> dict[str, Row]:
    history = data.get("history")
    return history if isinstance(history, dict) else {}


def view(row: Row) -> Change:
    at = row.get("at")
    try:
        refs = tuple(entry.ref for entry in entries_of(row))
    except NotUndoable:
        refs = ()
    return Change(
        uid=str(row.get("uid", "")),
        at=datetime.fromisoformat(at) if isinstance(at, str) else None,
        by=str(row.get("by", "")),
        summary=str(row.get("summary", "")),
        undone="undone" in row,
        refs=refs,
        via=str(row.get("via", "")),
    )


def changes(data: Data) -> list[Change]:
    """The history, oldest first."""
    return [view(row) for row in history_of(data).values()]


def problem_in(table: Any) -> str | None:
    """What is wrong with the history table's shape, if anything (checked on load; each change's
    records are checked when a flip uses them)."""
    if not isinstance(table, dict):
        return "its table “history” is not a JSON object"
    for key, row in table.items():
        if not key.isdigit() or not isinstance(row, dict):
            return f"change {key} of its history is not a JSON object"
        if not isinstance(row.get("rows"), list) or not isinstance(row.get("added", {}), dict):
            return f"change {key} of its history has no list of rows"
        if not isinstance(row.get("meta", {}), dict) or not isinstance(row.get("summary"), str):
            return f"change {key} of its history is damaged (its summary or meta)"
        if not isinstance(row.get("undone", 0), int) or not isinstance(row.get("uid"), str):
            return f"change {key} of its history is damaged (its uid or undone)"
        at = row.get("at")
        if at is not None and not _is_time(at):
            return f"change {key} of its history has a time that is not ISO 8601 (“{at}”)"
    return None


def _is_time(text: Any) -> bool:
    try:
        datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True
