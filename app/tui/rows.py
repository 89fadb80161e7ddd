"""How each record looks as one line of a pane: spans of (text, role), roles styled in .tcss.

Pure presentation over domain records; nothing here touches Textual, so it is cheap to test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, NamedTuple

from rich.cells import cell_len

from ..domain import Build, BuildStatus, Entry, EntryKind, Paper, PaperStatus, Phase, Snapshot, WriteupState
from ..domain.dates import age_text
from ..domain.links import LinkIndex, index_links
from .text import fit, one_line

Span = tuple[str, str | None]


class View(NamedTuple):
    """What every pane draws from: one snapshot, its link index, and today."""

    snapshot: Snapshot
    links: LinkIndex
    today: date

    @classmethod
    def of(cls, snapshot: Snapshot, today: date) -> View:
        return cls(snapshot, index_links(snapshot), today)


PAPER_LOOK = {
    PaperStatus.QUEUED: ("○", "row--muted"),
    PaperStatus.READING: ("●", "row--accent"),
    PaperStatus.READ: ("✓", "row--good"),
    PaperStatus.DROPPED: ("✕", "row--muted"),
}
BUILD_LOOK = {
    BuildStatus.IDEA: ("○", "row--muted"),
    BuildStatus.BUILDING: ("◐", "row--accent"),
    BuildStatus.SHIPPED: ("●", "row--good"),
    BuildStatus.ABANDONED: ("✕", "row--muted"),
}
ENTRY_LOOK = {
    EntryKind.FAILURE: ("✗", "row--bad"),
    EntryKind.INSIGHT: ("✦", "row--accent"),
    # Questions in the links' blue, not the insight's orange: the two were one colour in most themes.
    EntryKind.OBSERVATION: ("·", "row--muted"),
    EntryKind.QUESTION: ("?", "row--info"),
    EntryKind.VALIDATED: ("✓", "row--good"),
    EntryKind.REFUTED: ("⊘", "row--bad"),
    EntryKind.NOTE: ("–", "row--muted"),
}
WRITEUP_LOOK = {WriteupState.DRAFT: ("✎draft", "row--warn"), WriteupState.DONE: ("✎done", "row--good")}

# Queue order: what is in hand first, then what waits, then what is finished.
PAPER_ORDER = {PaperStatus.READING: 0, PaperStatus.QUEUED: 1, PaperStatus.READ: 2, PaperStatus.DROPPED: 3}
BUILD_ORDER = {BuildStatus.BUILDING: 0, BuildStatus.IDEA: 1, BuildStatus.SHIPPED: 2, BuildStatus.ABANDONED: 3}


class Order(NamedTuple):
    """How a pane sorts its records: a key, and whether the largest key comes first."""

    key: Callable[[Any], Any]
    newest_first: bool = False

    def sort(self, records: Iterable[Any]) -> list[Any]:
        return sorted(records, key=self.key, reverse=self.newest_first)

    def insert(self, records: list[Any], record: Any) -> None:
        """Put `record` where `sort` would, by bisection: a new row costs no full sort."""
        key, wanted = self.key, self.key(record)
        low, high = 0, len(records)
        while low < high:
            middle = (low + high) // 2
            here = key(records[middle])
            if (here > wanted) if self.newest_first else (here < wanted):
                low = middle + 1
            else:
                high = middle
        records.insert(low, record)


PAPERS = Order(lambda p: (PAPER_ORDER[p.status], -p.priority, -p.id))
BUILDS = Order(lambda b: (BUILD_ORDER[b.status], -b.id))
ENTRIES = Order(lambda e: (e.at, e.id), newest_first=True)
PHASES = Order(lambda p: (p.started, p.id), newest_first=True)


def _ids(prefix: str, numbers: list[int], limit: int = 3) -> str:
    shown = " ".join(f"{prefix}{n}" for n in numbers[:limit])
    return shown + ("+" if len(numbers) > limit else "")


def layout(left: list[Span], title: str, right: list[Span], width: int) -> list[Span]:
    """`left`, then `title` filling what is left, then `right` flush right; the title gives way first."""
    fixed = sum(cell_len(text) for text, _ in left)
    tail = sum(cell_len(text) for text, _ in right)
    room = width - fixed - tail - 1
    if room < 8 and right:
        # Too narrow for everything: the links and age go before the title does.
        return [*left, (fit(title, width - fixed), None)]
    shown = fit(title, max(room, 0))
    gap = " " * max(width - fixed - cell_len(shown) - tail, 1)
    return [*left, (shown, None), (gap, None), *right]


# What a queue row's age counts from, by status: (the header's word for it, the record's field; a
# field left empty falls back to `added`). One table for both, so the header says what the ages are.
PAPER_SINCE = dict.fromkeys(PaperStatus, ("added", "added")) | {
    PaperStatus.READING: ("started", "started"),
    PaperStatus.READ: ("read", "finished"),
}
BUILD_SINCE = dict.fromkeys(BuildStatus, ("added", "added")) | {
    BuildStatus.BUILDING: ("started", "started"),
    BuildStatus.SHIPPED: ("shipped", "shipped"),
}
# The header's shortest form, for narrow panes.
SHORT_SINCE = {"started": "start", "added": "add", "shipped": "ship"}


Looks = dict[Any, tuple[str, str]]  # status → (glyph, role)
Since = dict[Any, tuple[str, str]]  # status → (the header's word, the record's field)


def age(record: Paper | Build, since: Since, today: date) -> str:
    stamp = getattr(record, since[record.status][1]) or record.added
    return age_text((today - stamp.date()).days)


def age_header(
    looks: dict[Any, tuple[str, str]], since: dict[Any, tuple[str, str]], width: int
) -> list[Span]:
    """The line over a queue, flush right above the ages: what each status's age counts from, by the
    status's glyph (`age since ○✕ added · ● started · ✓ read`), shorter where the pane is narrow."""
    groups: dict[str, list[Span]] = {}
    for status, (moment, _) in since.items():
        groups.setdefault(moment, []).append((looks[status][0], looks[status][1]))

    def form(lead: str, gap: str, between: str, words: dict[str, str]) -> list[Span]:
        spans: list[Span] = [(lead, "row--muted")]
        for number, (moment, glyphs) in enumerate(groups.items()):
            spans += [(between, "row--muted")] if number else []
            spans += [*glyphs, (gap + words.get(moment, moment), "row--muted")]
        return spans

    for spans in (form("age since ", " ", " · ", {}), form("since ", "", " ", {})):
        if sum(cell_len(text) for text, _ in spans) <= width:
            break
    else:
        spans = form("since ", "", " ", SHORT_SINCE)
    used = sum(cell_len(text) for text, _ in spans)
    return [(" " * max(width - used, 0), None), *spans]


def describe_paper(paper: Paper, width: int, view: View) -> list[Span]:
    glyph, role = PAPER_LOOK[paper.status]
    builds = view.links.builds_by_paper.get(paper.id, [])
    right: list[Span] = []
    if builds:
        right.append((f"→{_ids('b', builds)} ", "row--info"))
    right.append((f"{age(paper, PAPER_SINCE, view.today):>5}", "row--muted"))
    left: list[Span] = [(f"{glyph} ", role)]
    if width >= 50:
        left.append((f"{paper.status.value:<8}", role))
    return layout(left, one_line(paper.title), right, width)


def describe_build(build: Build, width: int, view: View) -> list[Span]:
    glyph, role = BUILD_LOOK[build.status]
    right: list[Span] = []
    if build.paper_ids:
        right.append((f"←{_ids('p', build.paper_ids)} ", "row--info"))
    if build.writeup in WRITEUP_LOOK:
        text, look = WRITEUP_LOOK[build.writeup]
        right.append((text + " ", look))
    right.append((f"{age(build, BUILD_SINCE, view.today):>5}", "row--muted"))
    left: list[Span] = [(f"{glyph} ", role)]
    if width >= 50:
        left.append((f"{build.status.value:<9}", role))
    return layout(left, one_line(build.title), right, width)


def describe_entry(entry: Entry, width: int, view: View) -> list[Span]:
    glyph, role = ENTRY_LOOK[entry.kind]
    right: list[Span] = []
    if entry.answers is not None:
        right.append((f"↳e{entry.answers} ", "row--info"))
    followups = view.links.followups.get(entry.id, [])
    if followups:
        right.append((f"→{_ids('e', followups, 2)} ", "row--warn"))
    for prefix, number in (("p", entry.paper_id), ("b", entry.build_id)):
        if number is not None:
            right.append((f"{prefix}{number} ", "row--muted"))
    left: list[Span] = [(entry.at.strftime("%m-%d "), "row--muted"), (f"{glyph} ", role)]
    if width >= 50:
        left.append((f"{entry.kind.value:<12}", role))
    return layout(left, one_line(entry.text), right, width)


def describe_phase(phase: Phase, width: int, view: View) -> list[Span]:
    current = phase.ended is None
    role = "row--accent" if current else "row--muted"
    end = phase.ended.date() if phase.ended else phase.planned_end
    span = f"{phase.started:%b %d}→{end:%b %d}"
    right: list[Span] = [(span, "row--muted")]
    if not current:
        right.insert(0, ("✓ " if phase.review else "  ", "row--good"))
    left: list[Span] = [("▶ " if current else "  ", role), (f"{phase.kind.value:<11}", role)]
    return layout(left, one_line(phase.goal), right, width)
