"""Every key of the main screen, driven with Pilot on a temp journal: what the screen shows and what
the journal file holds afterwards."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from dualtui.domain import Kind, Ref
from dualtui.tui.app import DualtuiApp
from dualtui.tui.screens.form import FormScreen
from dualtui.tui.screens.help import HelpScreen
from dualtui.tui.screens.pick import PickScreen
from dualtui.tui.screens.review import WeeklyReview
from tests.support.tui import (
    TODAY,
    at,
    burst,
    drive,
    fixed_suggester,
    notifications,
    palette_search,
    saved,
    screen_text,
    settle,
    type_text,
)


def highlighted(app: DualtuiApp, kind: Kind):
    return app.main.panes[kind].highlighted


def test_first_launch_greets_and_p_starts_the_first_phase(make_app) -> None:
    context, app = make_app(seeded=False)

    async def script(pilot) -> None:
        text = screen_text(app)
        assert "Welcome to dualtui" in text
        assert "Start your first phase" in text
        assert app.main.active_pane.KIND is Kind.PHASE
        await pilot.press("p")
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "Read the systems papers")
        await pilot.press("enter")
        await settle(pilot)
        assert "Research · day 1 of" in screen_text(app)

    drive(app, script)
    phases = saved(context, "phases")
    assert [p["goal"] for p in phases.values()] == ["Read the systems papers"]
    assert phases[1]["kind"] == "research"


def test_2_a_adds_a_paper_that_is_saved_and_selected(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2", "a")
        assert app.screen.focused is app.screen.query_one("#input-title")
        await type_text(pilot, "Dynamo: Amazon's highly available key-value store")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert highlighted(app, Kind.PAPER).title.startswith("Dynamo")
        assert "Dynamo: Amazon" in screen_text(app)

    drive(app, script)
    titles = [p["title"] for p in saved(context, "papers").values()]
    assert "Dynamo: Amazon's highly available key-value store" in titles


def test_invalid_input_is_shown_beside_its_field_and_nothing_typed_is_lost(make_app) -> None:
    context, app = make_app()
    before = saved(context, "papers")

    async def script(pilot) -> None:
        await pilot.press("2", "a")
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-title").has_class("-invalid")
        assert "cannot be empty" in str(form.query_one("#field-title .field-error").render())
        await type_text(pilot, "Spanner")
        await pilot.press("tab", "tab")  # authors, then year
        await type_text(pilot, "20x1")
        await pilot.press("enter")
        assert isinstance(app.screen, FormScreen)
        assert form.query_one("#field-year").has_class("-invalid")
        assert not form.query_one("#field-title").has_class("-invalid")
        assert form.query_one("#input-title", Input).value == "Spanner"
        assert form.query_one("#input-year", Input).value == "20x1"
        assert app.screen.focused is form.query_one("#input-year")

    drive(app, script)
    assert saved(context, "papers") == before


def test_escape_cancels_a_form_without_writing(make_app) -> None:
    context, app = make_app()
    before = saved(context, "papers")

    async def script(pilot) -> None:
        await pilot.press("2", "a")
        await type_text(pilot, "Never saved")
        await pilot.press("escape")
        assert not isinstance(app.screen, FormScreen)

    drive(app, script)
    assert saved(context, "papers") == before


def test_l_logs_a_note_by_default_and_the_kind_is_chosen_with_a_key(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("4", "l")
        await type_text(pilot, "talked to the users")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("l")
        await type_text(pilot, "OOM in the worker")
        await pilot.press("tab", "f")  # tab to the kind, its first letter picks it
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("l")
        await type_text(pilot, "batching halves the latency")
        await pilot.press("ctrl+t")  # from the text field: next kind after note wraps to failure
        await pilot.press("ctrl+t")
        await pilot.press("enter")
        await pilot.pause()

    drive(app, script)
    entries = list(saved(context, "entries").values())
    assert (entries[-3]["kind"], entries[-3]["text"]) == ("note", "talked to the users")
    assert (entries[-2]["kind"], entries[-2]["text"]) == ("failure", "OOM in the worker")
    assert entries[-1]["kind"] == "insight"


def test_l_from_a_paper_links_the_entry_to_it(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2")
        paper = highlighted(app, Kind.PAPER)
        await pilot.press("l")
        await type_text(pilot, "section 4 contradicts our numbers")
        await pilot.press("enter")
        await pilot.pause()
        script.paper = paper.id

    drive(app, script)
    last = list(saved(context, "entries").values())[-1]
    assert last["paper_id"] == script.paper


def test_s_offers_the_allowed_moves_with_the_usual_one_first_and_enter_records_it(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2", "j")  # the queued paper below the one being read
        paper = highlighted(app, Kind.PAPER)
        assert paper.status.value == "queued"
        await pilot.press("s")
        assert isinstance(app.screen, PickScreen)
        text = screen_text(app)
        assert f"{paper.ref} is queued: move it to" in text
        for move in ("start reading it", "read it already", "drop it: not going to read it"):
            assert move in text
        assert "reopen" not in text  # a queued paper cannot be reopened
        assert app.screen.query_one(OptionList).highlighted == 0  # reading, the usual next move
        await pilot.press("enter")
        await pilot.pause()
        assert highlighted(app, Kind.PAPER).status.value == "reading"
        await pilot.press("3")
        build = highlighted(app, Kind.BUILD)
        assert build.status.value == "building"
        await pilot.press("s")
        await pilot.pause()
        assert "back to an idea" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        script.ids = paper.id, build.id

    drive(app, script)
    paper_id, build_id = script.ids
    assert saved(context, "papers")[paper_id]["status"] == "reading"
    assert saved(context, "builds")[build_id]["status"] == "shipped"


def test_s_drops_a_paper_then_reopens_it_and_abandons_a_build(make_app) -> None:
    context, app = make_app()
    told = notifications(app)

    async def script(pilot) -> None:
        await pilot.press("2", "j")
        paper = highlighted(app, Kind.PAPER)
        await pilot.press("s", "down", "down", "enter")  # the third move: dropped
        await pilot.pause()
        assert saved(context, "papers")[paper.id]["status"] == "dropped"
        assert told[-1] == f"{paper.ref} is now dropped."
        assert highlighted(app, Kind.PAPER).id == paper.id
        await pilot.press("s")
        await pilot.pause()
        assert "reopen it: back to the queue" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert saved(context, "papers")[paper.id]["status"] == "queued"
        await pilot.press("3")
        build = highlighted(app, Kind.BUILD)
        await pilot.press("s", "k", "enter")  # k from the first wraps to the last: abandoned
        await pilot.pause()
        assert highlighted(app, Kind.BUILD).status.value == "abandoned"
        script.ids = paper.id, build.id

    drive(app, script)
    paper_id, build_id = script.ids
    assert saved(context, "builds")[build_id]["status"] == "abandoned"
    assert saved(context, "builds")[build_id]["ended"]
    summaries = [change.summary for change in context.service.history()[:3]]
    assert summaries == [
        f"b{build_id} building → abandoned",
        f"p{paper_id} dropped → queued",
        f"p{paper_id} queued → dropped",
    ]


def test_s_then_escape_records_nothing(make_app) -> None:
    context, app = make_app()
    before = context.journal_path.read_bytes()

    async def script(pilot) -> None:
        await pilot.press("2", "s", "down")
        assert isinstance(app.screen, PickScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PickScreen)

    drive(app, script)
    assert context.journal_path.read_bytes() == before


def test_b_builds_from_the_selected_paper_asking_what_makes_it_real(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2")
        paper = highlighted(app, Kind.PAPER)
        await pilot.press("b")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#input-title", Input).value == paper.title
        assert form.query_one("#input-paper_ids", Input).value == f"p{paper.id}"
        for field in ("data_source", "constraints", "users"):
            assert form.query(f"#input-{field}")
        await pilot.press("tab", "tab")
        await type_text(pilot, "clickstream")
        await pilot.press("enter")
        await pilot.pause()
        script.paper = paper.id

    drive(app, script)
    build = list(saved(context, "builds").values())[-1]
    assert build["paper_ids"] == [script.paper]
    assert build["data_source"] == "clickstream"


def test_d_deletes_u_undoes_and_shift_u_redoes_each_naming_the_change(make_app) -> None:
    context, app = make_app()
    before = saved(context, "papers")

    def toasts() -> list[str]:
        return [str(n.message) for n in app._notifications]

    async def script(pilot) -> None:
        await pilot.press("2")
        paper = highlighted(app, Kind.PAPER)
        await pilot.press("d")
        await pilot.pause()
        assert paper.id not in app.service.snapshot().papers
        assert paper.id not in saved(context, "papers")
        await pilot.press("u")
        await pilot.pause()
        assert highlighted(app, Kind.PAPER).id == paper.id
        assert f"Undid: deleted {paper.ref} “{paper.title}”" in toasts()[-1]
        assert saved(context, "papers") == before
        await pilot.press("U")
        await pilot.pause()
        assert paper.id not in saved(context, "papers")
        assert toasts()[-1].startswith(f"Redid: deleted {paper.ref}")
        await pilot.press("u")
        await pilot.pause()

    drive(app, script)
    assert saved(context, "papers") == before


def test_u_undoes_any_change_and_ctrl_r_redoes_it(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2")
        paper = highlighted(app, Kind.PAPER)
        was = paper.status.value
        await pilot.press("s", "enter")
        await pilot.pause()
        now = saved(context, "papers")[paper.id]["status"]
        assert now != was
        await pilot.press("u")
        await pilot.pause()
        assert saved(context, "papers")[paper.id]["status"] == was
        assert [str(n.message) for n in app._notifications][-1] == f"Undid: {paper.ref} {was} → {now}"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert saved(context, "papers")[paper.id]["status"] == now
        assert highlighted(app, Kind.PAPER).status.value == now

    drive(app, script)
    assert context.service.history()[0].by == "app"


def test_slash_filters_the_focused_pane_as_you_type_and_escape_clears(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2", "slash")
        await type_text(pilot, "tail")
        titles = [p.title for p in app.main.panes[Kind.PAPER].list.items]
        assert titles == ["The Tail at Scale"]
        assert "of 4" in str(app.main.panes[Kind.PAPER].border_subtitle)
        await pilot.press("enter")  # keeps the filter, back to the list
        assert app.screen.focused is app.main.panes[Kind.PAPER].list
        await pilot.press("slash", "escape")
        assert len(app.main.panes[Kind.PAPER].list.items) == 4

    drive(app, script)


def test_number_keys_focus_panes_tab_cycles_and_j_k_move(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        for key, kind in (("1", Kind.PHASE), ("3", Kind.BUILD), ("4", Kind.ENTRY), ("2", Kind.PAPER)):
            await pilot.press(key)
            assert app.main.active_pane.KIND is kind
        await pilot.press("tab")
        assert app.main.active_pane.KIND is Kind.BUILD
        await pilot.press("shift+tab")
        assert app.main.active_pane.KIND is Kind.PAPER
        first = highlighted(app, Kind.PAPER)
        await pilot.press("j", "j")
        assert app.main.panes[Kind.PAPER].list.cursor == 2
        await pilot.press("k", "up")
        assert highlighted(app, Kind.PAPER) is first

    drive(app, script)


def test_enter_opens_an_item_with_its_chains_and_saves_an_edit(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2", "/")
        await type_text(pilot, "tail")
        await pilot.press("enter", "enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        text = screen_text(app)
        assert "Built from it" in text and "tail-tolerant fan-out" in text
        assert "validated" in text  # the claim production validated, shown on the paper
        title = form.query_one("#input-title", Input)
        title.value = "The Tail at Scale (CACM)"
        await pilot.press("enter")
        await pilot.pause()

    drive(app, script)
    papers = list(saved(context, "papers").values())
    edited = next(p for p in papers if p["title"] == "The Tail at Scale (CACM)")
    assert edited["authors"] == ["Dean, Jeffrey"]  # "Last, First" survives the form


def test_authors_are_separated_by_semicolons_never_by_the_comma_of_a_name(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2", "a")
        await type_text(pilot, "Dapper")
        await pilot.press("tab")
        # One list syntax for the forms and `edit --set` (domain/text_lists.py): `;` separates.
        await type_text(pilot, "Sigelman, Benjamin; Barroso, Luiz; Plakal, Manoj")
        await pilot.press("enter")
        await pilot.pause()

    drive(app, script)
    dapper = next(p for p in saved(context, "papers").values() if p["title"] == "Dapper")
    assert dapper["authors"] == ["Sigelman, Benjamin", "Barroso, Luiz", "Plakal, Manoj"]


def test_f_turns_a_failure_into_a_question_that_answers_it(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("4", "slash")
        await type_text(pilot, "spiked")
        await pilot.press("enter")
        failure = highlighted(app, Kind.ENTRY)
        await pilot.press("f")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#input-kind").value == "question"
        await type_text(pilot, "Do hedged requests bound the tail?")
        await pilot.press("enter")
        await pilot.pause()
        script.failure = failure.id

    drive(app, script)
    last = list(saved(context, "entries").values())[-1]
    assert (last["kind"], last["answers"]) == ("question", script.failure)


def test_w_drafts_the_write_up_and_opens_it_in_the_editor(make_app, monkeypatch) -> None:
    context, app = make_app()
    opened: list[Path] = []
    monkeypatch.setattr("dualtui.tui.editor.edit_file", lambda app, path, configured="": opened.append(path))

    async def script(pilot) -> None:
        await pilot.press("3")
        await pilot.press("w")
        await pilot.pause()

    drive(app, script)
    build = saved(context, "builds")[1]
    assert build["writeup"] == "draft"
    assert opened == [Path(build["writeup_path"])]
    assert "tail-tolerant fan-out" in opened[0].read_text()


def test_n_does_the_top_suggestion_on_its_target(make_app) -> None:
    context, app = make_app(suggester=fixed_suggester(Ref(Kind.PAPER, 2)))

    async def script(pilot) -> None:
        assert "Attention Is All You Need" in screen_text(app)  # the suggestion bar
        await pilot.press("4", "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#input-paper_ids", Input).value == "p2"
        await pilot.press("enter")
        await pilot.pause()

    drive(app, script)
    assert list(saved(context, "builds").values())[-1]["paper_ids"] == [2]


def test_question_mark_explains_the_suggestion_and_lists_every_key(make_app) -> None:
    _, app = make_app(suggester=fixed_suggester(Ref(Kind.PAPER, 2)))

    async def script(pilot) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        why = str(app.screen.query_one("#why").render())
        assert "paper-read-no-build" in why and "build_count" in why and "= 0" in why
        table = app.screen.query_one("#key-table")
        assert table.size.height > 20  # laid out whole (an id clash once squeezed it to one line)
        keys = str(table.render())
        for action_id in ("add", "log", "advance", "build", "writeup", "delete", "undo", "redo", "filter"):
            assert f"({action_id})" in keys
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)

    drive(app, script)


def test_p_switches_phase_with_a_guided_review(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("p")
        form = app.screen
        assert isinstance(form, FormScreen)
        text = screen_text(app)
        assert "papers read" in text and "Open loops left" in text
        assert form.focused is form.query_one("#input-review")
        await type_text(pilot, "Read less, built more")
        await pilot.press("tab")
        await type_text(pilot, "Ship hedged requests")
        await pilot.press("enter")
        await settle(pilot)
        assert "Production · day 1 of" in screen_text(app)

    drive(app, script)
    phases = list(saved(context, "phases").values())
    assert phases[-2]["review"] == "Read less, built more"
    assert phases[-2]["ended"]
    assert (phases[-1]["kind"], phases[-1]["goal"]) == ("production", "Ship hedged requests")


def test_r_walks_the_open_loops_and_enter_goes_to_one(make_app) -> None:
    context, app = make_app()
    context.service.log("failure", "disk filled at 3am", when=at("2026-11-01"))

    async def script(pilot) -> None:
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, WeeklyReview)
        assert {str(item.ref) for item in review.list.items} >= {"e5"}  # a failure with no question
        assert "Last 7 days" in screen_text(app)
        target = review.list.highlighted.ref
        await pilot.press("enter")
        await pilot.pause()
        assert highlighted(app, target.kind).ref == target

    drive(app, script)


def test_the_palette_undoes_and_redoes(make_app) -> None:
    context, app = make_app()
    before = saved(context, "papers")

    async def script(pilot) -> None:
        await pilot.press("2", "d")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await palette_search(pilot, "undo the last", "Undo the last change")
        await pilot.press("enter")
        await pilot.pause()
        assert saved(context, "papers") == before
        await pilot.press("ctrl+p")
        await palette_search(pilot, "redo", "Redo the change undone last")

    drive(app, script)


def test_ctrl_p_jumps_to_an_item_by_title(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("ctrl+p")
        await palette_search(pilot, "search-ranker", "search-ranker")
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.active_pane.KIND is Kind.BUILD
        assert highlighted(app, Kind.BUILD).title == "search-ranker"

    drive(app, script)


def test_the_palette_finds_an_item_by_the_title_it_has_now(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("ctrl+p")
        await palette_search(pilot, "search-ranker", "search-ranker")  # the palette keeps what it searched
        await pilot.press("escape")
        build = next(b for b in app.service.snapshot().builds.values() if b.title == "search-ranker")
        app.service.edit(build.ref, title="query-ranker")
        app.poll_journal()  # what the poll does within two seconds, now: the test waits for no timer
        await pilot.press("ctrl+p")
        await palette_search(pilot, "query-ranker", "query-ranker")
        await pilot.press("enter")
        await pilot.pause()
        assert highlighted(app, Kind.BUILD).title == "query-ranker"

    drive(app, script)


def test_q_quits(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    drive(app, script)


def test_keys_typed_after_q_are_not_run(make_app) -> None:
    context, app = make_app()
    before = saved(context, "papers")

    async def script(pilot) -> None:
        await pilot.press("2")
        assert highlighted(app, Kind.PAPER).status.value == "reading"
        await burst(pilot, "q", "s")  # both queued before q runs, as a terminal hands them over
        assert not app.is_running

    drive(app, script)
    assert saved(context, "papers") == before


def test_keys_are_remapped_from_the_config(make_app) -> None:
    from dualtui.services.config import Config

    _, app = make_app(config=Config(keys={"add": "x", "quit": "ctrl+q"}))

    async def script(pilot) -> None:
        await pilot.press("2", "a")
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("x")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape", "q")
        assert app.is_running

    drive(app, script)


def test_a_remap_onto_another_bindings_key_is_refused_naming_both(make_app) -> None:
    from dualtui.services.config import Config

    context, app = make_app(
        config=Config(keys={"snooze": "n", "add": "x"}), suggester=fixed_suggester(Ref(Kind.PAPER, 2))
    )
    messages = notifications(app)

    async def script(pilot) -> None:
        assert "[n] do" in screen_text(app) and "[z] snooze" in screen_text(app)
        await pilot.press("n")  # still does the suggestion: its form opens, nothing is snoozed
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape", "2", "x")  # the remap that clashes with nothing applies
        assert isinstance(app.screen, FormScreen)

    drive(app, script)
    assert messages == ["The config gives snooze the key “n”, which do has too: snooze keeps z."]
    assert saved(context, "snoozes") == {}


def test_two_bindings_may_swap_their_keys(make_app) -> None:
    from dualtui.services.config import Config

    context, app = make_app(
        config=Config(keys={"snooze": "n", "do": "z"}), suggester=fixed_suggester(Ref(Kind.PAPER, 2))
    )
    messages = notifications(app)

    async def script(pilot) -> None:
        await pilot.press("n", "enter")  # n snoozes: a week, highlighted
        await pilot.pause()

    drive(app, script)
    assert messages[-1].startswith("Snoozed until")
    assert len(saved(context, "snoozes")) == 1


def test_the_editor_fills_a_long_note(make_app, monkeypatch) -> None:
    context, app = make_app()
    monkeypatch.setattr("dualtui.tui.editor.edit_text", lambda app, text, **_: text + "\nsecond line")

    async def script(pilot) -> None:
        await pilot.press("4", "l")
        await type_text(pilot, "first line")
        await pilot.press("ctrl+o")
        await pilot.press("enter")
        await pilot.pause()

    drive(app, script)
    assert list(saved(context, "entries").values())[-1]["text"] == "first line\nsecond line"


def test_the_fixed_day_drives_the_header(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        start = app.service.snapshot().current_phase().started.date()
        assert f"day {(TODAY - start).days + 1} of" in screen_text(app)

    drive(app, script)


def test_b_on_an_insight_applies_it_in_a_build(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("4", "slash")
        await type_text(pilot, "features")
        await pilot.press("enter")
        insight = highlighted(app, Kind.ENTRY)
        await pilot.press("b")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter")
        await pilot.pause()
        script.insight = insight.id

    drive(app, script)
    build = list(saved(context, "builds").values())[-1]
    assert build["from_entry"] == script.insight


def test_chains_show_both_ways_from_a_failure_and_from_its_question(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("4", "slash")
        await type_text(pilot, "spiked")
        await pilot.press("enter", "enter")
        text = screen_text(app)
        assert "Followed up by" in text and "Would hedged requests cut the p99?" in text
        await pilot.press("escape", "slash", "ctrl+u")
        await type_text(pilot, "hedged")
        await pilot.press("enter", "enter")
        text = screen_text(app)
        assert "Follows up" in text and "p99 latency spiked" in text

    drive(app, script)


def test_past_phases_and_their_reviews_stay_browsable(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("1", "j")  # the phase before the open one
        assert highlighted(app, Kind.PHASE).kind.value == "production"
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#input-review", Input).value == "Shipped ingest; too little written up."
        assert "What it produced" in screen_text(app)

    drive(app, script)


def test_n_without_a_phase_offers_to_start_one(make_app) -> None:
    _, app = make_app(seeded=False)

    async def script(pilot) -> None:
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        assert "first phase" in screen_text(app)

    drive(app, script)


def test_docs_keys_lists_every_key_of_the_app() -> None:
    from dualtui.tui.keymap import KEYS, display_keys

    text = (Path(__file__).parent.parent / "docs" / "keys.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"| `{display_keys(key.keys)}` | `{key.id}` |" in text, key.id


def test_enter_on_an_entry_changes_its_kind(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("4", "slash")
        await type_text(pilot, "features")
        await pilot.press("enter", "enter")  # the insight, opened
        await pilot.press("tab", "o", "enter")  # to the kind row: o for observation
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert "observation" in screen_text(app)

    drive(app, script)
    kinds = [e["kind"] for e in saved(context, "entries").values() if "features" in e["text"]]
    assert kinds == ["observation"]


def test_keys_typed_in_one_burst_after_tab_land_in_the_next_field(make_app) -> None:
    from textual import events

    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2", "a")
        # All at once, as a fast typist or a paste delivers them: no pause for the app in between.
        burst = [("D", "D"), ("tab", "\t"), ("tab", "\t"), ("2", "2"), ("0", "0"), ("0", "0"), ("7", "7")]
        for key, char in burst:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    drive(app, script)
    added = next(p for p in saved(context, "papers").values() if p["title"] == "D")
    assert added["year"] == 2007
