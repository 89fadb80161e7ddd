"""The app's forms change only the fields the user changed, against the record as it is when they
save; a field someone else changed meanwhile is not overwritten silently; lists and line breaks
come back exactly as they were. And `edit --set` writes lists in the same syntax as the forms."""

from __future__ import annotations

import gc

from hypothesis import given
from hypothesis import strategies as st

from dualtui.cli import main
from dualtui.domain import Kind
from dualtui.tui.screens.form import FormScreen, from_input, to_input
from tests.support.tui import drive, saved, settle, type_text


async def open_highlighted_paper(pilot, app, opened: list) -> tuple:
    """`2 enter`: the form of the paper the reading queue selects (also kept in `opened`)."""
    await pilot.press("2")
    paper = app.main.panes[Kind.PAPER].highlighted
    opened.append(paper)
    return paper, await open_first_paper(pilot, app)


async def open_first_paper(pilot, app) -> FormScreen:
    await pilot.press("2", "enter")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    return app.screen


def test_a_form_saves_only_what_was_changed_and_keeps_what_others_wrote(make_app) -> None:
    context, app = make_app()
    first = sorted(context.service.snapshot().papers.values(), key=lambda p: p.id)[0]
    context.service.edit(
        first.ref,
        authors=["Doe, Jane", "Roe, Rick"],
        tags=["distributed systems; storage", "ml"],
        claims=["cuts p99 by 4x, at scale", "works"],
        notes="line one\nliteral ⏎ mark and  ⏎  spaced",
    )

    async def script(pilot) -> None:
        app.main.jump_to(first.ref)
        form = await open_first_paper(pilot, app)
        # Meanwhile another terminal changes the venue (dualtui edit p1 --set venue=...).
        assert main(["--db", str(context.journal_path), "edit", str(first.ref), "--set", "venue=OSDI"]) == 0
        form.query_one("#input-title").value = "Retitled"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    row = saved(context, "papers")[first.id]
    assert row["title"] == "Retitled" and row["venue"] == "OSDI"
    assert row["authors"] == ["Doe, Jane", "Roe, Rick"]
    assert row["tags"] == ["distributed systems; storage", "ml"]
    assert row["claims"] == ["cuts p99 by 4x, at scale", "works"]
    assert row["notes"] == "line one\nliteral ⏎ mark and  ⏎  spaced"


def test_a_field_changed_elsewhere_meanwhile_is_not_overwritten_silently(make_app) -> None:
    context, app = make_app()
    opened = []

    async def script(pilot) -> None:
        paper, form = await open_highlighted_paper(pilot, app, opened)
        assert main(["--db", str(context.journal_path), "edit", str(paper.ref), "--set", "notes=theirs"]) == 0
        notes = form.query_one("#input-notes")
        notes.value = "mine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Said beside the field, the user's text kept, nothing written.
        assert app.screen is form and notes.value == "mine"
        error = str(form.query_one("#field-notes .field-error").render())
        assert "changed elsewhere" in error and "theirs" in error
        assert saved(context, "papers")[paper.id]["notes"] == "theirs"
        # Saving again means it: theirs is replaced by mine.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    assert saved(context, "papers")[opened[0].id]["notes"] == "mine"


def test_lists_edit_as_lists_in_the_form(make_app) -> None:
    context, app = make_app()
    opened = []

    async def script(pilot) -> None:
        _, form = await open_highlighted_paper(pilot, app, opened)
        form.query_one("#input-tags").value = ""
        form.query_one("#input-tags").focus()
        await type_text(pilot, "a;; b; c, d")
        await pilot.press("ctrl+s")
        await settle(pilot)

    drive(app, script)
    assert saved(context, "papers")[opened[0].id]["tags"] == ["a; b", "c, d"]


def test_edit_set_takes_lists_in_the_forms_syntax(cli) -> None:
    assert cli("add", "paper", "P").code == 0
    assert cli("edit", "p1", "--set", "authors=Doe, Jane; Roe, Rick").code == 0
    assert cli("edit", "p1", "--set", "tags=x;; y; z").code == 0
    assert cli("edit", "p1", "--set", "claims=fast, at scale; cheap").code == 0
    import json

    shown = json.loads(cli("show", "p1", "--json").out)
    assert shown["authors"] == ["Doe, Jane", "Roe, Rick"]
    assert shown["tags"] == ["x; y", "z"]
    assert shown["claims"] == ["fast, at scale", "cheap"]


# Text without control characters (those are shown visibly in an input, so change when edited).
plain_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs")) | st.sampled_from("\n⏎ "), max_size=40
)


@given(plain_text)
def test_text_with_line_breaks_comes_back_from_an_input_exactly(text):
    shown = to_input(text)
    assert "\n" not in shown and from_input(shown) == text


def test_the_cyclic_collector_is_back_on_once_a_refused_or_saved_form_is_drawn(make_app) -> None:
    """A save holds the cyclic collector off until its frame is drawn (a closed form's widgets are
    cyclic garbage, collected once the row is on screen); it comes back on whatever the save did, or
    a long session would never free a cycle again."""
    context, app = make_app()

    async def script(pilot) -> None:
        assert gc.isenabled()
        await pilot.press("2", "a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("enter")  # no title: refused in the form
        await settle(pilot)
        assert app.screen is form and gc.isenabled()
        await type_text(pilot, "Kept collector")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen) and gc.isenabled()

    drive(app, script)
    assert [row["title"] for row in saved(context, "papers").values()][-1] == "Kept collector"
