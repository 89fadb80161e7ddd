"""The chains of the practice around one record, both ways: what it builds on and what came of it.

A paper shows its builds and the claims builds validated or refuted; a build its papers, its log and
write-up; a failure its question, a question the failure it answers, an insight the builds it fed.
"""

from __future__ import annotations

from textual.content import Content

from ..domain import Build, Entry, EntryKind, Paper, Phase, Record, Snapshot
from ..domain.links import LinkIndex, claim_evidence, evidence_naming_no_claim, linked_entries, missing_real
from .rows import BUILD_LOOK, ENTRY_LOOK, PAPER_LOOK, View
from .text import fit, one_line

WIDTH = 56
ROLE_STYLE = {
    "row--muted": "$text-muted",
    "row--accent": "$accent",
    "row--good": "$success",
    "row--warn": "$warning",
    "row--bad": "$error",
    "row--info": "$primary",
}


def _line(glyph_role: tuple[str, str], ref: str, text: str) -> Content:
    glyph, role = glyph_role
    return Content.assemble("  ", (glyph, ROLE_STYLE[role]), f" {ref:<5} ", fit(one_line(text), WIDTH))


def _entry_line(entry: Entry) -> Content:
    return _line(ENTRY_LOOK[entry.kind], str(entry.ref), f"{entry.kind.value}: {entry.text}")


def _section(title: str, lines: list[Content], empty: str) -> list[Content]:
    head = Content.styled(title, "bold")
    if not lines:
        return [head, Content.styled(f"  {empty}", "$text-muted")]
    return [head, *lines]


def _entries(snapshot: Snapshot, numbers: list[int]) -> list[Entry]:
    return [e for n in numbers if (e := snapshot.entries.get(n)) is not None]


def _claims(snapshot: Snapshot, links: LinkIndex, paper: Paper, evidence: list[Entry]) -> list[Content]:
    """Each claim with the entries that validated (✓) or refuted (⊘) it; evidence naming no claim after."""
    by_claim = claim_evidence(snapshot, links, paper)
    lines = []
    for number, claim in enumerate(paper.claims, 1):
        found = by_claim[number]
        marks = " ".join(f"{'✓' if e.kind is EntryKind.VALIDATED else '⊘'} {e.ref}" for e in found)
        lines.append(Content.assemble(f"  {number}. ", fit(one_line(claim), WIDTH - 14), f"  {marks or '—'}"))
    unnamed = evidence_naming_no_claim(snapshot, links, paper) if paper.claims else evidence
    if unnamed and paper.claims:
        lines.append(Content.styled("  naming no claim:", "$text-muted"))
    lines += [_entry_line(e) for e in unnamed]
    return _section("Its claims in production", lines, "No claim noted, none validated or refuted yet.")


def chains(record: Record, view: View) -> Content:
    snapshot, links = view.snapshot, view.links
    sections: list[Content] = []
    if isinstance(record, Paper):
        builds = [b for n in links.builds_by_paper.get(record.id, []) if (b := snapshot.builds.get(n))]
        sections += _section(
            "Built from it",
            [_line(BUILD_LOOK[b.status], str(b.ref), b.title) for b in builds],
            "Nothing yet: b builds one.",
        )
        entries = _entries(snapshot, links.entries_by_paper.get(record.id, []))
        evidence = [e for e in entries if e.kind in (EntryKind.VALIDATED, EntryKind.REFUTED)]
        sections += _claims(snapshot, links, record, evidence)
        questions = linked_entries(snapshot, links, record, EntryKind.QUESTION)
        if questions:
            sections += _section("Read for", [_entry_line(q) for q in questions], "")
        others = [e for e in entries if e not in evidence]
        if others:
            sections += _section("Log about it", [_entry_line(e) for e in others[-8:]], "")
    elif isinstance(record, Build):
        papers = [p for n in record.paper_ids if (p := snapshot.papers.get(n))]
        sections += _section(
            "Builds on",
            [_line(PAPER_LOOK[p.status], str(p.ref), p.title) for p in papers],
            "No paper linked.",
        )
        applied = linked_entries(snapshot, links, record, EntryKind.INSIGHT)
        if applied:
            sections += _section("Applies", [_entry_line(e) for e in applied], "")
        questions = linked_entries(snapshot, links, record, EntryKind.QUESTION)
        if questions:
            sections += _section("Tests the questions", [_entry_line(q) for q in questions], "")
        missing = missing_real(record)
        if missing:
            sections += [Content.styled(f"Not a toy yet: name its {', '.join(missing)}.", "bold $warning")]
        log = _entries(snapshot, links.entries_by_build.get(record.id, []))
        sections += _section(
            "What production taught", [_entry_line(e) for e in log[-10:]], "Nothing logged yet."
        )
        state = record.writeup.value + (f" · {record.writeup_path}" if record.writeup_path else "")
        sections += [Content.assemble(("Write-up ", "bold"), one_line(state))]
    elif isinstance(record, Entry):
        if record.answers is not None and (source := snapshot.entries.get(record.answers)):
            sections += _section("Follows up", [_entry_line(source)], "")
        if record.kind is EntryKind.QUESTION:
            papers = [p for n in record.linked_papers if (p := snapshot.papers.get(n))]
            builds = [b for n in record.linked_builds if (b := snapshot.builds.get(n))]
            lines = [_line(PAPER_LOOK[p.status], str(p.ref), p.title) for p in papers]
            lines += [_line(BUILD_LOOK[b.status], str(b.ref), b.title) for b in builds]
            sections += _section("Addressed by", lines, "Nothing yet: L links research or a build.")
        followups = _entries(snapshot, links.followups.get(record.id, []))
        empty = {
            EntryKind.FAILURE: "No research question yet: f turns it into one.",
            EntryKind.QUESTION: "No answer yet: f logs it.",
        }.get(record.kind, "None.")
        sections += _section("Followed up by", [_entry_line(e) for e in followups], empty)
        applied = [b for n in links.builds_from_entry.get(record.id, []) if (b := snapshot.builds.get(n))]
        applied += [b for n in record.linked_builds if (b := snapshot.builds.get(n))]
        if record.kind is EntryKind.INSIGHT:
            lines = [_line(BUILD_LOOK[b.status], str(b.ref), b.title) for b in applied]
            sections += _section("Applied in", lines, "No build yet: b builds one, L links one.")
    elif isinstance(record, Phase) and record.summary:
        lines = [Content(f"  {name.replace('_', ' ')}: {value}") for name, value in record.summary.items()]
        sections += _section("What it produced", lines, "")
    return Content("\n").join(sections)
