"""The app's first frame: the panes, and the top suggestion the last run kept when the journal, the
day and the rules are as that run left them; the rules' own answer follows from the worker."""

from __future__ import annotations

import asyncio
import threading

import pytest

from dualtui.services.suggestions import SuggestionService
from tests.support.tui import screen_text, settle

PENDING = "weighing what to do next"


@pytest.fixture
def slow_rules(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Rules that answer only when the test says so: what the first frames show is then only what
    was there before the rules ran."""
    answer = threading.Event()
    evaluate = SuggestionService.evaluate

    def held(self, *args, **kwargs):
        answer.wait(30)
        return evaluate(self, *args, **kwargs)

    monkeypatch.setattr(SuggestionService, "evaluate", held)
    return answer


def first_frames(app, answer: threading.Event) -> tuple[str, str]:
    """The screen before the rules answer, and once they did."""
    seen: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            seen.append(screen_text(app))
            answer.set()
            await settle(pilot)
            seen.append(screen_text(app))

    asyncio.run(main())
    return seen[0], seen[1]


def journal_with_a_suggestion(make_app):
    context, app = make_app(seeded=False, suggester=None)
    context.service.add_paper("Attention Is All You Need")  # and no phase open: "No phase is open"
    return context, app


def test_the_first_frame_shows_the_top_suggestion_an_earlier_run_kept(make_app, slow_rules) -> None:
    context, app = journal_with_a_suggestion(make_app)
    slow_rules.set()  # the run that keeps it is not held
    top = context.suggestions().outlook().top_message  # what `dualtui next` just said, and kept
    assert top
    slow_rules.clear()
    before, after = first_frames(app, slow_rules)
    assert PENDING not in before and top[:60] in before
    assert top[:60] in after


def test_a_journal_changed_since_shows_no_kept_suggestion(make_app, slow_rules) -> None:
    context, app = journal_with_a_suggestion(make_app)
    slow_rules.set()
    top = context.suggestions().outlook().top_message
    slow_rules.clear()
    context.service.add_paper("Changed since the last run")  # the kept outlook is stale now
    before, after = first_frames(app, slow_rules)
    assert PENDING in before and top is not None
    assert PENDING not in after
