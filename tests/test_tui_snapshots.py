"""Snapshots of the main screens at 120×36 and 80×24 (and the tabbed layout at 60×20), on a fixed day
with a fixed journal and suggestion, and the text cursor not blinking. `--snapshot-update` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_support import fixed_suggester, make_context, quiet, seed, settle
from textual.widgets import Input

from dualtui.domain import Kind, Ref
from dualtui.tui.app import DualtuiApp

SIZES = [(120, 36), (80, 24)]


def app_on(tmp_path: Path) -> DualtuiApp:
    context = make_context(tmp_path)
    seed(context)
    return DualtuiApp(context, suggester=fixed_suggester(Ref(Kind.PAPER, 2)))


def steady(*keys: str):
    """Press `keys` once the suggestions are in, then stop every text cursor from blinking."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_launch(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    context = make_context(tmp_path)
    app = DualtuiApp(context, suggester=quiet)
    assert snap_compare(app, terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_and_why(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=size, run_before=steady("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_add_paper_form_with_an_error(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=size, run_before=steady("2", "a", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_log_form(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=size, run_before=steady("4", "l"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_phase_switch_review(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=size, run_before=steady("p"))


def test_weekly_review(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=(120, 36), run_before=steady("r"))


def test_item_with_its_chains(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=(120, 36), run_before=steady("3", "enter"))


def test_tabbed_panes_at_60x20(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_on(tmp_path), terminal_size=(60, 20), run_before=steady("4"))
