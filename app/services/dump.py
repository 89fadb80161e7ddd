"""dualtui's own export, JSON or YAML: every table with its ids, and the meta (schema version included),
so that export → import → export gives the same bytes. Import restores it into an empty journal only.

Shape (stable): {"format": "dualtui export", "schema": N, "meta": {...}, "phases": [...], "papers":
[...], "builds": [...], "entries": [...], "snoozes": [...]}; each record is its stored form with
"id" (a number) first. YAML is read with the safe loader only: a `!!python/...` tag is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from dualtui.domain import Kind, Snapshot, safe_text
from dualtui.domain.model import RECORD_TYPES
from dualtui.domain.text import plural
from dualtui.store import Journal
from dualtui.store.checks import damaged_records, meta_problem, summary
from dualtui.store.schema import META_DOC, RECORD_TABLES, SCHEMA_VERSION, migrate

from .import_report import ImportReport, TransferError

FORMAT_NAME = "dualtui export"
# The file is parsed whole (within the import's byte cap) before anything is checked; after that every
# record costs its record, its row and its place in the change history. 200,000 records (twice the
# largest journal the benchmarks measure) restored at a peak of 451 MB; the 64 MiB cap alone let in
# 760,000 small ones.
MAX_EXPORT_RECORDS = 200_000
_KIND_OF_TABLE = {kind.table: kind for kind in Kind}


def export_data(snapshot: Snapshot, meta: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema": int(meta.get("schema", SCHEMA_VERSION)),
        "meta": meta,
    }
    for table in RECORD_TABLES:
        records = snapshot.table(_KIND_OF_TABLE[table]).values()
        data[table] = [{"id": r.id, **r.to_record()} for r in sorted(records, key=lambda r: r.id)]
    return data


def to_json(data: dict[str, Any]) -> str:
    # Control, bidi and other unsafe characters as \u escapes: lossless, and harmless on a terminal.
    return safe_text.json_lossless(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()) + "\n"


def to_yaml(data: dict[str, Any]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    if safe_text.is_safe(text):
        return text
    # PyYAML writes bidi controls and U+0085 as themselves; without allow_unicode it escapes every
    # character beyond ASCII in double quotes, which reads back the same.
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=False, width=100)


def parse_export(text: str, fmt: str, source: Path) -> dict[str, Any]:
    """The export's data, checked for shape; raises TransferError with the place of the problem."""
    data = _parse_yaml(text, source) if fmt == "yaml" else _parse_json(text, source)
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise TransferError(
            f"{source} is not a dualtui export (it lacks “format: {FORMAT_NAME}”): "
            "import takes BibTeX (.bib) or a file written by `dualtui export --format json|yaml`."
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or schema < 0:
        raise TransferError(f"{source}: “schema” must be a whole number, not {schema!r}.")
    if schema > SCHEMA_VERSION:
        raise TransferError(
            f"{source} was exported by a newer dualtui (schema {schema}; this version knows up to "
            f"{SCHEMA_VERSION}): upgrade dualtui to import it."
        )
    if not isinstance(data.get("meta", {}), dict):
        raise TransferError(f"{source}: “meta” must be a mapping.")
    for table in RECORD_TABLES:
        if not isinstance(data.get(table, []), list):
            raise TransferError(f"{source}: “{table}” must be a list of records.")
    _bound(sum(len(data.get(table, [])) for table in RECORD_TABLES), source)
    for table in RECORD_TABLES:
        rows = data.get(table, [])
        seen: set[int] = set()
        for position, row in enumerate(rows, 1):
            number = row.get("id") if isinstance(row, dict) else None
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                raise TransferError(f"{source}: record {position} of “{table}” has no valid “id”.")
            if number in seen:
                raise TransferError(f"{source}: “{table}” holds id {number} twice.")
            seen.add(number)
    return data


def _bound(records: int, source: Path) -> None:
    if records > MAX_EXPORT_RECORDS:
        raise TransferError(
            f"{source} holds more records than dualtui restores from an export ({MAX_EXPORT_RECORDS:,}), "
            "so nothing was imported: a journal that large moves as its own file (copy it, and open the "
            "copy with --db)."
        )


def _parse_json(text: str, source: Path) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise TransferError(f"{source} is not valid JSON ({error}).") from None


def _parse_yaml(text: str, source: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # Building YAML costs about 75 bytes of memory per byte read (10.7 MB of it: 800 MB, 33 s):
        # the records are counted from the parser's events first, which build nothing (34 MB, 2.8 s).
        _bound(_top_level_items(yaml.parse(text, Loader=loader)), source)
        return yaml.load(text, Loader=loader)  # the safe loader: no tag that builds objects
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}" if mark else ""
        raise TransferError(
            f"{source} uses a YAML tag dualtui does not load{where} ({error.problem}); a dualtui export "
            "holds only plain data, so nothing was imported."
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise TransferError(f"{source} is not valid YAML{where} ({problem}).") from None


def _top_level_items(events: Iterable[Any]) -> int:
    """How many items the lists of a YAML document's top mapping hold (an export's records), from the
    parser's events; it stops one past the bound."""
    import yaml

    opening = {yaml.MappingStartEvent: True, yaml.SequenceStartEvent: False}
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    items = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    open_kinds: list[bool] = []  # the collections open at this point: True for a mapping
    count = 0
    for event in events:
        kind = type(event)
        if kind in items and open_kinds == [True, False]:
            count += 1
            if count > MAX_EXPORT_RECORDS:
                break
        if kind in opening:
            open_kinds.append(opening[kind])
        elif kind in closing:
            open_kinds.pop()
    return count


def restore(journal: Journal, source: Path, text: str, fmt: str, *, dry_run: bool = False) -> ImportReport:
    """Put an export back, ids and meta included, into a journal that holds nothing yet."""
    data = parse_export(text, fmt, source)
    raw: dict[str, Any] = {
        "meta": {META_DOC: {**data.get("meta", {}), "schema": data["schema"]}},
        **{t: {str(row["id"]): _without_id(row) for row in data.get(t, [])} for t in RECORD_TABLES},
    }
    # The journal's own validation: an export with any bad record is refused whole, naming them.
    problem = meta_problem(raw)
    if problem is not None:
        raise TransferError(f"{source}: {problem}; nothing was imported.")
    problems = damaged_records(raw)
    if problems:
        count = plural(problems, "damaged record")
        raise TransferError(f"{source}: {count}: {summary(problems)}; nothing was imported.")
    raw = migrate(raw)
    records = [
        RECORD_TYPES[_KIND_OF_TABLE[table]].from_record(int(key), row)
        for table in RECORD_TABLES
        for key, row in raw[table].items()
    ]
    report = ImportReport(source=source, dry_run=dry_run)
    report.restored = {t: len(raw[t]) for t in RECORD_TABLES}
    if dry_run:
        journal.refresh()
        _require_empty(journal.snapshot(), journal)
        return report
    with journal.transaction() as tx:
        _require_empty(tx.snapshot, journal)
        for record in records:
            tx.restore(record)
        meta = raw["meta"][META_DOC]
        next_ids = {
            t: max(int(meta.get("next_ids", {}).get(t, 1)), tx.meta["next_ids"].get(t, 1))
            for t in RECORD_TABLES
        }
        tx.meta.clear()
        tx.meta.update(meta)
        tx.meta["next_ids"] = next_ids
        tx.summary = f"restored the export {source.name} ({len(records)} records)"
    return report


def _without_id(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "id"}


def _require_empty(snapshot: Snapshot, journal: Journal) -> None:
    held = snapshot.record_count() + len(snapshot.snoozes)
    if held:
        raise TransferError(
            f"The journal {journal.path} already holds {plural(held, 'record')}: "
            "an export is restored only into "
            "an empty journal (give a new file with --db)."
        )
