"""What `dualtui show` adds about a record's loops: a paper's claims with their evidence, what a
paper or build addresses, a question's chain from the failure to its answer, and what a build leaves
unnamed. Plain lines; `show --json` stays the record as stored."""

from __future__ import annotations

from typing import Any

from dualtui.domain import Build, Entry, EntryKind, Paper, Snapshot
from dualtui.domain.links import (
    REAL_PARTS,
    answers_of,
    claim_evidence,
    evidence_naming_no_claim,
    index_links,
    linked_entries,
    missing_real,
)

_MARK = {EntryKind.VALIDATED: "✓", EntryKind.REFUTED: "⊘"}


def missing_marks(record: Any) -> dict[str, str]:
    """A note beside each real part a build leaves empty, by field."""
    if not isinstance(record, Build):
        return {}
    return {field: f"(missing: {ask})" for _, field, ask in REAL_PARTS if not getattr(record, field).strip()}


def loop_lines(snapshot: Snapshot, record: Any) -> list[str]:
    links = index_links(snapshot)
    lines: list[str] = []
    if isinstance(record, Paper):
        evidence = claim_evidence(snapshot, links, record)
        if record.claims:
            lines.append("claims and their evidence:")
        for number, claim in enumerate(record.claims, 1):
            found = evidence[number]
            tested = "  ".join(f"{_MARK[e.kind]} {e.ref} {e.text}" for e in found) or "no evidence yet"
            lines.append(f"  {number}. {claim}  —  {tested}")
        unnamed = evidence_naming_no_claim(snapshot, links, record) if record.claims else []
        if unnamed:
            lines.append(f"evidence naming no claim (dualtui edit {unnamed[0].ref} --set claim=N names one):")
            lines += [f"  {_MARK[e.kind]} {e.ref} {e.text}" for e in unnamed]
        lines += _section(
            "questions it is read for", linked_entries(snapshot, links, record, EntryKind.QUESTION)
        )
    elif isinstance(record, Build):
        lines += _section("questions it tests", linked_entries(snapshot, links, record, EntryKind.QUESTION))
        lines += _section(
            "insights applied to it", linked_entries(snapshot, links, record, EntryKind.INSIGHT)
        )
        missing = missing_real(record)
        if missing:
            lines.append(
                f"not a toy yet: name its {', '.join(missing)} (dualtui edit {record.ref} --set ...)"
            )
    elif isinstance(record, Entry):
        lines += _entry_lines(snapshot, links, record)
    return lines


def _entry_lines(snapshot: Snapshot, links: Any, entry: Entry) -> list[str]:
    if entry.kind is EntryKind.QUESTION:
        chain = []
        follows = snapshot.entries.get(entry.answers) if entry.answers is not None else None
        if follows is not None:
            chain.append(_entry(follows))
        chain.append(_entry(entry))
        papers = [p for n in entry.linked_papers if (p := snapshot.papers.get(n)) is not None]
        builds = [b for n in entry.linked_builds if (b := snapshot.builds.get(n)) is not None]
        chain += [f"{p.ref} paper ({p.status.value}): {p.title}" for p in papers]
        chain += [f"{b.ref} build ({b.status.value}): {b.title}" for b in builds]
        if not papers and not builds:
            chain.append(
                f"nothing addresses it yet: dualtui add paper TITLE --for {entry.ref}, or link a build"
            )
        answers = answers_of(snapshot, links, entry.id)
        chain += [_entry(a) for a in answers] or [
            f'no answer yet: dualtui log insight "..." --answers {entry.ref}'
        ]
        return ["chain:", *(f"  {'→ ' if i else ''}{step}" for i, step in enumerate(chain))]
    if entry.kind is EntryKind.INSIGHT:
        builds = [b for n in entry.linked_builds if (b := snapshot.builds.get(n)) is not None]
        builds += [b for n in links.builds_from_entry.get(entry.id, ()) if (b := snapshot.builds.get(n))]
        return [f"applied to: {', '.join(f'{b.ref} {b.title}' for b in builds) or 'no build yet'}"]
    if entry.claim is not None and entry.paper_id in snapshot.papers:
        paper = snapshot.papers[entry.paper_id]
        if 1 <= entry.claim <= len(paper.claims):
            return [f"tests claim {entry.claim} of {paper.ref}: {paper.claims[entry.claim - 1]}"]
    return []


def _section(title: str, entries: list[Entry]) -> list[str]:
    return [f"{title}:", *(f"  {_entry(e)}" for e in entries)] if entries else []


def _entry(entry: Entry) -> str:
    return f"{entry.ref} {entry.kind.value}: {entry.text}"
