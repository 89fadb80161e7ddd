"""The queues as a user reads them: what the age column counts from, a list longer than its pane, and
the filter (`/`) matching more than titles and showing where it matched."""

from __future__ import annotations

import pytest

from dualtui.domain import Kind
from dualtui.tui.widgets.virtual_list import MATCH
from tests.support.tui import at, drive, screen_text, type_text

HEADERS = {
    # The reading queue's header and the build queue's, as each size shows them (the build queue
    # is narrower than the reading queue beside the phase pane).
    (60, 20): ("age since ○✕ added · ● started · ✓ read", "age since ○✕ added · ◐ started · ● shipped"),
    (80, 24): ("age since ○✕ added · ● started · ✓ read", "since ○✕add ◐start ●ship"),
    (120, 36): ("age since ○✕ added · ● started · ✓ read", "age since ○✕ added · ◐ started · ● shipped"),
}


def row_of(text: str, title: str) -> str:
    """The row of the pane that shows `title`, without the borders and the scrollbar beside it."""
    row = next(part for line in text.splitlines() for part in line.split("│") if title in part)
    return row.rstrip(" ▁▂▃▄▅▆▇█")


@pytest.mark.parametrize("size", HEADERS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_queue_says_what_its_ages_count_from(make_app, size: tuple[int, int]) -> None:
    _, app = make_app()
    papers, builds = HEADERS[size]
    seen: dict[str, str] = {}

    async def script(pilot) -> None:
        await pilot.press("2")
        seen["papers"] = screen_text(app)
        await pilot.press("3")
        seen["builds"] = screen_text(app)

    drive(app, script, size)
    assert papers in seen["papers"]
    assert builds in seen["builds"]
    # Read on 11-10 (2w before the fixed day), added on 10-24: the age is since it was read.
    assert row_of(seen["papers"], "The Tail at Scale").endswith("2w")
    # Queued, added on 11-01.
    assert row_of(seen["papers"], "Attention Is All You Need").endswith("3w")
    # Building since 11-12 (13d), added on 11-11.
    assert row_of(seen["builds"], "tail-tolerant").endswith("13d")


def test_a_queue_longer_than_its_pane_keeps_its_header_and_the_cursor_in_view(make_app) -> None:
    context, app = make_app()
    for number in range(40):
        context.service.add_paper(f"Queued paper number {number:02d}", when=at("2026-11-05"))
    pane = app.main.panes[Kind.PAPER]
    seen: dict[str, str] = {}

    async def script(pilot) -> None:
        await pilot.press("2", "G")
        seen["end"] = screen_text(app)
        seen["last"] = pane.highlighted.title
        await pilot.press("g")
        seen["start"] = screen_text(app)
        seen["first"] = pane.highlighted.title

    drive(app, script, (80, 24))
    for where, title in (("end", seen["last"]), ("start", seen["first"])):
        assert "age since" in seen[where]
        assert title[:30] in seen[where]
    assert seen["last"] == "The Tail at Scale"  # read papers come last
    assert seen["first"] == "[bold]Not bold[/] and a stray [/] tag"  # the one being read first


def marked(pane, record) -> list[str]:
    """The texts the filter marks in `record`'s row, as the list draws it now."""
    return [
        text
        for text, role in pane._describe(record, pane.list.scrollable_content_region.width)
        if role == MATCH
    ]


FILTERS = [
    # (pane key, typed, the one record it leaves, what its row marks)
    ("2", "2013", "The Tail at Scale", ["⌕year"]),
    ("2", "dean", "The Tail at Scale", ["⌕authors"]),
    ("2", "osdi", "Attention Is All You Need", ["⌕venue"]),
    ("2", "latency", "Attention Is All You Need", ["⌕tags"]),
    ("2", "b1", "The Tail at Scale", ["b1"]),
    ("2", "attention", "Attention Is All You Need", ["Attention"]),
    ("3", "p1", "tail-tolerant fan-out", ["p1"]),
    ("3", "prod traffic", "tail-tolerant fan-out", ["⌕data"]),
    ("4", "b1", "p99 latency spiked to 22 ms under peak load", ["b1"]),
]


@pytest.mark.parametrize(("key", "typed", "left", "marks"), FILTERS, ids=[f[1] for f in FILTERS])
def test_the_filter_matches_every_field_and_marks_the_match(make_app, key, typed, left, marks) -> None:
    context, app = make_app()
    paper = next(p for p in context.service.snapshot().papers.values() if p.title.startswith("Attention"))
    context.service.edit(paper.ref, venue="OSDI", tags=["tail-latency"])
    kind = {"2": Kind.PAPER, "3": Kind.BUILD, "4": Kind.ENTRY}[key]
    seen: dict[str, object] = {}

    async def script(pilot) -> None:
        await pilot.press(key, "slash")
        await type_text(pilot, typed)
        await pilot.pause()
        pane = app.main.panes[kind]
        seen["left"] = [getattr(r, "title", None) or r.text for r in pane.list.items]
        seen["marks"] = marked(pane, pane.list.items[0])
        seen["screen"] = screen_text(app)

    drive(app, script, (120, 36))
    assert seen["left"] == [left]
    assert seen["marks"] == marks
    if marks[0].startswith("⌕"):
        assert marks[0] in str(seen["screen"])


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_first_launch_shows_each_empty_queues_hint_whole(make_app, size: tuple[int, int]) -> None:
    _, app = make_app(seeded=False)
    seen: dict[str, str] = {}

    async def script(pilot) -> None:
        seen["screen"] = screen_text(app)

    drive(app, script, size)
    # Each hint ends where it should, broken between words where the pane is narrow.
    columns: dict[int, list[str]] = {}
    for line in seen["screen"].splitlines():
        for column, part in enumerate(line.split("│")):
            columns.setdefault(column, []).append(part.strip())
    words = " / ".join(" ".join(" ".join(parts).split()) for parts in columns.values())
    assert "No builds yet: a adds one, b builds from a paper." in words
    assert "No papers yet: a adds one." in words
    assert "deliberately: p starts your first phase." in words


def test_a_suggestion_too_long_for_its_bar_gives_up_the_quoted_titles_end_first() -> None:
    from dualtui.tui.text import fit_sentence

    said = "Write a paper about “a very long build title that goes on”: shipped 70 days ago."
    assert fit_sentence(said, 70) == "Write a paper about “a very long build title t…”: shipped 70 days ago."
    assert fit_sentence(said, 200) == said
    # Too little of the title would be left: the sentence is cut at its end instead.
    assert fit_sentence(said, 40) == "Write a paper about “a very long build …"
