"""Fit and finish at the sizes people use (60×20, 80×24, 120×36, 200×60): what must show whole, and
what must look different, whatever the theme."""

from __future__ import annotations

import pytest

from dualtui.domain import EntryKind
from dualtui.tui.rows import ENTRY_LOOK
from dualtui.tui.widgets.virtual_list import role_styles
from tests.support.tui import drive, screen_text

SIZES = [(60, 20), (80, 24), (120, 36), (200, 60)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_key_bar_keeps_help_and_quit_in_every_pane(make_app, size: tuple[int, int]) -> None:
    _, app = make_app()
    bars: list[str] = []

    async def script(pilot) -> None:
        for pane in "1234":
            await pilot.press(pane)
            bars.append(screen_text(app).splitlines()[-1])

    drive(app, script, size)
    for bar in bars:
        assert "? Help" in bar and "q Quit" in bar, bar
        assert bar.rstrip().endswith("q Quit")


def test_insights_and_questions_are_told_apart_by_colour_in_every_theme(make_app) -> None:
    _, app = make_app()
    insight, question = ENTRY_LOOK[EntryKind.INSIGHT][1], ENTRY_LOOK[EntryKind.QUESTION][1]
    alike: list[str] = []

    async def script(pilot) -> None:
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            styles = role_styles(app.theme_variables)
            if styles[insight].color == styles[question].color:
                alike.append(theme)

    drive(app, script, (80, 24))
    assert insight != question
    assert alike == []


# At 80×24 the pane has room for the counts and the phases only; the loops show from 120×36.
@pytest.mark.parametrize("size", SIZES[2:], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_phase_dashboards_open_loops_break_between_loops_never_inside_one(
    make_app, size: tuple[int, int]
) -> None:
    import re

    _, app = make_app()
    seen: dict[str, str] = {}

    async def script(pilot) -> None:
        await pilot.press("1")
        seen["screen"] = screen_text(app)

    drive(app, script, size)
    phase = [line.split("│")[1] for line in seen["screen"].splitlines() if line.count("│") >= 2]
    for label in ("to build", "to write up", "to question", "to apply"):
        assert any(re.search(rf"\d+ {label}", row) for row in phase), label
