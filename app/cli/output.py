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
from datetime import date
from typing import Any, TextIO

from dualtui.domain import Build, Entry, Paper, Phase, Record, safe_text
from dualtui.domain.dates import age_text
from dualtui.domain.model import PRIORITY_NAMES


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
        return f"{record.ref!s:<6} {record.status.value:<8} {age:>5}  {record.title}{who}{prio}"
    if isinstance(record, Build):
        papers = " ← " + ", ".join(f"p{n}" for n in record.paper_ids) if record.paper_ids else ""
        writeup = f" [write-up {record.writeup.value}]" if record.writeup.value != "none" else ""
        age = age_text((today - record.added.date()).days)
        return f"{record.ref!s:<6} {record.status.value:<9} {age:>5}  {record.title}{papers}{writeup}"
    if isinstance(record, Entry):
        links = "".join(
            f" {label}{n}"
            for label, n in (("p", record.paper_id), ("b", record.build_id), ("↩e", record.answers))
            if n
        )
        return f"{record.ref!s:<6} {record.at:%Y-%m-%d} {record.kind.value:<11} {record.text}{links}"
    if isinstance(record, Phase):
        end = f"ended {record.ended:%Y-%m-%d}" if record.ended else f"until {record.planned_end}"
        goal = f"  {record.goal}" if record.goal else ""
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
    names = paper.authors[0].split(",")[0] if paper.authors else ""
    if len(paper.authors) > 1:
        names += " et al."
    year = f" {paper.year}" if paper.year else ""
    return f" ({names}{year})".replace("( ", "(")
