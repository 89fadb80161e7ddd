"""Snapshots of the main screens at 120×36 and 80×24 (and the tabbed layout at 60×20), on a fixed day
with a fixed journal and suggestion (text cursors do not blink in tests: conftest.py). `--snapshot-update`
accepts."""

from __future__ import annotations

import pytest

from dualtui.domain import Kind, Ref
from tests.support.tui import at, fixed_suggester, settle

SIZES = [(120, 36), (80, 24)]


@pytest.fixture
def app_on(make_app):
    """The seeded journal with one fixed suggestion, on the paper p2."""
    return lambda: make_app(suggester=fixed_suggester(Ref(Kind.PAPER, 2)))[1]


def steady(*keys: str):
    """Press `keys` once the suggestions are in, and wait for what they started."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, app_on, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_launch(snap_compare, make_app, size: tuple[int, int]) -> None:
    _, app = make_app(seeded=False)
    assert snap_compare(app, terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_and_why(snap_compare, app_on, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(), terminal_size=size, run_before=steady("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_add_paper_form_with_an_error(snap_compare, app_on, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(), terminal_size=size, run_before=steady("2", "a", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_log_form(snap_compare, app_on, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(), terminal_size=size, run_before=steady("4", "l"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_phase_switch_review(snap_compare, app_on, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(), terminal_size=size, run_before=steady("p"))


def test_weekly_review(snap_compare, make_app) -> None:
    # Loops open on the fixed day: a failure with no question, a question nothing addresses, and an
    # insight that waits for the production phase.
    context, app = make_app(suggester=fixed_suggester(Ref(Kind.PAPER, 2)))
    context.service.log("failure", "disk filled at 3am", build_id=1, when=at("2026-11-01"))
    context.service.log("question", "What bounds the fan-out's tail?", when=at("2026-11-02"))
    context.service.log("insight", "most timeouts are retries of retries", when=at("2026-11-03"))
    assert snap_compare(app, terminal_size=(120, 36), run_before=steady("r", "j"))


def test_item_with_its_chains(snap_compare, app_on) -> None:
    assert snap_compare(app_on(), terminal_size=(120, 36), run_before=steady("3", "enter"))


def test_tabbed_panes_at_60x20(snap_compare, app_on) -> None:
    assert snap_compare(app_on(), terminal_size=(60, 20), run_before=steady("4"))


@pytest.mark.parametrize("size", [(200, 60), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_insights(snap_compare, app_on, size: tuple[int, int]) -> None:
    assert snap_compare(app_on(), terminal_size=size, run_before=steady("i"))


def test_wide_layout_with_the_detail_pane_at_200x60(snap_compare, app_on) -> None:
    assert snap_compare(app_on(), terminal_size=(200, 60), run_before=steady("3"))


def test_status_choice_at_80x24(snap_compare, app_on) -> None:
    # The paper being read: read (the usual move), back to queued, dropped.
    assert snap_compare(app_on(), terminal_size=(80, 24), run_before=steady("2", "s"))


def test_paper_with_its_claims_evidence_and_the_question_it_is_read_for(snap_compare, make_app) -> None:
    context, app = make_app(suggester=fixed_suggester(Ref(Kind.PAPER, 2)))
    s = context.service
    s.edit("p1", claims=["hedged requests cut the p99", "tied requests cut it further", "cancel on start"])
    s.log("validated", "hedging halved our p99", paper_id=1, build_id=1, claim=1, when=at("2026-11-24"))
    s.log("refuted", "tied requests added load", paper_id=1, build_id=1, claim=2, when=at("2026-11-24"))
    s.link("e2", "p1")
    assert snap_compare(
        app, terminal_size=(120, 36), run_before=steady("2", "slash", *"Tail", "enter", "enter")
    )


def test_snooze_choice(snap_compare, app_on) -> None:
    assert snap_compare(app_on(), terminal_size=(120, 36), run_before=steady("z"))
