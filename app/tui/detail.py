"""The detail pane: the selected item in full beside the four panes (from 160 columns, or toggled).

A paper: its authors, year, venue, DOI, arXiv, URL, claims with the evidence logged about it, the
builds from it and the questions about it. A build: its papers, data source, constraints, users,
write-up and entries. An entry: its whole chain (failure → question → answer). A phase: its goal,
dates, review and what it produced. What points at an item comes from the panes' link index
(`domain/links.py`), the same one the rows and the chains read.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..domain import Build, Entry, EntryKind, Paper, Phase, Record
from ..domain.model import PRIORITY_NAMES
from .chains import ROLE_STYLE, chains
from .rows import ENTRY_LOOK, View
from .text import one_line

LABEL = 12


def _field(label: str, value: str) -> Content:
    shown = one_line(value) if value else "—"
    return Content.assemble((f"{label:<{LABEL}}", "$text-muted"), (shown, "" if value else "$text-muted"))


def _when(moment: object) -> str:
    return f"{moment:%Y-%m-%d}" if moment is not None else ""


def _title(record: Record, text: str) -> Content:
    return Content.assemble((f"{record.ref} ", "bold $accent"), (one_line(text), "bold"))


def paper_fields(paper: Paper) -> list[Content]:
    lines = [
        _title(paper, paper.title),
        _field("authors", "; ".join(paper.authors)),
        _field("year", str(paper.year) if paper.year else ""),
        _field("venue", paper.venue),
        _field("DOI", paper.doi),
        _field("arXiv", paper.arxiv),
        _field("URL", paper.url),
        _field("status", _paper_dates(paper)),
    ]
    if paper.tags:
        lines.append(_field("tags", " ".join(f"#{t}" for t in paper.tags)))
    if paper.priority:
        lines.append(_field("priority", PRIORITY_NAMES[paper.priority]))
    lines.append(Content.styled("Claims", "bold"))
    if paper.claims:
        lines += [
            Content.assemble((f"  {n}. ", "$text-muted"), one_line(c)) for n, c in enumerate(paper.claims, 1)
        ]
    else:
        lines.append(Content.styled("  none noted", "$text-muted"))
    return lines


def _paper_dates(paper: Paper) -> str:
    dates = f"{paper.status.value} · added {_when(paper.added)}"
    dates += f" · started {_when(paper.started)}" if paper.started else ""
    return dates + (f" · read {_when(paper.finished)}" if paper.finished else "")


def _paper_dates(paper: Paper) -> str:
    dates = f"{paper.status.value} · added {_when(paper.added)}"
    dates += f" · started {_when(paper.started)}" if paper.started else ""
    return dates + (f" · read {_when(paper.finished)}" if paper.finished else "")


def build_fields(build: Build) -> list[Content]:
    writeup = build.writeup.value + (f" · {build.writeup_path}" if build.writeup_path else "")
    dates = f"{build.status.value} · added {_when(build.added)}"
    dates += f" · started {_when(build.started)}" if build.started else ""
    dates += f" · shipped {_when(build.shipped)}" if build.shipped else ""
    return [
        _title(build, build.title),
        _field("status", dates),
        _field("data source", build.data_source),
        _field("constraints", build.constraints),
        _field("users", build.users),
        _field("write-up", writeup),
        *([_field("about", build.description)] if build.description else []),
    ]


def entry_chain(entry: Entry, view: View) -> list[Content]:
    """The whole chain the entry is part of, from its root (the failure) down every follow-up."""
    entries = view.snapshot.entries
    root, seen = entry, {entry.id}
    while root.answers is not None and (up := entries.get(root.answers)) is not None and up.id not in seen:
        root = up
        seen.add(up.id)
    lines: list[Content] = [Content.styled("Chain", "bold")]
    stack: list[tuple[Entry, int]] = [(root, 0)]
    shown: set[int] = set()
    while stack:
        current, depth = stack.pop()
        if current.id in shown:
            continue
        shown.add(current.id)
        glyph, role = ENTRY_LOOK[current.kind]
        marker = "▶ " if current.id == entry.id else "  "
        lines.append(
            Content.assemble(
                marker,
                "  " * depth + ("↳ " if depth else ""),
                (glyph, ROLE_STYLE[role]),
                (f" {current.ref} ", "$accent"),
                (f"{current.kind.value} ", ROLE_STYLE[role]),
                (f"{current.at:%Y-%m-%d} ", "$text-muted"),
                one_line(current.text),
            )
        )
        followers = [entries[n] for n in view.links.followups.get(current.id, []) if n in entries]
        stack += [(f, depth + 1) for f in reversed(followers)]
    if len(shown) == 1:
        hint = (
            "no research question yet: f turns it into one"
            if entry.kind is EntryKind.FAILURE
            else "no follow-up"
        )
        lines.append(Content.styled(f"  {hint}", "$text-muted"))
    return lines


def entry_fields(entry: Entry, view: View) -> list[Content]:
    snapshot = view.snapshot
    paper = snapshot.papers.get(entry.paper_id) if entry.paper_id is not None else None
    build = snapshot.builds.get(entry.build_id) if entry.build_id is not None else None
    return [
        _title(entry, f"{entry.kind.value}, {entry.at:%Y-%m-%d %H:%M}"),
        Content(one_line(entry.text)),
        _field("paper", f"{paper.ref} {paper.title}" if paper else ""),
        _field("build", f"{build.ref} {build.title}" if build else ""),
        *entry_chain(entry, view),
    ]


def phase_fields(phase: Phase) -> list[Content]:
    end = _when(phase.ended) if phase.ended else f"planned {phase.planned_end:%Y-%m-%d}"
    lines = [
        _title(phase, f"{phase.kind.value} phase"),
        _field("goal", phase.goal),
        _field("dates", f"{_when(phase.started)} → {end}"),
        _field("review", phase.review),
    ]
    return lines


def detail_content(record: Record | None, view: View) -> Content:
    if record is None:
        return Content.styled("Nothing selected.", "$text-muted")
    if isinstance(record, Paper):
        lines = paper_fields(record)
    elif isinstance(record, Build):
        lines = build_fields(record)
    elif isinstance(record, Entry):
        lines = entry_fields(record, view)
    elif isinstance(record, Phase):
        lines = phase_fields(record)
    else:
        return Content()
    related = chains(record, view)
    if not isinstance(record, Entry) and related.plain:
        lines += [Content(""), related]
    return Content("\n").join(lines)


class DetailPane(VerticalScroll):
    """The fifth pane: one item in full, following the selection of the focused pane."""

    def __init__(self) -> None:
        super().__init__(id="detail", classes="pane")
        self.border_title = "Detail"
        self.body = Static(id="detail-body")
        self.can_focus = False

    def compose(self):  # type: ignore[override]
        yield self.body

    def show(self, record: Record | None, view: View | None) -> None:
        if view is None:
            return
        self.body.update(detail_content(record, view))
        self.scroll_home(animate=False)
