"""The first view: a launch on a journal as the last run left it draws its first frame from what that
run kept of the main screen, then reads the journal; anything else reads the journal first."""

from __future__ import annotations

import asyncio
import marshal
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events

from dualtui.domain import Kind
from dualtui.services import stats
from dualtui.services.config import Config
from dualtui.services.context import build_context
from dualtui.store import Journal
from dualtui.tui import first_view
from dualtui.tui.app import DualtuiApp
from dualtui.tui.panes import BuildPane, LogPane, PhasePane, ReadingPane
from dualtui.tui.panes.phase import summary
from dualtui.tui.rows import View
from dualtui.tui.screens.main import MainScreen
from dualtui.tui.widgets.bars import header_content
from tests.support.journals import snapshots, written
from tests.support.tui import TODAY, quiet, screen_text, seed, settle

PANES = {pane.KIND: pane for pane in (PhasePane, ReadingPane, BuildPane, LogPane)}


def drawn(view: View, ordered: dict[Kind, list[Any]], board, width: int) -> dict[str, Any]:
    """What the first frame shows, pane by pane, drawn by the panes' own code at `width`."""
    drawing = {
        kind.value: [PANES[kind].describe(None, record, width, view) for record in records]  # type: ignore[arg-type]
        for kind, records in ordered.items()
    }
    phase = view.snapshot.current_phase()
    drawing["header"] = header_content(phase, view.today, width).markup
    drawing["phase summary"] = summary(view, board, width).markup
    return drawing


def in_order(view: View) -> dict[Kind, list[Any]]:
    return {kind: pane.ORDER.sort(pane.records(None, view)) for kind, pane in PANES.items()}  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(snapshot=snapshots(), days=st.integers(-30, 400), width=st.integers(20, 120), rows=st.integers(1, 8))
def test_a_kept_first_view_draws_what_the_journal_itself_draws(
    tmp_path_factory: pytest.TempPathFactory, snapshot, days: int, width: int, rows: int, monkeypatch
) -> None:
    monkeypatch.setattr(first_view, "KEPT_ROWS", rows)
    path = tmp_path_factory.mktemp("kept") / "j.json"
    written(snapshot, path)
    today = date(2026, 1, 1) + timedelta(days=days)
    view = View.of(Journal.open(path).snapshot(), today)
    ordered = in_order(view)
    board = stats.dashboard(view.snapshot, today, view.links)
    payload = first_view.capture(view, ordered, board)
    if payload is None:  # the open phase is past the kept rows: nothing is kept, the launch reads
        return
    kept = first_view.restore(marshal.loads(marshal.dumps(payload)), today)  # as the file holds it
    assert kept is not None
    assert kept.totals == {kind: len(records) for kind, records in ordered.items()}
    shown = {kind: records[:rows] for kind, records in ordered.items()}
    assert kept.dashboard == board
    assert drawn(kept.view, in_order(kept.view), kept.dashboard, width) == drawn(view, shown, board, width)


@pytest.mark.parametrize(
    "payload", [None, 7, {}, {"rows": {}}, {"totals": "x", "rows": [], "builds_by_paper": 1}]
)
def test_a_kept_first_view_that_does_not_read_back_is_a_miss(payload) -> None:
    assert first_view.restore(payload, TODAY) is None


# The app --------------------------------------------------------------------------------------------


def lazy_context(tmp_path: Path):
    """The context the CLI gives the app: the journal opened, but read when first used."""
    return build_context(
        db=str(tmp_path / "j.json"), today=TODAY, loaded_config=Config(), actor="app", lazy=True
    )


def run(app: DualtuiApp, size: tuple[int, int] = (120, 36), typed: tuple[str, ...] = ()) -> dict[str, Any]:
    """Run the app to its settled screen; what it showed before it read the journal, if anything.
    `typed`: keys that reach the app while that first frame is on screen."""
    seen: dict[str, Any] = {}
    read_journal = MainScreen._read_journal

    def first_frame_then_read(screen: MainScreen) -> None:
        seen["journal read"] = screen.context.journal_read
        seen["first frame"] = screen_text(screen.app)
        for key in typed:
            event = events.Key(key, None)
            event.set_sender(screen.app)
            screen.app._driver.send_message(event)
        read_journal(screen)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.pause()
            await settle(pilot)
            seen["settled"] = screen_text(app)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MainScreen, "_read_journal", first_frame_then_read)
        asyncio.run(main())
    return seen


def below_the_suggestion(screen: str) -> list[str]:
    # The suggestion bar (line 2) waits for the worker in both launches: the rest is the first view.
    lines = screen.splitlines()
    return [lines[0], *lines[2:]]


@pytest.fixture
def kept_once(tmp_path: Path):
    """A seeded journal that one launch of the app has seen (and kept its first view of) and left."""
    context = lazy_context(tmp_path)
    seed(context)
    seen = run(DualtuiApp(context, suggester=quiet))
    assert "first frame" not in seen  # that launch had nothing kept to draw from
    return seen["settled"]


def test_an_unchanged_journal_is_drawn_before_it_is_read(tmp_path: Path, kept_once: str) -> None:
    (kept,) = (tmp_path / "xdg-cache" / "dualtui").glob("first-view-*")
    written = kept.stat().st_mtime_ns
    seen = run(DualtuiApp(lazy_context(tmp_path), suggester=quiet))
    assert kept.stat().st_mtime_ns == written  # what it drew from is still right: not written again
    assert seen["journal read"] is False
    assert "Attention Is All You Need" in seen["first frame"] and "Reading queue" in seen["first frame"]
    assert "shipped" in seen["first frame"] and "counting" not in seen["first frame"]  # the dashboard
    # The frame drawn from what was kept is the frame the journal gives, and so is the settled screen.
    assert below_the_suggestion(seen["first frame"]) == below_the_suggestion(seen["settled"])
    assert seen["settled"] == kept_once


def test_keys_typed_on_the_first_frame_act_on_the_journal_once_read(tmp_path: Path, kept_once: str) -> None:
    context = lazy_context(tmp_path)
    # The paper in reading heads the reading queue; `s` offers its usual move first: read.
    seen = run(DualtuiApp(context, suggester=quiet), typed=("s", "enter"))
    assert seen["journal read"] is False
    statuses = [paper.status.value for paper in context.service.snapshot().papers.values()]
    assert statuses.count("read") == 2  # one was read already; the one in reading is now


def test_a_journal_changed_since_is_read_before_the_first_frame(tmp_path: Path, kept_once: str) -> None:
    build_context(db=str(tmp_path / "j.json"), today=TODAY, loaded_config=Config()).service.add_paper(
        "Added from another terminal"
    )
    seen = run(DualtuiApp(lazy_context(tmp_path), suggester=quiet))
    assert "first frame" not in seen
    assert "Added from another terminal" in seen["settled"]


def test_another_day_is_a_miss(tmp_path: Path, kept_once: str) -> None:
    tomorrow = build_context(
        db=str(tmp_path / "j.json"), today=TODAY + timedelta(days=1), loaded_config=Config(), lazy=True
    )
    assert "first frame" not in run(DualtuiApp(tomorrow, suggester=quiet))


def test_a_damaged_kept_file_is_a_miss(tmp_path: Path, kept_once: str) -> None:
    (kept,) = (tmp_path / "xdg-cache" / "dualtui").glob("first-view-*")
    kept.write_bytes(kept.read_bytes()[:-40])
    seen = run(DualtuiApp(lazy_context(tmp_path), suggester=quiet))
    assert "first frame" not in seen
    assert seen["settled"] == kept_once


def test_a_pane_taller_than_what_was_kept_reads_the_journal_first(
    tmp_path: Path, kept_once: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_view, "KEPT_ROWS", 2)
    (kept,) = (tmp_path / "xdg-cache" / "dualtui").glob("first-view-*")
    kept.unlink()
    assert "first frame" not in run(DualtuiApp(lazy_context(tmp_path), suggester=quiet))  # keeps two a pane
    # Four papers and more entries to show: two rows of each are not the first frame.
    seen = run(DualtuiApp(lazy_context(tmp_path), suggester=quiet))
    assert "first frame" not in seen
    assert seen["settled"] == kept_once


def test_a_terminal_wide_enough_for_the_detail_reads_the_journal_first(
    tmp_path: Path, kept_once: str
) -> None:
    seen = run(DualtuiApp(lazy_context(tmp_path), suggester=quiet), size=(170, 40))
    assert "first frame" not in seen
    assert "The Tail at Scale" in seen["settled"]


def test_a_journal_that_stops_opening_after_its_first_frame_ends_the_app_with_a_sentence(
    tmp_path: Path, kept_once: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "j.json"
    read_journal = MainScreen._read_journal
    broken = b'{"meta": '

    def damaged_meanwhile(screen: MainScreen) -> None:
        # Another program rewrites the file between the stat that found the kept view and the read.
        journal.write_bytes(broken)
        read_journal(screen)

    monkeypatch.setattr(MainScreen, "_read_journal", damaged_meanwhile)
    app = DualtuiApp(lazy_context(tmp_path), suggester=quiet)

    async def main() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()

    asyncio.run(main())
    assert app.return_code == 1
    assert journal.read_bytes() == broken  # never written over
