"""Snoozing from the app, with Pilot: `z` offers 3 days, a week, two weeks, until the phase ends and
for good (the weekly review's `z` too); a snoozed suggestion is brought back from the same choice;
escape records nothing. What the journal file holds is read back with stock TinyDB."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.widgets import OptionList

from dualtui.domain import Kind, Ref
from dualtui.tui.screens.pick import PickScreen
from tests.support.tui import at, drive, fixed_suggester, notifications, saved, screen_text, settle


@pytest.fixture
def snoozing(make_app):
    """The seeded journal (a research phase planned to end 2027-01-23) with one suggestion on p2."""
    return make_app(suggester=fixed_suggester(Ref(Kind.PAPER, 2)))


def only_snooze(context) -> dict:
    [snooze] = saved(context, "snoozes").values()
    assert (snooze["rule"], snooze["target"]) == ("paper-read-no-build", "p2")
    return snooze


def test_z_offers_every_length_a_week_first_and_records_the_one_chosen(snoozing) -> None:
    context, app = snoozing
    told = notifications(app)

    async def script(pilot) -> None:
        await pilot.press("z")
        assert isinstance(app.screen, PickScreen)
        text = screen_text(app)
        for choice, back in (
            ("3 days", "back on Sat 2026-11-28"),
            ("a week", "back on Wed 2026-12-02"),
            ("two weeks", "back on Wed 2026-12-09"),
            ("until ph2 ends", "back on Sat 2027-01-23"),
            ("for good", "dismiss it for this item"),
        ):
            assert choice in text and back in text
        assert "bring one back" not in text  # nothing is snoozed yet
        assert app.screen.query_one(OptionList).highlighted == 1  # a week
        await pilot.press("down", "enter")
        await pilot.pause()

    drive(app, script)
    assert only_snooze(context)["until"] == "2026-12-09"
    assert told[-1].startswith("Snoozed until 2026-12-09: Build a production system")


@pytest.mark.parametrize(("keys", "until"), [(("up",), "2026-11-28"), (("down",) * 2, "2027-01-23")])
def test_z_snoozes_for_3_days_or_until_the_phase_ends(snoozing, keys, until) -> None:
    context, app = snoozing

    async def script(pilot) -> None:
        await pilot.press("z", *keys, "enter")
        await pilot.pause()

    drive(app, script)
    assert only_snooze(context)["until"] == until


def test_z_for_good_dismisses_it_and_u_undoes_it(snoozing) -> None:
    context, app = snoozing

    async def script(pilot) -> None:
        await pilot.press("z", "end", "enter")
        await pilot.pause()
        assert "until" not in only_snooze(context)  # for good
        await pilot.press("u")
        await pilot.pause()

    drive(app, script)
    assert saved(context, "snoozes") == {}
    assert context.service.history()[0].summary == "snoozed paper-read-no-build on p2 for good"


def test_z_then_escape_records_nothing(snoozing) -> None:
    context, app = snoozing
    before = context.journal_path.read_bytes()

    async def script(pilot) -> None:
        await pilot.press("z", "down", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, PickScreen)

    drive(app, script)
    assert context.journal_path.read_bytes() == before


def test_a_snoozed_suggestion_is_brought_back_from_the_snooze_choice(snoozing) -> None:
    context, app = snoozing
    context.service.log("failure", "disk \x1b[31mfilled", when=at("2026-11-24"))
    failure = SimpleNamespace(rule="failure-no-question", target=Ref(Kind.ENTRY, 5))
    context.suggestions().snooze(failure, length="forever")
    told = notifications(app)

    async def script(pilot) -> None:
        await pilot.press("z", "end")
        assert "bring one back…" in screen_text(app) and "1 put aside: choose which" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Bring back a snoozed suggestion" in text
        assert "failure-no-question:e5" in text and "for good · disk ^[[31mfilled" in text
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PickScreen)

    drive(app, script)
    assert saved(context, "snoozes") == {}
    assert told[-1] == "Brought back failure-no-question:e5."
    assert context.service.history()[0].summary == "brought back failure-no-question:e5"


def test_z_with_no_suggestion_offers_the_snoozed_ones_or_says_there_is_nothing(make_app) -> None:
    context, app = make_app()  # no rules: no suggestion
    context.suggestions().snooze(SimpleNamespace(rule="nothing-logged", target=None), length="2w")
    told = notifications(app)

    async def script(pilot) -> None:
        await pilot.press("z")
        assert "Bring back a snoozed suggestion" in screen_text(app)
        assert "nothing-logged" in screen_text(app) and "until 2026-12-09 · the journal" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert saved(context, "snoozes") == {}
        await pilot.press("z")
        await pilot.pause()
        assert not isinstance(app.screen, PickScreen)
        assert told[-1] == "Nothing to snooze, and nothing snoozed to bring back."

    drive(app, script)


def test_the_weekly_reviews_z_offers_the_same_lengths_and_brings_a_snoozed_loop_back(make_app) -> None:
    context, app = make_app(suggester=fixed_suggester(Ref(Kind.PAPER, 2)))
    context.service.log("failure", "disk filled at 3am", build_id=1, when=at("2026-11-01"))

    async def script(pilot) -> None:
        await pilot.press("r")
        await settle(pilot)
        review = app.screen
        review.list.select_key("failure-no-question:e5")
        await pilot.press("z")
        assert "two weeks" in screen_text(app) and "until ph2 ends" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is review
        (loop,) = [item for item in review.list.items if item.key == "failure-no-question:e5"]
        assert loop.state_text() == "snoozed until 2026-12-09"
        assert saved(context, "snoozes")[1]["until"] == "2026-12-09"
        await pilot.press("z")
        text = screen_text(app)
        assert "bring it back" in text and "now: it is snoozed until 2026-12-09" in text
        await pilot.press("home", "enter")
        await pilot.pause()
        (loop,) = [item for item in review.list.items if item.key == "failure-no-question:e5"]
        assert loop.state_text() == ""  # open again

    drive(app, script)
    assert saved(context, "snoozes") == {}


def test_the_help_shows_the_status_choice_the_snooze_choices_and_a_choices_keys(snoozing) -> None:
    _, app = snoozing

    async def script(pilot) -> None:
        await pilot.press("question_mark")
        await pilot.press("end")  # the key table is below the why: scroll to its end
        await pilot.pause()
        table = str(app.screen.query_one("#key-table").render())
        assert "choose a status it may go to (the usual one first)" in table
        assert "Snooze the suggestion: 3 days, a week, two weeks, until the phase ends, for good" in table
        assert "In a choice" in table and "Cancel: nothing is recorded" in table
        assert "Cancel: nothing is recorded" in screen_text(app)  # and it can be read on screen

    drive(app, script)
