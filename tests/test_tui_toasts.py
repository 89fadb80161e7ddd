"""Toasts sit inside the bottom-right pane: at every size, a screen with toasts up keeps every pane
border a screen without them shows, and the newest toast is the one in view."""

from __future__ import annotations

import pytest

from tests.support.tui import drive, screen_text

BORDER = set("╭╮╰╯│─")
SIZES = [(60, 20), (80, 24), (120, 36), (160, 40), (200, 60)]


def borders(text: str) -> set[tuple[int, int]]:
    return {
        (row, column)
        for row, line in enumerate(text.splitlines())
        for column, c in enumerate(line)
        if c in BORDER
    }


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_toasts_cover_no_pane_border(make_app, size: tuple[int, int]) -> None:
    _, app = make_app()
    seen: dict[str, str] = {}

    async def script(pilot) -> None:
        seen["before"] = screen_text(app)
        for number in range(4):
            app.notify(f"Toast {number}: the paper “The Tail at Scale” was saved, and its build too.")
        await pilot.pause(0.3)
        seen["after"] = screen_text(app)

    drive(app, script, size, notifications=True)
    assert borders(seen["before"]) - borders(seen["after"]) == set()
    assert "Toast 3" in seen["after"]
    assert "Toast 0" not in seen["after"]
