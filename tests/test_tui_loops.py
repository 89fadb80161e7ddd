"""The loops in the app: a question linked to what addresses it and answered, a claim tested from the
log form, and the weekly review closing each loop with its key, the list following."""

from __future__ import annotations

from pathlib import Path

from dualtui.domain import Kind, Ref
from dualtui.tui.screens.form import FormScreen
from dualtui.tui.screens.review import WeeklyReview
from tests.support.tui import (
    at,
    drive,
    fixed_suggester,
    highlighted,
    notifications,
    saved,
    screen_text,
    select,
    settle,
    type_text,
)


def test_shift_l_on_a_question_adds_the_paper_read_for_it_and_links_it(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await select(pilot, "4", "hedged")
        assert str(highlighted(app, Kind.ENTRY).ref) == "e2"
        await pilot.press("L")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.form_title.startswith("Address question e2: Would hedged requests")
        assert "A paper to read for it" in screen_text(app)  # a research phase: research
        await type_text(pilot, "Hedged requests at scale")
        await pilot.press("enter")
        await settle(pilot)
        assert str(highlighted(app, Kind.PAPER).ref) == "p5"

    drive(app, script)
    assert saved(context, "papers")[5]["title"] == "Hedged requests at scale"
    assert saved(context, "entries")[2]["linked_papers"] == [5]


def test_shift_l_links_a_build_that_tests_the_question_and_f_answers_it(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await select(pilot, "4", "hedged")
        await pilot.press("L")
        await type_text(pilot, "b1")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        form = app.screen
        assert form.form_title.startswith("Answer e2:")
        assert form.query_one("#input-kind").value == "insight"
        await type_text(pilot, "Hedging after the p95 halves the p99")
        await pilot.press("enter")
        await settle(pilot)

    drive(app, script)
    entries = saved(context, "entries")
    assert entries[2]["linked_builds"] == [1]
    answer = list(entries.values())[-1]
    assert (answer["kind"], answer["answers"], answer["text"]) == (
        "insight",
        2,
        "Hedging after the p95 halves the p99",
    )


def test_n_on_a_question_suggestion_opens_the_form_that_addresses_it(make_app) -> None:
    context, app = make_app(suggester=fixed_suggester(Ref(Kind.ENTRY, 2), "address-question"))

    async def script(pilot) -> None:
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormScreen) and form.form_title.startswith("Address question e2")
        await type_text(pilot, "p2")  # a paper already in the queue
        await pilot.press("enter")
        await settle(pilot)

    drive(app, script)
    assert saved(context, "entries")[2]["linked_papers"] == [2]


def test_the_log_form_offers_the_papers_claims_and_saves_the_one_chosen(make_app) -> None:
    context, app = make_app()
    context.service.edit("p1", claims=["hedging cuts the p99", "tied requests cut it further"])

    async def script(pilot) -> None:
        await select(pilot, "2", "Tail at Scale")
        await pilot.press("l")
        shown = screen_text(app)
        assert "Claims of p1" in shown
        assert "1. hedging cuts the p99" in shown and "2. tied requests cut it further" in shown
        await type_text(pilot, "tied requests did nothing for us")
        await pilot.press("tab", "r")  # the kind: refuted (the focus stays on the kind row)
        await pilot.press("tab", "tab", "tab", "tab", "2")  # past paper, build and follows-up: claim 2
        await pilot.press("ctrl+s")
        await settle(pilot)

    drive(app, script)
    last = list(saved(context, "entries").values())[-1]
    assert (last["kind"], last["paper_id"], last["claim"]) == ("refuted", 1, 2)


def review_journal(make_app):
    """A production phase with four loops open on 2026-11-25: a failure with no question, a paper read
    with no build, a shipped build with no write-up, and the same build with nothing real named."""
    context, app = make_app(seeded=False, suggester=None)
    s = context.service
    s.start_phase("production", goal="ship the ranker", when=at("2026-10-01"))
    p1 = s.add_paper("The Tail at Scale", claims=["hedging cuts p99"], status="read", when=at("2026-10-01"))
    b1 = s.add_build("ranker", status="shipped", when=at("2026-10-05"))
    s.add_build("next ranker", status="building", data_source="logs", when=at("2026-11-24"))
    s.log("failure", "p99 spike at peak", build_id=b1.id, when=at("2026-11-10"))
    s.log("note", "busy week", build_id=2, when=at("2026-11-24"))
    assert p1.id == 1
    return context, app


def test_the_weekly_review_closes_each_loop_with_its_key_and_the_list_follows(make_app) -> None:
    context, app = review_journal(make_app)

    async def script(pilot) -> None:
        told = notifications(app)
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, WeeklyReview)
        keys = [item.key for item in review.list.items]
        assert keys == [
            "failure-no-question:e1",
            "paper-read-no-build:p1",
            "shipped-no-writeup:b1",
            "build-not-real:b1",
        ]
        shown = screen_text(app)
        assert "f ask a question" in shown and "b build it" in shown and "e name what is real" in shown

        # The failure, first: b does not close it, and says which key does.
        await pilot.press("b")
        await pilot.pause()
        assert told[-1] == "This loop closes with f (ask a question)."
        await pilot.press("f")
        assert app.screen.form_title.startswith("A research question for e1")
        await type_text(pilot, "What queueing model explains the spike?")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is review
        assert "failure-no-question:e1" not in [item.key for item in review.list.items]

        # The toy: e names what makes it real.
        review.list.select_key("build-not-real:b1")
        await pilot.press("e")
        await pilot.press("tab")
        await type_text(pilot, "query logs")
        await pilot.press("tab")
        await type_text(pilot, "p99 < 50 ms")
        await pilot.press("tab")
        await type_text(pilot, "the search team")
        await pilot.press("enter")
        await pilot.pause()
        assert [item.key for item in review.list.items] == ["paper-read-no-build:p1", "shipped-no-writeup:b1"]

        # z snoozes a loop for a week: it stays in the review, saying until when.
        review.list.select_key("paper-read-no-build:p1")
        await pilot.press("z", "enter")  # a week, highlighted
        await pilot.pause()
        (paper,) = [item for item in review.list.items if item.key == "paper-read-no-build:p1"]
        assert paper.state_text() == "snoozed until 2026-12-02"
        assert "snoozed until 2026-12-02" in screen_text(app)

        # b builds it for real, and the loop leaves the list.
        await pilot.press("b")
        assert app.screen.form_title == "Build a production system from p1"
        await pilot.press("enter")
        await pilot.pause()
        assert [item.key for item in review.list.items] == ["shipped-no-writeup:b1"]

    drive(app, script)
    entries = saved(context, "entries")
    assert entries[3]["kind"] == "question" and entries[3]["answers"] == 1
    build = saved(context, "builds")[1]
    assert (build["data_source"], build["constraints"], build["users"]) == (
        "query logs",
        "p99 < 50 ms",
        "the search team",
    )
    assert saved(context, "builds")[3]["paper_ids"] == [1]
    assert [(s["rule"], s["target"], s["until"]) for s in saved(context, "snoozes").values()] == [
        ("paper-read-no-build", "p1", "2026-12-02")
    ]


def test_the_phase_switch_review_sets_the_phase_beside_the_earlier_ones_of_its_kind(make_app) -> None:
    context, app = make_app(seeded=False)
    s = context.service
    s.start_phase("research", goal="read", length="30 days", when=at("2026-06-01"))
    s.add_paper("first read", status="read", when=at("2026-06-10"))
    s.start_phase("production", goal="ship", review="read one", when=at("2026-07-01"))
    s.start_phase("research", goal="read more", review="shipped", when=at("2026-11-01"))

    async def script(pilot) -> None:
        await pilot.press("p")
        shown = screen_text(app)
        assert "beside the earlier research phases" in shown
        assert "ph3 (this one)" in shown and "ph1" in shown

    drive(app, script)


def test_the_views_show_each_claim_with_its_evidence_and_a_questions_chain(make_app) -> None:
    context, app = make_app()
    s = context.service
    s.edit("p1", claims=["hedging cuts the p99", "tied requests cut it further"])
    s.log("validated", "hedging halved our p99", paper_id=1, build_id=1, claim=1, when=at("2026-11-24"))
    s.link("e2", "p1")

    async def script(pilot) -> None:
        await select(pilot, "2", "Tail at Scale")
        await pilot.press("enter")
        shown = screen_text(app)
        assert "1. hedging cuts the p99  ✓ e5" in shown
        assert "2. tied requests cut it further  —" in shown
        assert "Read for" in shown and "e2" in shown
        await pilot.press("escape")
        await select(pilot, "4", "hedged")
        await pilot.press("enter")
        shown = screen_text(app)
        assert "Follows up" in shown and "p99 latency spiked" in shown  # the failure it comes from
        assert "Addressed by" in shown and "The Tail at Scale" in shown
        assert "No answer yet: f logs it." in shown

    drive(app, script)


def test_the_weekly_review_writes_up_links_answers_and_checks_a_claim_with_its_keys(
    make_app, monkeypatch
) -> None:
    """The review's other keys: w drafts the write-up, L links a build to a question and to an
    insight, f answers the question the link made answerable, c logs what production said of a claim."""
    context, app = make_app(seeded=False, suggester=None)
    s = context.service
    s.start_phase("production", goal="ship the ranker", when=at("2026-10-01"))
    s.add_paper("The Tail at Scale", claims=["hedging cuts p99"], status="read", when=at("2026-10-01"))
    s.add_build(
        "ranker", paper_ids=[1], status="shipped", data_source="query logs", constraints="p99 < 50 ms",
        users="the search team", when=at("2026-10-05"),
    )  # fmt: skip
    s.log("question", "Does batching hurt p99?", when=at("2026-11-01"))
    s.log("insight", "cache the embeddings", when=at("2026-11-01"))
    opened: list[str] = []
    monkeypatch.setattr("dualtui.tui.editor.edit_file", lambda app, path, configured="": opened.append(path))

    def keys(review) -> set[str]:
        return {item.key for item in review.list.items}

    async def script(pilot) -> None:
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, WeeklyReview)
        assert keys(review) == {
            "shipped-no-writeup:b1",
            "claim-untested:b1",
            "question-unaddressed:e1",
            "insight-not-applied:e2",
        }
        # At 120 columns each row names its loop: the build's two loops tell apart.
        shown = screen_text(app)
        assert "build shipped, no write-up" in shown and "claim not tested in production" in shown

        async def close(loop: str, key: str, title: str, text: str, save: str = "enter") -> None:
            """Close one loop from the review with its key and its form; back on the review, it is gone."""
            review.list.select_key(loop)
            await pilot.press(key)
            assert app.screen.form_title.startswith(title)
            await type_text(pilot, text)
            await pilot.press(save)
            await pilot.pause()
            assert app.screen is review and loop not in keys(review)

        review.list.select_key("shipped-no-writeup:b1")
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is review and "shipped-no-writeup:b1" not in keys(review)

        # A production phase: the question wants an experiment, a build that tests it. b1 shipped long
        # ago, so once it tests the question, the question waits for its answer.
        await close("question-unaddressed:e1", "L", "Address question e1: Does batching hurt p99?", "b1")
        assert "question-unanswered:e1" in keys(review)
        await close("question-unanswered:e1", "f", "Answer e1:", "batching up to 64 leaves p99 flat")
        await close("insight-not-applied:e2", "L", "Apply insight e2 to a build", "b1")
        await close("claim-untested:b1", "c", "What did b1 show of the claim?", "halved p99", "ctrl+s")
        assert keys(review) == set()
        assert "No open loops" in screen_text(app)

    drive(app, script)
    build = saved(context, "builds")[1]
    assert build["writeup"] == "draft" and opened == [Path(build["writeup_path"])]
    entries = saved(context, "entries")
    assert entries[1]["linked_builds"] == [1] and entries[2]["linked_builds"] == [1]
    answer, evidence = entries[3], entries[4]
    assert (answer["kind"], answer["answers"]) == ("insight", 1)
    assert answer["text"] == "batching up to 64 leaves p99 flat"
    assert (evidence["kind"], evidence["paper_id"], evidence["build_id"], evidence["claim"]) == (
        "validated", 1, 1, 1,
    )  # fmt: skip


def test_shift_l_on_an_insight_applies_it_to_an_existing_build(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await select(pilot, "4", "first 8 features")
        assert str(highlighted(app, Kind.ENTRY).ref) == "e3"
        await pilot.press("L")
        assert app.screen.form_title.startswith("Apply insight e3 to a build")
        await type_text(pilot, "b9")
        await pilot.press("enter")
        await pilot.pause()
        assert "There is no build b9." in screen_text(app)
        await pilot.press(*["backspace"] * 2)
        await type_text(pilot, "b2")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    assert saved(context, "entries")[3]["linked_builds"] == [2]
