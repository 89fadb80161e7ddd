"""What a daily user tripped on in the app (issue 12's small things, issue 11's last gaps), each
driven with Pilot: the keys pressed, the screen read, the journal file read back."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events
from textual.command import CommandInput
from textual.widgets import Input

from dualtui.cli import main as cli_main
from dualtui.domain import Kind
from dualtui.services.writeup import PLACEHOLDER_ABSTRACT
from dualtui.tui import opener
from dualtui.tui.screens.pick import PickScreen
from tests.support.tui import (
    drive,
    highlighted,
    notifications,
    palette_search,
    saved,
    screen_text,
    select,
    type_text,
)

from .test_hostile_screen import unsafe


def test_a_second_l_on_the_same_paper_keeps_its_paper_link(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("2")
        paper = highlighted(app, Kind.PAPER)
        for note in ("section 3 contradicts our numbers", "and section 5 explains why"):
            await pilot.press("l")
            await type_text(pilot, note)
            await pilot.press("enter")
            await pilot.pause()
            assert app.main.active_pane.KIND is Kind.PAPER  # the focus stayed on the paper
            assert highlighted(app, Kind.PAPER).id == paper.id
        assert "and section 5 explains why" in screen_text(app)  # the log pane shows it
        script.paper = paper.id

    drive(app, script)
    last_two = list(saved(context, "entries").values())[-2:]
    assert [e["paper_id"] for e in last_two] == [script.paper, script.paper]


def test_l_on_an_entry_fills_in_its_paper_and_build(make_app) -> None:
    context, _ = make_app()
    context.service.log("observation", "hedging doubled the load", paper_id=1, build_id=1)
    _, app = make_app(context=context)

    async def script(pilot) -> None:
        await select(pilot, "4", "doubled")
        await pilot.press("l")
        form = app.screen
        assert form.query_one("#input-paper_id", Input).value == "p1"
        assert form.query_one("#input-build_id", Input).value == "b1"
        await type_text(pilot, "capped hedges at 5%")
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.active_pane.KIND is Kind.ENTRY
        assert highlighted(app, Kind.ENTRY).text == "capped hedges at 5%"

    drive(app, script)
    last = list(saved(context, "entries").values())[-1]
    assert (last["text"], last["paper_id"], last["build_id"]) == ("capped hedges at 5%", 1, 1)


def test_a_kind_letter_picks_the_kind_and_what_is_typed_next_goes_where_tab_leads(make_app) -> None:
    context, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("1", "l")  # from the phase pane: a form with no link filled in
        await type_text(pilot, "the 4x tail cut held")
        await pilot.press("tab", "v")  # on the kind row: v picks validated, the focus stays there
        assert app.screen.focused is app.screen.query_one("#input-kind")
        await pilot.press("tab")  # on to the Paper field
        await type_text(pilot, "p1")
        form = app.screen
        assert form.query_one("#input-paper_id", Input).value == "p1"
        assert form.query_one("#input-build_id", Input).value == ""
        await pilot.press("tab", "tab")  # Build, then Follows up: letters typed there are text
        await type_text(pilot, "fivq")
        assert form.query_one("#input-answers", Input).value == "fivq"
        assert form.query_one("#input-kind").value == "validated"
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()

    drive(app, script)
    last = list(saved(context, "entries").values())[-1]
    assert (last["kind"], last["paper_id"], last.get("build_id")) == ("validated", 1, None)


def test_f_on_a_failure_shows_the_failure_it_follows_up_in_full(make_app) -> None:
    context, _ = make_app()
    failure = context.service.log(
        "failure",
        "the cache stampeded at 09:00 when every cron job of every team woke at once\n"
        "every shard at once \x1b[2J\u202e",
        build_id=1,
    )
    _, app = make_app(context=context)

    async def script(pilot) -> None:
        await select(pilot, "4", "stampeded")
        await pilot.press("f")
        text = screen_text(app)
        assert f"{failure.ref} · failure" in text
        assert "when every cron job of every team woke at once" in text  # the title cuts it short
        assert "every shard at once ^[[2J<U+202E>" in text  # its second line, harmlessly
        assert "\x1b" not in text and "\u202e" not in text

    drive(app, script)


def test_f_on_an_insight_shows_the_insight_it_builds_from(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await select(pilot, "4", "features")
        await pilot.press("f")
        text = screen_text(app)
        assert "Apply insight" in text
        insight = highlighted(app, Kind.ENTRY)
        assert f"{insight.ref} · insight" in text
        assert "Not a toy" in text

    drive(app, script)


def _import_builds_with_writeups_at(context, paths: dict[str, Path]) -> None:
    """What an imported export can do: name any file as a build's write-up."""
    builds = [
        {
            "id": n,
            "title": title,
            "added": "2026-11-01T00:00:00",
            "writeup": "draft",
            "writeup_path": str(path),
        }
        for n, (title, path) in enumerate(paths.items(), 1)
    ]
    export = context.journal_path.parent / "export.json"
    export.write_text(json.dumps({"format": "dualtui export", "schema": 1, "builds": builds}))
    assert cli_main(["--db", str(context.journal_path), "import", str(export)]) == 0
    context.service.refresh()


def test_o_opens_a_write_up_only_from_inside_the_write_ups_folder(make_app, monkeypatch, tmp_path) -> None:
    opened: list[str] = []
    monkeypatch.setattr(opener, "open_target", opened.append)
    context, _ = make_app(seeded=False)
    outside = tmp_path / "elsewhere" / "run-me.desktop"
    outside.parent.mkdir()
    outside.write_text("[Desktop Entry]\nExec=sh -c pwned\n<!-- dualtui draft of b1 -->\n")
    folder = context.writeups().writeups_folder
    folder.mkdir(mode=0o700)
    (folder / "link.md").symlink_to(outside)  # inside the folder, but a link to a file outside it
    _import_builds_with_writeups_at(context, {"planted": outside, "linked": folder / "link.md"})
    fan_out = context.service.add_build("tail-tolerant fan-out")
    drafted = context.writeups().draft(fan_out.ref).path
    _, app = make_app(context=context)

    async def script(pilot) -> None:
        said = notifications(app)
        for title in ("planted", "linked"):
            await select(pilot, "3", title)
            await pilot.press("o")
            await pilot.pause()
            assert f"is outside the write-ups folder {folder}, so it is not opened." in said[-1]
        assert opened == []
        await select(pilot, "3", "fan-out")
        await pilot.press("o")
        await pilot.pause()
        assert opened == [str(drafted)]

    drive(app, script)


def test_text_pasted_into_the_palette_is_shown_harmlessly(make_app) -> None:
    _, app = make_app()
    hostile = "tail\x1b]0;pwn\x07\x1b[2J\x00\u202e\u2066x"

    async def script(pilot) -> None:
        await pilot.press("ctrl+p")
        palette_input = app.screen.query_one(CommandInput)
        palette_input.post_message(events.Paste(hostile))  # as a terminal's bracketed paste brings it
        await pilot.pause()
        text = screen_text(app)
        assert not unsafe(text), unsafe(text)
        assert "tail^[]0;pwn^G^[[2J^@<U+202E><U+2066>x" in text
        assert palette_input.value == "tail^[]0;pwn^G^[[2J^@<U+202E><U+2066>x"
        await pilot.press("escape")
        # The theme picker is a palette too.
        await pilot.press("ctrl+p")
        await palette_search(pilot, "theme", "Theme")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(CommandInput).post_message(events.Paste(hostile))
        await pilot.pause()
        assert not unsafe(screen_text(app))
        assert "tail^[]0;pwn^G" in screen_text(app)

    drive(app, script)


def test_the_palette_screenshot_makes_the_downloads_folder_and_says_where_it_saved(
    make_app, monkeypatch, tmp_path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # a new account: no ~/Downloads yet
    _, app = make_app()

    async def script(pilot) -> None:
        said = notifications(app)
        await pilot.press("ctrl+p")
        await palette_search(pilot, "screenshot", "Screenshot")
        await pilot.press("enter")
        for _ in range(200):  # the save waits for the frame without the palette
            await pilot.pause()
            if said:
                break
        script.said = said

    drive(app, script)
    saved_files = list((home / "Downloads").glob("dualtui-*.svg"))
    assert len(saved_files) == 1
    assert script.said == [f"Saved the screenshot to {saved_files[0]}"]
    svg = saved_files[0].read_text()
    assert svg.startswith("<svg") and "Reading" in svg and "Search for commands" not in svg


def _editor_writing(monkeypatch, abstract: str | None) -> list[Path]:
    """The user's editor, which writes `abstract` over the template's (None: closed unchanged)."""
    opened: list[Path] = []

    def edit(app, path, configured=""):
        opened.append(path)
        if abstract is not None:
            path.write_text(path.read_text().replace(PLACEHOLDER_ABSTRACT, abstract))

    monkeypatch.setattr("dualtui.tui.editor.edit_file", edit)
    return opened


def test_shift_w_with_no_draft_drafts_it_opens_it_and_marks_it_done(make_app, monkeypatch) -> None:
    context, app = make_app()
    opened = _editor_writing(monkeypatch, "Fan-out with hedged requests kept the p99 under 10 ms.")

    async def script(pilot) -> None:
        said = notifications(app)
        await select(pilot, "3", "fan-out")
        assert saved(context, "builds")[1]["writeup"] == "none"
        await pilot.press("W")
        await pilot.pause()
        assert said[-1] == "The write-up of b1 is done."
        assert "✎done" in screen_text(app)

    drive(app, script)
    build = saved(context, "builds")[1]
    assert build["writeup"] == "done"
    assert opened == [Path(build["writeup_path"])]
    assert opened[0].parent == context.writeups().writeups_folder
    assert "kept the p99 under 10 ms" in opened[0].read_text()


def test_shift_w_on_a_placeholder_abstract_asks_and_marks_done_only_when_told(make_app, monkeypatch) -> None:
    context, app = make_app()
    opened = _editor_writing(monkeypatch, None)

    async def script(pilot) -> None:
        await select(pilot, "3", "fan-out")
        await pilot.press("W")  # drafted, opened, closed with the template's abstract
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        text = screen_text(app)
        assert "still the template's placeholder" in text and "Mark it done anyway" in text
        await pilot.press("enter")  # "Not yet" is highlighted
        await pilot.pause()
        assert saved(context, "builds")[1]["writeup"] == "draft"
        await pilot.press("W")  # the draft is there now: asked at once, not opened again
        await pilot.pause()
        assert len(opened) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert saved(context, "builds")[1]["writeup"] == "draft"
        await pilot.press("W", "j", "enter")
        await pilot.pause()
        assert "✎done" in screen_text(app)

    drive(app, script)
    build = saved(context, "builds")[1]
    assert build["writeup"] == "done"
    assert PLACEHOLDER_ABSTRACT in Path(build["writeup_path"]).read_text()


async def _pick_theme(pilot, name: str) -> None:
    await pilot.press("ctrl+p")
    await palette_search(pilot, "theme", "Theme")
    await pilot.press("enter")
    await palette_search(pilot, name, name)
    await pilot.press("enter")
    await pilot.pause()


def _launch(make_app, context, script) -> str:
    """One run of the app on `context`; the theme it ended with."""
    _, app = make_app(context=context)
    drive(app, script)
    return app.theme


def test_a_theme_picked_in_the_palette_is_there_at_the_next_launch(make_app, tmp_path) -> None:
    context, _ = make_app()
    state = tmp_path / "xdg-state" / "dualtui" / "state.json"

    async def pick_nord(pilot) -> None:
        said = notifications(pilot.app)
        await _pick_theme(pilot, "nord")
        assert pilot.app.theme == "nord"
        assert said[-1] == f"Theme nord: kept for the next launch in {state}."

    async def look(pilot) -> None:
        pass

    assert _launch(make_app, context, pick_nord) == "nord"
    assert json.loads(state.read_text()) == {"theme": "nord", "config_theme": ""}
    assert oct(state.stat().st_mode & 0o777) == "0o600"
    assert _launch(make_app, context, look) == "nord"  # relaunched: the pick is back


def test_the_configs_theme_wins_again_once_the_config_names_another(make_app, tmp_path) -> None:
    from dualtui.services.config import Config

    config = tmp_path / "config.yaml"
    context, _ = make_app(config=Config(path=config, theme="dracula"))

    async def pick_nord(pilot) -> None:
        assert pilot.app.theme == "dracula"
        await _pick_theme(pilot, "nord")

    async def look(pilot) -> None:
        pass

    assert _launch(make_app, context, pick_nord) == "nord"
    assert _launch(make_app, context, look) == "nord"  # same config: the pick stands
    context.config = Config(path=config, theme="gruvbox")  # the user edited the config since
    assert _launch(make_app, context, look) == "gruvbox"


def test_a_broken_state_file_is_named_and_the_configs_theme_used(make_app, tmp_path) -> None:
    from dualtui.services.config import Config

    state = tmp_path / "xdg-state" / "dualtui" / "state.json"
    state.parent.mkdir(parents=True)
    state.write_text("{not json")
    state.chmod(0o600)
    _, app = make_app(config=Config(theme="dracula"))
    said = notifications(app)  # from the start on

    async def script(pilot) -> None:
        assert app.theme == "dracula"
        assert f"The app's state file {state} is not a JSON object" in said[0]
        await _pick_theme(pilot, "nord")
        assert said[-1].startswith("Theme nord: kept")

    drive(app, script)
    assert json.loads(state.read_text()) == {"theme": "nord", "config_theme": "dracula"}
