"""How the command line prints records: aligned lines for people, stable JSON for programs.

JSON shape (stable): a list of objects, each the record as stored in the journal plus `"id"`
(`"p12"`), in id order.

Everything a command prints goes through `TerminalStream` (see `main`): text from the journal or a
file never reaches the terminal raw. JSON is written with its unsafe characters as `\\u` escapes, so
it passes through unchanged and reads back exactly.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TextIO

from dualtui.domain import Build, Entry, Paper, Phase, Record, safe_text
from dualtui.domain.dates import age_text
from dualtui.domain.model import PRIORITY_NAMES
from dualtui.domain.text import listing_line
from dualtui.domain.text_lists import join_items


def record_json(record: Record) -> dict[str, Any]:
    return {"id": str(record.ref), **record.to_record()}


def print_json(value: Any) -> None:
    import json  # only the --json commands pay for it

    sys.stdout.write(safe_text.json_lossless(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


class TerminalStream:
    """A text stream that shows every unsafe character it is given visibly (`safe_text.terminal`)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(safe_text.terminal(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def record_line(record: Record, today: date) -> str:
    if isinstance(record, Paper):
        who = _byline(record)
        prio = f" !{PRIORITY_NAMES[record.priority]}" if record.priority else ""
        age = age_text((today - record.added.date()).days)
        return f"{record.ref!s:<6} {record.status.value:<8} {age:>5}  {listing_line(record.title)}{who}{prio}"
    if isinstance(record, Build):
        papers = " ← " + ", ".join(f"p{n}" for n in record.paper_ids) if record.paper_ids else ""
        writeup = f" [write-up {record.writeup.value}]" if record.writeup.value != "none" else ""
        age = age_text((today - record.added.date()).days)
        title = listing_line(record.title)
        return f"{record.ref!s:<6} {record.status.value:<9} {age:>5}  {title}{papers}{writeup}"
    if isinstance(record, Entry):
        links = "".join(
            f" {label}{n}"
            for label, n in (("p", record.paper_id), ("b", record.build_id), ("↩e", record.answers))
            if n
        )
        text = listing_line(record.text)
        return f"{record.ref!s:<6} {record.at:%Y-%m-%d} {record.kind.value:<11} {text}{links}"
    if isinstance(record, Phase):
        end = f"ended {record.ended:%Y-%m-%d}" if record.ended else f"until {record.planned_end}"
        goal = f"  {listing_line(record.goal)}" if record.goal else ""
        return f"{record.ref!s:<6} {record.kind.value:<10} {record.started:%Y-%m-%d} {end}{goal}"
    return f"{record.ref!s:<6} {record.to_record()}"


def print_records(records: Iterable[Record], today: date, as_json: bool) -> None:
    if as_json:
        print_json([record_json(r) for r in records])
        return
    for record in records:
        print(record_line(record, today))


def _byline(paper: Paper) -> str:
    if not paper.authors and not paper.year:
        return ""
    names = listing_line(paper.authors[0].split(",")[0]) if paper.authors else ""
    if len(paper.authors) > 1:
        names += " et al."
    year = f" {paper.year}" if paper.year else ""
    return f" ({names}{year})".replace("( ", "(")


# What `show` prints for a field: its label, and its value as a person reads it.
_LABELS = {
    "paper_id": "paper",
    "build_id": "build",
    "paper_ids": "papers",
    "from_entry": "from",
    "answers": "answers",
    "linked_papers": "linked papers",
    "linked_builds": "linked builds",
    "data_source": "data source",
    "planned_end": "planned end",
    "writeup": "write-up",
}
_REFS = {
    "paper_id": "p",
    "build_id": "b",
    "paper_ids": "p",
    "from_entry": "e",
    "answers": "e",
    "linked_papers": "p",
    "linked_builds": "b",
}
# Bookkeeping a person need not see unless it holds something.
_QUIET = frozenset({"bibkey", "bibtype", "editors", "whole_names", "writeup_path", "writeup_changed"})
_FOLDED = frozenset({"et_al"})  # shown with the authors
EMPTY = "—"


def show_lines(record: Record, notes: dict[str, str]) -> list[str]:
    """A record as `show` prints it: one field a line (a long text goes on under its value), ids as
    `p40`, an empty value as —, a list as `edit --set` takes it; `notes` adds a word beside a field."""
    names = [name for name in record.to_record() if name not in _FOLDED]
    if isinstance(record, Paper) and record.claims:
        names.remove("claims")  # listed with their evidence below (loops_view)
    shown = [("id", str(record.ref))]
    for name in names:
        value = _shown_value(record, name)
        if value == EMPTY and name in _QUIET:
            continue
        note = notes.get(name)
        if note:  # a note stands for an empty value (a build's missing real part), beside a filled one
            value = note if value == EMPTY else f"{value}  {note}"
        shown.append((_LABELS.get(name, name), value))
    width = max(len(label) for label, _ in shown)
    lines = []
    for label, value in shown:
        first, *rest = value.splitlines() or [""]
        lines.append(f"{label:>{width}}: {first}")
        lines += [f"{'':>{width}}  {line}" for line in rest]
    return lines


def _shown_value(record: Record, name: str) -> str:
    value = getattr(record, name)
    if value is None or (isinstance(value, str | list | tuple | dict) and not value):
        return EMPTY
    if name in _REFS:
        numbers = value if isinstance(value, list | tuple) else [value]
        return ", ".join(f"{_REFS[name]}{number}" for number in numbers)
    if name == "priority":
        return PRIORITY_NAMES.get(value, str(value))
    if name == "authors" and isinstance(record, Paper) and record.et_al:
        return join_items(value) + " and others"
    if isinstance(value, list | tuple):
        return join_items([str(item) for item in value])
    if isinstance(value, dict):
        return "\n".join(f"{key.replace('_', ' ')}: {item}" for key, item in value.items())
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(getattr(value, "value", value))
