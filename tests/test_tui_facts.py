"""The app records no fact the user did not choose (issue 12): a phase never ends with an empty
reflection unless confirmed, and a paper the journal holds already is added again only when meant."""

from __future__ import annotations

from textual.widgets import Static

from dualtui.tui.screens.form import FormScreen
from tests.support.tui import drive, saved, settle, type_text


def form_error(app) -> str:
    return str(app.screen.query_one("#form-error", Static).render())


def test_p_asks_before_ending_a_phase_with_an_empty_reflection(make_app) -> None:
    context, app = make_app()
    before = saved(context, "phases")

    async def script(pilot) -> None:
        await pilot.press("p", "tab")  # past the reflection, left empty
        await type_text(pilot, "Ship hedged requests")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "ph2 would end with no reflection: enter again saves it anyway." in form_error(app)
        assert saved(context, "phases") == before
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    phases = list(saved(context, "phases").values())
    assert phases[-2]["ended"] and "review" not in phases[-2]
    assert phases[-1]["goal"] == "Ship hedged requests"


def test_a_reflection_written_after_the_warning_is_saved_without_asking_again(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("p", "enter")
        await pilot.pause()
        assert "would end with no reflection" in form_error(app)
        await type_text(pilot, "Read less")  # the text changed: this is a new save, not the confirmation
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    assert list(saved(context, "phases").values())[-2]["review"] == "Read less"


def test_adding_a_paper_the_journal_holds_names_it_and_asks(make_app) -> None:
    context, app = make_app()
    before = saved(context, "papers")

    async def script(pilot) -> None:
        await pilot.press("2", "a")
        await type_text(pilot, "the tail at scale")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert (
            "p1 “The Tail at Scale” is already in the journal (the same title): enter again saves it anyway."
            in form_error(app)
        )
        assert saved(context, "papers") == before
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    papers = saved(context, "papers")
    assert len(papers) == len(before) + 1 and list(papers.values())[-1]["title"] == "the tail at scale"


def test_escape_after_the_duplicate_warning_adds_nothing(make_app) -> None:
    context, app = make_app()
    before = saved(context, "papers")

    async def script(pilot) -> None:
        await pilot.press("2", "a")
        await type_text(pilot, "The Tail at Scale")
        await pilot.press("enter", "escape")
        await pilot.pause()

    drive(app, script)
    assert saved(context, "papers") == before
