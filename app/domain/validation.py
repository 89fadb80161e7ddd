"""The shape and types of a record as a file holds it: the one validation used on load, on import
and by `dualtui doctor`.

Each record type's `from_record` checks its fields as it reads them, with a few type tests per
record that cost little at start-up; when one fails it asks `problem_in` here, which walks the rules
below and says which field is wrong and why. `problem_in` also is what a test holds `from_record`
to: a row is refused by one exactly when the other names a problem.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .errors import UserError
from .ids import Kind

# Ids are typed as at most nine digits (domain.ids); a file may not hold more either.
MAX_ID = 999_999_999
# Dates stay clear of datetime's year 9999, where adding a day or a phase length overflows.
MAX_YEAR = 9000
MIN_YEAR = -9999  # a publication year only; dates the journal keeps are datetime's, from year 1


class InvalidRecord(UserError):
    """A record whose fields do not have the shape and types of its kind; says which and why."""


def _text(value: Any) -> bool:
    return type(value) is str


def _texts(value: Any) -> bool:
    # null reads as an empty list, as a missing field does.
    return value is None or (type(value) is list and all(type(item) is str for item in value))


def _id(value: Any) -> bool:
    return type(value) is int and 0 < value <= MAX_ID


def _id_or_none(value: Any) -> bool:
    return value is None or _id(value)


def _ids(value: Any) -> bool:
    return value is None or (type(value) is list and all(_id(item) for item in value))


def _dated(parse: Callable[[str], date]) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        try:
            return type(value) is str and parse(value).year <= MAX_YEAR
        except ValueError:
            return False

    return check


_moment = _dated(datetime.fromisoformat)
_day = _dated(date.fromisoformat)


def _moment_or_none(value: Any) -> bool:
    return value is None or _moment(value)


def _day_or_none(value: Any) -> bool:
    # As Snooze.from_record reads it: the day part of a date or a date and time.
    return value is None or (type(value) is str and _day(value[:10]))


def _year_or_none(value: Any) -> bool:
    # biblatex dates go back before year 1 (Plato's Republic is -0379), so a year may be negative.
    return value is None or (type(value) is int and MIN_YEAR <= value <= MAX_YEAR)


def _flag_or_none(value: Any) -> bool:
    return value is None or type(value) is bool


def _priority(value: Any) -> bool:
    return type(value) is int and 0 <= value <= 3


def _counts(value: Any) -> bool:
    return value is None or (
        type(value) is dict
        and all(
            type(key) is str and type(count) is int and abs(count) <= MAX_ID for key, count in value.items()
        )
    )


def _one_of(*names: str) -> Callable[[Any], bool]:
    allowed = frozenset(names)
    return lambda value: type(value) is str and value in allowed


TEXT = "text"
MOMENT = "a date and time such as 2026-11-25T09:30:00"
ID = f"a record number from 1 to {MAX_ID:,}"

# (field, required, check, what it must be)
Rule = tuple[str, bool, Callable[[Any], bool], str]
RULES: dict[Kind, tuple[Rule, ...]] = {
    Kind.PHASE: (
        ("kind", True, _one_of("research", "production"), "research or production"),
        ("goal", False, _text, TEXT),
        ("started", True, _moment, MOMENT),
        ("planned_end", True, _day, "a day such as 2026-11-25"),
        ("ended", False, _moment_or_none, MOMENT + ", or null"),
        ("review", False, _text, TEXT),
        ("summary", False, _counts, "a mapping of names to whole numbers"),
    ),
    Kind.PAPER: (
        ("title", False, _text, TEXT),
        ("added", True, _moment, MOMENT),
        ("authors", False, _texts, "a list of texts, or null"),
        ("year", False, _year_or_none, f"a year from {MIN_YEAR} to {MAX_YEAR}, or null"),
        ("venue", False, _text, TEXT),
        ("doi", False, _text, TEXT),
        ("arxiv", False, _text, TEXT),
        ("url", False, _text, TEXT),
        ("tags", False, _texts, "a list of texts, or null"),
        (
            "status",
            False,
            _one_of("queued", "reading", "read", "dropped"),
            "queued, reading, read or dropped",
        ),
        ("priority", False, _priority, "0, 1, 2 or 3"),
        ("started", False, _moment_or_none, MOMENT + ", or null"),
        ("finished", False, _moment_or_none, MOMENT + ", or null"),
        ("notes", False, _text, TEXT),
        ("claims", False, _texts, "a list of texts, or null"),
        ("bibkey", False, _text, TEXT),
        ("bibtype", False, _text, TEXT),
        ("editors", False, _texts, "a list of texts, or null"),
        ("et_al", False, _flag_or_none, "true, false or null"),
        ("whole_names", False, _texts, "a list of texts, or null"),
    ),
    Kind.BUILD: (
        ("title", False, _text, TEXT),
        ("added", True, _moment, MOMENT),
        ("description", False, _text, TEXT),
        (
            "status",
            False,
            _one_of("idea", "building", "shipped", "abandoned"),
            "idea, building, shipped or abandoned",
        ),
        ("paper_ids", False, _ids, f"a list of record numbers from 1 to {MAX_ID:,}, or null"),
        ("data_source", False, _text, TEXT),
        ("constraints", False, _text, TEXT),
        ("users", False, _text, TEXT),
        ("started", False, _moment_or_none, MOMENT + ", or null"),
        ("shipped", False, _moment_or_none, MOMENT + ", or null"),
        ("ended", False, _moment_or_none, MOMENT + ", or null"),
        ("writeup", False, _one_of("none", "draft", "done"), "none, draft or done"),
        ("writeup_path", False, _text, TEXT),
        ("writeup_changed", False, _moment_or_none, MOMENT + ", or null"),
        ("from_entry", False, _id_or_none, ID + ", or null"),
    ),
    Kind.ENTRY: (
        ("at", True, _moment, MOMENT),
        (
            "kind",
            True,
            _one_of("failure", "insight", "observation", "question", "validated", "refuted", "note"),
            "failure, insight, observation, question, validated, refuted or note",
        ),
        ("text", False, _text, TEXT),
        ("paper_id", False, _id_or_none, ID + ", or null"),
        ("build_id", False, _id_or_none, ID + ", or null"),
        ("answers", False, _id_or_none, ID + ", or null"),
        ("linked_papers", False, _ids, f"a list of record numbers from 1 to {MAX_ID:,}, or null"),
        ("linked_builds", False, _ids, f"a list of record numbers from 1 to {MAX_ID:,}, or null"),
        ("claim", False, _id_or_none, "a claim's number (1 for the paper's first), or null"),
    ),
    Kind.SNOOZE: (
        ("rule", False, _text, TEXT),
        ("target", False, _text, TEXT),
        ("at", True, _moment, MOMENT),
        ("until", False, _day_or_none, "a day such as 2026-11-25, or null"),
    ),
}


def problem_in(kind: Kind, row: Any) -> str | None:
    """What is wrong with `row` as a record of `kind`, in words, or None if nothing is."""
    if type(row) is not dict:
        return f"it is {_shown(row)}, not a JSON object"
    for name, required, check, wanted in RULES[kind]:
        if name not in row:
            if required:
                return f"it has no “{name}”"
            continue
        if not check(row[name]):
            return f"its “{name}” must be {wanted}, not {_shown(row[name])}"
    return None


def invalid(kind: Kind, row: Any) -> InvalidRecord:
    """The error for a row that `from_record` could not read."""
    return InvalidRecord(problem_in(kind, row) or "it cannot be read")


def number_problem(key: str) -> str | None:
    """What is wrong with a table's key as a record number, or None."""
    if not key.isdigit() or not key.isascii() or len(key) > len(str(MAX_ID)) or not 0 < int(key) <= MAX_ID:
        return f"its number “{_cut(key)}” is not a record number from 1 to {MAX_ID:,}"
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"“{_cut(value)}”"
    if isinstance(value, int | float):
        return _cut(str(value)) if abs(value) < 10**30 else "a number too large"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _cut(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
