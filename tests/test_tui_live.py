"""The app as it lives: other processes writing the journal, rule files with errors, user text with
markup and wide characters, and terminals of any size."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.geometry import Size

from dualtui.domain import Kind, Ref
from dualtui.services.config import Config
from dualtui.services.context import build_context
from dualtui.tui.screens.main import MainScreen, breakpoint_classes
from dualtui.tui.text import fit, one_line
from tests.support.tui import (
    drive,
    fixed_suggester,
    notifications,
    saved,
    screen_text,
    settle,
    type_text,
)


def test_a_change_from_another_process_appears_and_the_apps_writes_keep_it(make_app) -> None:
    context, app = make_app(poll_seconds=0.05)
    other = build_context(db=str(context.journal_path), loaded_config=Config())

    async def script(pilot) -> None:
        other.service.add_paper("Added from another terminal")
        await pilot.pause(0.3)
        assert "Added from another terminal" in screen_text(app)
        await pilot.press("2", "a")
        await type_text(pilot, "Added in the app")
        await pilot.press("enter")
        await pilot.pause()

    drive(app, script)
    titles = [p["title"] for p in saved(context, "papers").values()]
    assert "Added from another terminal" in titles and "Added in the app" in titles


def test_a_kept_filter_follows_changes_to_the_records_it_matches(make_app) -> None:
    context, app = make_app(poll_seconds=0.05)
    other = build_context(db=str(context.journal_path), loaded_config=Config())
    tail = next(p for p in other.service.snapshot().papers.values() if p.title == "The Tail at Scale")

    def shown() -> list[str]:
        return [p.title for p in app.main.panes[Kind.PAPER].list.items]

    async def script(pilot) -> None:
        await pilot.press("2", "slash")
        await type_text(pilot, "tail")
        await pilot.press("enter")  # keeps the filter
        assert shown() == ["The Tail at Scale"]
        other.service.edit(tail.ref, title="Latency at Scale")
        other.service.add_paper("Tail-tolerant fan-out")
        await pilot.pause(0.3)
        assert shown() == ["Tail-tolerant fan-out"]
        await pilot.press("slash")  # the kept text is selected: typing replaces it
        await type_text(pilot, "at scale")
        assert shown() == ["Latency at Scale"]

    drive(app, script)


def test_errors_in_the_users_rule_file_show_in_a_notification_and_in_the_log(
    make_app, tmp_path: Path
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("- id: broken\n  about: papers\n  when: no_such_fact > 3\n  say: x\n")
    _, app = make_app(rules=rules, suggester=None)
    notified = notifications(app)

    async def script(pilot) -> None:
        await settle(pilot)
        log_text = str(app.main.panes[Kind.ENTRY].query_one(".rule-errors").render())
        assert "broken" in log_text and "rules.yaml" in log_text
        assert any("broken" in message for message in notified)
        assert app.is_running

    drive(app, script)


def test_z_snoozes_the_top_suggestion_in_the_journal(make_app) -> None:
    context, app = make_app(suggester=fixed_suggester(Ref(Kind.PAPER, 2)))

    async def script(pilot) -> None:
        await pilot.press("z", "enter")  # a week, highlighted
        await pilot.pause()

    drive(app, script)
    [snooze] = saved(context, "snoozes").values()
    assert (snooze["rule"], snooze["target"], snooze["until"][:10]) == (
        "paper-read-no-build",
        "p2",
        "2026-12-02",
    )


def test_user_text_with_markup_is_shown_literally(make_app) -> None:
    context, _ = make_app()
    context.service.log("note", "escape [/] and [red]not red[/red] \x1b[31m and a\nnew line")
    _, app = make_app(context=context)

    async def script(pilot) -> None:
        text = screen_text(app)
        assert "[bold]Not bold[/] and a stray [/] tag" in text
        assert "escape [/] and [red]not red[/red]" in text
        assert "\x1b" not in text

    drive(app, script)


def test_wide_characters_and_long_titles_are_cut_to_the_pane(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        pane = app.main.panes[Kind.PAPER]
        width = pane.list.scrollable_content_region.width
        for y in range(len(pane.list.items)):
            strip = pane.list.render_line(y)
            assert strip.cell_length == width
        assert "注意力机制" in screen_text(app)
        assert "…" in screen_text(app)

    drive(app, script)


def test_every_size_down_to_tiny_shows_the_phase_and_the_focused_pane(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        for size in ((200, 60), (120, 36), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            text = screen_text(app)
            assert "Research · day 34 of 92" in text
            assert all(title in text for title in ("Reading queue", "Build queue", "Validation log"))
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        text = screen_text(app)
        assert "Research · day 34 of 92" in text
        assert "2 Reading queue" in text and "The Tail at Scale" in text  # the focused pane, whole
        assert "Build queue" not in text
        await pilot.resize_terminal(20, 6)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert len(lines) == 6 and all(len(line) <= 20 for line in lines)
        assert "dualtui" in lines[0] and "Reading" in lines[3]  # header and the focused pane's title
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        text = screen_text(app)
        assert all(f" {tab} " in text for tab in ("1 Phase", "2 Reading", "3 Builds", "4 Log"))  # the tabs
        assert "The Tail at Scale" in text
        assert "tail-tolerant fan-out" not in text  # the build pane is a tab away
        await pilot.press("3")
        await pilot.pause()
        assert "tail-tolerant fan-out" in screen_text(app)

    drive(app, script)


@pytest.mark.parametrize("size", [(120, 36), (80, 24), (79, 24), (80, 23), (60, 20), (20, 6)])
def test_layout_classes_set_before_mounting_are_those_textual_sets_on_resize(make_app, size) -> None:
    # The app sets them itself so that the first resize restyles nothing; a difference would show a
    # layout for the wrong size until the terminal is resized. Textual sets its own on every resize.
    _, app = make_app()
    layout = {"-wide", "-narrow", "-tall", "-short"}

    async def script(pilot) -> None:
        await pilot.resize_terminal(size[0] + 1, size[1] + 1)
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert set(app.screen.classes) & layout == {
            name for name, on in breakpoint_classes(Size(*size)).items() if on
        }

    drive(app, script, size=size)


@given(st.text(), st.integers(min_value=0, max_value=40))
@example("\U0001f3fb", 0)  # a skin-tone modifier alone is zero cells wide
def test_fit_never_exceeds_its_width_and_never_cuts_what_fits(text: str, width: int) -> None:
    line = one_line(text)
    fitted = fit(line, width)
    assert cell_len(fitted) <= width
    if cell_len(line) <= width:
        assert fitted == line


@given(st.text())
def test_one_line_leaves_no_control_characters(text: str) -> None:
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in one_line(text))


def test_importing_the_tui_package_does_not_load_textual() -> None:
    import subprocess
    import sys

    code = "import sys, dualtui.tui; assert 'textual' not in sys.modules, 'textual was imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_theme_comes_from_the_config_and_rows_follow_it(make_app) -> None:
    _, app = make_app(config=Config(theme="gruvbox"))

    async def script(pilot) -> None:
        assert app.theme == "gruvbox"
        pane = app.main.panes[Kind.PAPER]
        first = pane.list.render_line(1)
        app.theme = "textual-light"
        await pilot.pause()
        assert pane.list.render_line(1).text == first.text
        assert pane.list.render_line(1) != first  # same words, the new theme's colours

    drive(app, script)


def test_an_app_that_stops_on_an_error_exits_with_status_1(tmp_path: Path, monkeypatch) -> None:
    from textual.app import App

    from dualtui.cli import main

    plain_run = App.run

    def headless_run(self, **options):
        return plain_run(self, headless=True, size=(120, 36), **options)

    def broken_compose(self):
        raise RuntimeError("a widget failed to build")

    monkeypatch.setattr(App, "run", headless_run)
    monkeypatch.setattr("dualtui.cli.terminal_attached", lambda: True)  # headless needs no terminal
    monkeypatch.setattr(MainScreen, "compose", broken_compose)
    assert main(["--db", str(tmp_path / "j.json")]) == 1


def test_the_cyclic_gc_is_off_for_the_start_up_only(tmp_path: Path, monkeypatch) -> None:
    # Off for the start-up (until the first suggestions are on screen), on for the rest of the
    # session: an app left running all day with the collector off would only grow.
    import gc

    from textual.app import App

    from dualtui.cli import main

    seen: dict[str, bool] = {}
    plain_run, plain_compose = App.run, MainScreen.compose

    async def look_after_start(pilot) -> None:
        await settle(pilot)
        seen["after"] = gc.isenabled()
        pilot.app.exit()

    def headless_run(self, **options):
        return plain_run(self, headless=True, size=(120, 36), auto_pilot=look_after_start, **options)

    def compose(self):
        seen["during"] = gc.isenabled()
        yield from plain_compose(self)

    monkeypatch.setattr(App, "run", headless_run)
    monkeypatch.setattr("dualtui.cli.terminal_attached", lambda: True)  # headless needs no terminal
    monkeypatch.setattr(MainScreen, "compose", compose)
    assert main(["--db", str(tmp_path / "j.json")]) == 0
    assert seen == {"during": False, "after": True}
    assert gc.isenabled()
