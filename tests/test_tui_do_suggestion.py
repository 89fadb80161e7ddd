"""`n` never records a fact on its own (issue 12): for every action of the default rules, `n` opens the
form or choice that action needs with its target in place, escape records nothing, and only enter
records, with the links that close the loop the suggestion came from, so the suggestion goes.

Each test keeps one default rule (a rules file disabling the others) over a journal where it fires,
so what `n` does is that rule's own action, as a user's app would do it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dualtui.rules.engine import load_rules
from dualtui.services.context import build_context
from dualtui.services.writeup import PLACEHOLDER_ABSTRACT
from dualtui.tui.screens.form import FormScreen
from dualtui.tui.screens.pick import PickScreen
from tests.support.tui import TODAY, at, drive, saved, screen_text, settle, type_text

ASKING = (FormScreen, PickScreen)


def only_rule(rule: str, folder: Path) -> Path:
    """A user's rules file that disables every default rule but `rule`."""
    others = [r.id for r in load_rules().rules if r.id != rule]
    path = folder / "only.yaml"
    path.write_text("".join(f"- id: {other}\n  enabled: false\n" for other in others))
    return path


def on_disk(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def suggested(app: Any) -> set[tuple[str, str]]:
    return {(s.rule, str(s.target)) for s in app.main.suggestions.items}


def do_suggestion(make_app, tmp_path: Path, rule: str, setup, answer) -> Any:
    """Set the journal up, press n, escape, n again, then `answer(pilot)` the form or choice: returns
    the context, to check what was saved."""
    context, app = make_app(seeded=False, suggester=None, rules=only_rule(rule, tmp_path))
    setup(context.service, context)

    async def script(pilot) -> None:
        await settle(pilot)
        top = app.main.suggestions.top
        assert top is not None and top.rule == rule, screen_text(app)
        key = (top.rule, str(top.target))
        before = on_disk(context.journal_path)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ASKING), screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ASKING)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ASKING)
        assert on_disk(context.journal_path) == before  # n and escape recorded nothing
        await answer(pilot)
        await pilot.pause()
        await settle(pilot)
        assert not isinstance(app.screen, ASKING), screen_text(app)
        assert on_disk(context.journal_path) != before
        assert key not in suggested(app), f"{key} is still suggested"

    drive(app, script)
    return context


async def enter(pilot) -> None:
    await pilot.press("enter")


def typing(text: str):
    async def answer(pilot) -> None:
        await type_text(pilot, text)
        await pilot.press("enter")

    return answer


def production(s, _context=None) -> None:
    s.start_phase("production", goal="ship", when=at("2026-11-01"))


def research(s, _context=None) -> None:
    s.start_phase("research", goal="read", when=at("2026-11-01"))


def last(context, table: str) -> dict[str, Any]:
    return list(saved(context, table).values())[-1]


# The phase ------------------------------------------------------------------------------------------


def test_no_phase_opens_the_first_phase_form(make_app, tmp_path) -> None:
    context = do_suggestion(make_app, tmp_path, "no-phase", lambda s, c: None, typing("Read the papers"))
    assert last(context, "phases")["goal"] == "Read the papers"


@pytest.mark.parametrize(
    ("rule", "setup"),
    [
        ("phase-overdue", lambda s, c: s.start_phase("research", length="1 month", when=at("2026-09-01"))),
        ("phase-ending-soon", lambda s, c: s.start_phase("research", when=at("2026-09-01"))),
        (
            "phase-imbalance",
            lambda s, c: (
                s.start_phase("research", when=at("2026-05-01")),
                s.start_phase("research", review="more reading", when=at("2026-08-01")),
            ),
        ),
    ],
)
def test_a_phase_suggestion_opens_the_switch_with_its_review(make_app, tmp_path, rule, setup) -> None:
    async def answer(pilot) -> None:
        await type_text(pilot, "Read a lot, built nothing")
        await pilot.press("tab")
        await type_text(pilot, "Ship it")
        await pilot.press("enter")

    context = do_suggestion(make_app, tmp_path, rule, setup, answer)
    ended, started = list(saved(context, "phases").values())[-2:]
    assert ended["review"] == "Read a lot, built nothing" and ended["ended"]
    assert (started["kind"], started["goal"]) == ("production", "Ship it")


# Papers and builds ---------------------------------------------------------------------------------


def test_paper_read_no_build_opens_a_build_linked_to_the_paper(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        production(s)
        s.add_paper("The Tail at Scale", status="read", when=at("2026-11-10"))

    context = do_suggestion(make_app, tmp_path, "paper-read-no-build", setup, enter)
    assert last(context, "builds")["paper_ids"] == [1]


def test_production_nothing_building_starts_a_build_that_is_building(make_app, tmp_path) -> None:
    context = do_suggestion(
        make_app, tmp_path, "production-nothing-building", production, typing("hedged fan-out")
    )
    build = last(context, "builds")
    assert (build["title"], build["status"]) == ("hedged fan-out", "building")


def test_research_empty_queue_adds_a_paper_to_the_queue(make_app, tmp_path) -> None:
    context = do_suggestion(make_app, tmp_path, "research-empty-queue", research, typing("Dynamo"))
    paper = last(context, "papers")
    assert (paper["title"], paper["status"]) == ("Dynamo", "queued")


def test_reading_stalled_offers_the_moves_of_the_paper(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.add_paper("Spanner", status="reading", when=at("2026-10-01"))

    context = do_suggestion(make_app, tmp_path, "reading-stalled", setup, enter)  # finished: the usual
    assert saved(context, "papers")[1]["status"] == "read"


def test_too_much_reading_asks_which_paper_then_its_move(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        for number, day in enumerate(("2026-11-10", "2026-11-02", "2026-11-12", "2026-11-14"), 1):
            s.add_paper(f"paper {number}", status="reading", when=at(day))

    async def answer(pilot) -> None:
        assert "paper 2" in screen_text(pilot.app)  # in reading longest: the first offered
        await pilot.press("enter")  # p2
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickScreen) and "p2 is reading" in screen_text(pilot.app)
        await pilot.press("down", "enter")  # back to the queue

    context = do_suggestion(make_app, tmp_path, "too-much-reading", setup, answer)
    assert {n: p["status"] for n, p in saved(context, "papers").items()} == {
        1: "reading",
        2: "queued",
        3: "reading",
        4: "reading",
    }


def test_build_stuck_adds_research_linked_to_the_build(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.add_build("ranker", status="building", when=at("2026-11-01"))

    context = do_suggestion(make_app, tmp_path, "build-stuck", setup, typing("Learning to rank at scale"))
    assert last(context, "papers")["title"] == "Learning to rank at scale"
    assert saved(context, "builds")[1]["paper_ids"] == [1]


def test_build_stuck_with_an_open_question_adds_research_for_it(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.add_build("ranker", status="building", when=at("2026-11-01"))
        s.log("question", "Why does the ranker overfit?", build_id=1, when=at("2026-11-02"))

    context = do_suggestion(make_app, tmp_path, "build-stuck", setup, typing("Regularising rankers"))
    assert saved(context, "entries")[1]["linked_papers"] == [1]
    assert saved(context, "builds")[1]["paper_ids"] == [1]


def test_build_not_real_opens_the_build_to_name_its_real_parts(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.add_build("ranker", status="shipped", when=at("2026-11-01"))

    async def answer(pilot) -> None:
        for text in ("click logs", "p99 under 20 ms", "the search team"):
            await pilot.press("tab")
            await type_text(pilot, text)
        await pilot.press("enter")

    context = do_suggestion(make_app, tmp_path, "build-not-real", setup, answer)
    build = saved(context, "builds")[1]
    assert (build["data_source"], build["constraints"], build["users"]) == (
        "click logs",
        "p99 under 20 ms",
        "the search team",
    )


# Write-ups -----------------------------------------------------------------------------------------


def test_shipped_no_writeup_asks_before_drafting(make_app, tmp_path, monkeypatch) -> None:
    opened: list[Path] = []
    monkeypatch.setattr("dualtui.tui.editor.edit_file", lambda app, path, configured="": opened.append(path))

    def setup(s, c) -> None:
        s.add_build("ranker", status="shipped", when=at("2026-11-01"))

    context = do_suggestion(make_app, tmp_path, "shipped-no-writeup", setup, enter)
    build = saved(context, "builds")[1]
    assert build["writeup"] == "draft" and opened == [Path(build["writeup_path"])]


def test_writeup_stalled_opens_the_draft_or_marks_it_done(make_app, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("dualtui.tui.editor.edit_file", lambda app, path, configured="": None)

    def setup(s, c) -> None:
        s.add_build("ranker", status="shipped", when=at("2026-10-01"))
        earlier = build_context(db=str(c.journal_path), today=TODAY.replace(month=10, day=20))
        path = Path(earlier.writeups().draft(earlier.service.get("b1").ref).path)
        path.write_text(path.read_text().replace(PLACEHOLDER_ABSTRACT, "Ranking at scale, for real."))
        c.service.refresh()  # drafted through another journal object, as another process would

    async def answer(pilot) -> None:
        assert "open the draft" in screen_text(pilot.app)
        await pilot.press("down", "enter")  # mark it done

    context = do_suggestion(make_app, tmp_path, "writeup-stalled", setup, answer)
    assert saved(context, "builds")[1]["writeup"] == "done"


# The validation log --------------------------------------------------------------------------------


def test_failure_no_question_asks_the_question_that_answers_it(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.log("failure", "disk filled at 3am", when=at("2026-11-20"))

    context = do_suggestion(make_app, tmp_path, "failure-no-question", setup, typing("Why do logs grow?"))
    question = last(context, "entries")
    assert (question["kind"], question["answers"], question["text"]) == ("question", 1, "Why do logs grow?")


def test_insight_not_applied_opens_a_build_that_applies_it(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        production(s)
        s.log("insight", "most of the gain is in 8 features", when=at("2026-11-01"))

    context = do_suggestion(make_app, tmp_path, "insight-not-applied", setup, enter)
    assert last(context, "builds")["from_entry"] == 1


def test_question_unaddressed_adds_a_paper_read_for_it(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.log("question", "Would hedging cut the p99?", when=at("2026-11-10"))

    context = do_suggestion(make_app, tmp_path, "question-unaddressed", setup, typing("The Tail at Scale"))
    assert saved(context, "entries")[1]["linked_papers"] == [1]
    assert last(context, "papers")["title"] == "The Tail at Scale"


def test_question_unanswered_logs_its_answer(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.log("question", "Would hedging cut the p99?", when=at("2026-11-01"))
        s.add_paper("The Tail at Scale", for_question="e1", when=at("2026-11-02"))
        s.set_status("p1", "read", when=at("2026-11-10"))

    context = do_suggestion(make_app, tmp_path, "question-unanswered", setup, typing("It halves it"))
    answer = last(context, "entries")
    assert (answer["answers"], answer["text"]) == (1, "It halves it")


def test_claim_untested_logs_what_production_showed_of_the_claim(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.add_paper(
            "The Tail at Scale", claims=["hedging cuts the p99"], status="read", when=at("2026-10-01")
        )
        s.add_build("fan-out", paper_ids=[1], status="shipped", when=at("2026-10-05"))

    context = do_suggestion(make_app, tmp_path, "claim-untested", setup, typing("p99 halved"))
    entry = last(context, "entries")
    assert (entry["kind"], entry["paper_id"], entry["build_id"], entry["claim"]) == ("validated", 1, 1, 1)


def test_nothing_logged_opens_the_log_form(make_app, tmp_path) -> None:
    def setup(s, c) -> None:
        s.log("note", "a quiet week", when=at("2026-11-10"))

    context = do_suggestion(make_app, tmp_path, "nothing-logged", setup, typing("shipped the ranker"))
    assert last(context, "entries")["text"] == "shipped the ranker"


def test_every_action_of_the_default_rules_is_tested_here() -> None:
    tested = {
        "no-phase", "phase-overdue", "phase-ending-soon", "phase-imbalance", "paper-read-no-build",
        "production-nothing-building", "research-empty-queue", "reading-stalled", "too-much-reading",
        "build-stuck", "build-not-real", "shipped-no-writeup", "writeup-stalled", "failure-no-question",
        "insight-not-applied", "question-unaddressed", "question-unanswered", "claim-untested",
        "nothing-logged",
    }  # fmt: skip
    assert {rule.id for rule in load_rules().rules} == tested
