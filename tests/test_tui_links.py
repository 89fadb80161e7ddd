"""Links edited from the app, with Pilot on a temp journal: a build's papers linked and unlinked
(`L`, or its form), an entry's links (paper, build, what it follows up, what addresses it) changed in
its form; each one undoable change, read back from the file."""

from __future__ import annotations

from textual.widgets import Input

from dualtui.domain import Kind
from dualtui.tui.screens.form import FormScreen
from tests.support.tui import drive, notifications, saved, screen_text, type_text


def highlighted(app, kind: Kind):
    return app.main.panes[kind].highlighted


async def open_entry(pilot, words: str) -> None:
    """Filter the log to the entry with these words and open it."""
    await pilot.press("4", "slash")
    await type_text(pilot, words)
    await pilot.press("enter", "enter")


def test_l_on_a_build_links_it_to_another_paper_then_unlinks_one_and_u_undoes(make_app) -> None:
    context, app = make_app()
    told = notifications(app)

    async def script(pilot) -> None:
        await pilot.press("3")
        build = highlighted(app, Kind.BUILD)
        assert build.paper_ids == [1]
        await pilot.press("L")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert f"Papers {build.ref} builds on" in screen_text(app)
        assert form.query_one("#input-paper_ids", Input).value == "p1"
        await pilot.press("end")
        await type_text(pilot, " p2")
        await pilot.press("enter")
        await pilot.pause()
        assert saved(context, "builds")[build.id]["paper_ids"] == [1, 2]
        await pilot.press("L", "ctrl+u")
        await type_text(pilot, "p2")
        await pilot.press("enter")
        await pilot.pause()
        assert saved(context, "builds")[build.id]["paper_ids"] == [2]
        await pilot.press("u")
        await pilot.pause()
        assert told[-1] == f"Undid: edited {build.ref}: papers −p1"
        script.build = build.id

    drive(app, script)
    assert saved(context, "builds")[script.build]["paper_ids"] == [1, 2]
    summaries = [change.summary for change in context.service.history()[:2]]
    assert summaries == ["edited b1: papers −p1", "edited b1: papers +p2"]


def test_a_paper_that_does_not_exist_is_refused_beside_the_field_and_nothing_is_saved(make_app) -> None:
    context, app = make_app()
    before = context.journal_path.read_bytes()

    async def script(pilot) -> None:
        await pilot.press("3", "L", "end")
        await type_text(pilot, " p99")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "There is no paper p99." in screen_text(app)
        assert app.screen.query_one("#input-paper_ids", Input).value == "p1 p99"
        await pilot.press("escape")

    drive(app, script)
    assert context.journal_path.read_bytes() == before


def test_enter_on_a_build_edits_the_papers_it_builds_on(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("3", "enter", "tab", "tab", "tab", "tab")  # after the title and what is real
        assert app.screen.focused is app.screen.query_one("#input-paper_ids")
        await pilot.press("ctrl+u")
        await type_text(pilot, "p3 p2")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    assert saved(context, "builds")[1]["paper_ids"] == [3, 2]


def test_an_entry_form_edits_what_addresses_a_question_and_what_it_follows_up(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await open_entry(pilot, "hedged")
        form = app.screen
        assert isinstance(form, FormScreen)
        text = screen_text(app)
        assert "Papers read for it" in text and "Builds that test it" in text
        assert form.query_one("#input-answers", Input).value == "e1"
        form.query_one("#input-linked_papers", Input).focus()
        await type_text(pilot, "p2 p1")
        form.query_one("#input-linked_builds", Input).focus()
        await type_text(pilot, "b2")
        form.query_one("#input-answers", Input).focus()
        await pilot.press("ctrl+u", "enter")  # it no longer follows up the failure
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    question = saved(context, "entries")[2]
    assert (question["linked_papers"], question["linked_builds"]) == ([2, 1], [2])
    assert "answers" not in question
    summary = context.service.history()[0].summary
    assert summary == "edited e2: answers, linked papers +p2 +p1, linked builds +b2"


def test_an_insight_form_links_the_builds_it_is_applied_to_and_a_failure_has_no_such_field(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await open_entry(pilot, "features")
        form = app.screen
        assert "Builds it is applied to" in screen_text(app)
        assert not form.query("#input-linked_papers")
        form.query_one("#input-linked_builds", Input).focus()
        await type_text(pilot, "b2")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # the filter
        await open_entry(pilot, "spiked")
        assert not app.screen.query("#input-linked_builds") and not app.screen.query("#input-linked_papers")
        await pilot.press("escape")

    drive(app, script)
    insight = next(e for e in saved(context, "entries").values() if e["kind"] == "insight")
    assert insight["linked_builds"] == [2]


def test_the_links_form_of_a_build_is_made_again_from_its_kept_recipe(make_app) -> None:
    # What the app keeps when it is stopped with the form open (SIGTERM, SIGHUP), to offer it back.
    from dualtui.tui.screens.forms import build_links_form, reopen

    context, _ = make_app()
    build = context.service.get("b1")
    form = build_links_form(context.service, build)
    again = reopen(context.service, form.recipe)
    assert (
        again is not None
        and again.form_title == form.form_title == "Papers b1 builds on: tail-tolerant fan-out"
    )
    assert reopen(context.service, {"form": "build-links", "ref": "b9"}) is None  # the build is gone
