"""What is wrong with a journal's data, in words: the one validation of its shape and types that the
load, `dualtui doctor` and the import of an export share.

The load reads every record with its `from_record`, which checks types inline for speed; only when
one fails does it come here, for the sentence that names the record and the field. `doctor` comes
here for all of them, and so does an import, which is refused whole when any record is bad.
"""

from __future__ import annotations

from typing import Any

from dualtui.domain import Kind, Record
from dualtui.domain.text import plural
from dualtui.domain.validation import MAX_ID, InvalidRecord, number_problem, problem_in

from .errors import StoreError
from .schema import META_DOC, RECORD_TABLES

KIND_OF_TABLE = {kind.table: kind for kind in Kind}
# How many bad records a sentence names before it says how many more there are.
NAMED = 5


def meta_problem(data: Any) -> str | None:
    """What is wrong with the top level and `meta` of a journal's data, or None."""
    if type(data) is not dict:
        return "it holds no journal (the top level is not a JSON object)"
    meta_table = data.get("meta", {})
    if type(meta_table) is not dict:
        return "its “meta” is not a JSON object"
    meta = meta_table.get(META_DOC, {})
    if type(meta) is not dict:
        return f"its “meta” record {META_DOC} is not a JSON object"
    schema = meta.get("schema", 0)
    if type(schema) is not int or schema < 0:
        return f"its “meta.schema” must be a whole number, not {schema!r:.40}"
    next_ids = meta.get("next_ids", {})
    if type(next_ids) is not dict or not all(
        type(number) is int and 0 < number <= MAX_ID + 1 for number in next_ids.values()
    ):
        return f"its “meta.next_ids” must map each table to a record number up to {MAX_ID + 1:,}"
    if type(meta.get("trash", [])) is not list:
        return "its “meta.trash” must be a list"
    for table in RECORD_TABLES:
        if type(data.get(table, {})) is not dict:
            return f"its table “{table}” is not a JSON object"
    return None


def damaged_records(data: dict[str, Any]) -> list[str]:
    """Every record of the journal's data that is not of its kind's shape and types, each as
    `record p3 in “papers”: its “title” must be text, not 123`, in table and number order."""
    problems: list[str] = []
    for table in RECORD_TABLES:
        kind = KIND_OF_TABLE[table]
        rows = data.get(table, {})
        numbers: dict[int, str] = {}
        for key, row in rows.items():
            problem = number_problem(key)
            if problem is None:
                number = int(key)
                if number in numbers:
                    problem = f"it has the same number as “{numbers[number]}”"
                numbers[number] = key
                problem = problem or problem_in(kind, row)
            if problem is not None:
                problems.append(f"record {kind.prefix}{key:.20} in “{table}”: {problem}")
    return problems


def summary(problems: list[str]) -> str:
    """The first few problems in one sentence, and how many more there are."""
    named = "; ".join(problems[:NAMED])
    more = len(problems) - NAMED
    return named + (f"; and {plural(more, 'more record')}" if more > 0 else "")


def refuse_unreadable(record: Record, stored: dict[str, Any]) -> None:
    """Raise StoreError if `stored` (a record as it is about to be written) would not open again:
    the load's own validation, on every record a transaction writes."""
    try:
        type(record).from_record(record.id, stored)
    except InvalidRecord as error:
        raise StoreError(f"{record.ref} cannot be saved: {error}; nothing was changed.") from None
