"""The whole journal as Markdown a person reads: phases with their reviews, the reading and build
queues, and the validation log by date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import groupby

from dualtui.domain import Build, BuildStatus, Entry, Paper, PaperStatus, Phase, Snapshot, safe_text
from dualtui.domain.links import LinkIndex, index_links

from .markdown import entry_line, md, reference

_PAPER_ORDER = (PaperStatus.READING, PaperStatus.QUEUED, PaperStatus.READ, PaperStatus.DROPPED)
_BUILD_ORDER = (BuildStatus.BUILDING, BuildStatus.IDEA, BuildStatus.SHIPPED, BuildStatus.ABANDONED)


def journal_markdown(snapshot: Snapshot, today: date) -> str:
    lines = [f"# dualtui journal, {today:%Y-%m-%d}", ""]
    lines += _phases(snapshot.phases.values())
    lines += _papers(snapshot)
    lines += _builds(snapshot)
    lines += _log(snapshot)
    # Each user text went through md(); this pass holds for whatever else a file may have put in.
    return safe_text.markdown("\n".join(lines).rstrip() + "\n")


def _phases(phases: Iterable[Phase]) -> list[str]:
    lines = ["## Phases", ""]
    shown = False
    for phase in reversed(list(phases)):
        shown = True
        end = f"{phase.ended:%Y-%m-%d}" if phase.ended else f"open, planned to end {phase.planned_end}"
        lines += [f"### {phase.ref} · {phase.kind.value} · {phase.started:%Y-%m-%d} → {end}", ""]
        if phase.goal:
            lines += [f"**Goal:** {md(phase.goal)}", ""]
        if phase.summary:
            produced = ", ".join(
                f"{name.replace('_', ' ')}: {count}" for name, count in phase.summary.items()
            )
            lines += [f"**Produced:** {produced}", ""]
        if phase.review:
            lines += ["**Review:**", ""] + [
                f"> {md(line)}" if line.strip() else ">" for line in phase.review.splitlines()
            ]
            lines.append("")
    if not shown:
        lines += ["No phase yet.", ""]
    return lines


def _papers(snapshot: Snapshot) -> list[str]:
    lines = ["## Reading queue", ""]
    links = index_links(snapshot)
    for status in _PAPER_ORDER:
        papers = [p for p in snapshot.papers.values() if p.status is status]
        if not papers:
            continue
        lines += [f"### {status.value.capitalize()} ({len(papers)})", ""]
        lines += [_paper_line(p, links) for p in papers]
        lines.append("")
    if not snapshot.papers:
        lines += ["No papers yet.", ""]
    return lines


def _paper_line(paper: Paper, links: LinkIndex) -> str:
    # From the link index: scanning every build for every paper is quadratic at 100,000 records.
    builds = [f"b{number}" for number in links.builds_by_paper.get(paper.id, ())]
    extra = []
    if paper.tags:
        extra.append("tags: " + ", ".join(md(t) for t in paper.tags))
    if builds:
        extra.append("built in " + ", ".join(builds))
    tail = f" ({'; '.join(extra)})" if extra else ""
    return f"- {paper.ref}: {reference(paper)}{tail}"


def _builds(snapshot: Snapshot) -> list[str]:
    lines = ["## Build queue", ""]
    for status in _BUILD_ORDER:
        builds = [b for b in snapshot.builds.values() if b.status is status]
        if not builds:
            continue
        lines += [f"### {status.value.capitalize()} ({len(builds)})", ""]
        for build in builds:
            lines += _build_lines(build)
        lines.append("")
    if not snapshot.builds:
        lines += ["No builds yet.", ""]
    return lines


def _build_lines(build: Build) -> list[str]:
    head = f"- {build.ref}: **{md(build.title)}**"
    if build.paper_ids:
        head += " (builds on " + ", ".join(f"p{n}" for n in build.paper_ids) + ")"
    if build.writeup.value != "none":
        head += f", write-up {build.writeup.value}"
    details = [
        (label, value)
        for label, value in (
            ("data source", build.data_source),
            ("constraints", build.constraints),
            ("users", build.users),
            ("description", build.description),
        )
        if value
    ]
    return [head] + [f"  - {label}: {md(value)}" for label, value in details]


def _log(snapshot: Snapshot) -> list[str]:
    lines = ["## Validation log", ""]
    entries = sorted(snapshot.entries.values(), key=lambda e: (e.at, e.id))
    for day, group in groupby(entries, key=lambda e: e.at.date()):
        lines += [f"### {day:%Y-%m-%d}", ""]
        for entry in group:
            links = _entry_links(entry)
            tail = f" (about {', '.join(links)})" if links else ""
            lines.append(f"- {entry_line(entry, with_date=False)}{tail}")
        lines.append("")
    if not entries:
        lines += ["Nothing logged yet.", ""]
    return lines


def _entry_links(entry: Entry) -> list[str]:
    pairs = (("p", entry.paper_id), ("b", entry.build_id), ("answers e", entry.answers))
    return [f"{prefix}{number}" for prefix, number in pairs if number is not None]
