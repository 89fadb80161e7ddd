"""The insights screen, the detail pane and `o`, driven with Pilot as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtui.tui import opener
from tests.support.tui import drive, notifications, screen_text, settle


def test_i_opens_the_insights_and_escape_closes_them(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("i")
        await settle(pilot)
        text = screen_text(app)
        assert "Phases side by side" in text and "Cycle times" in text and "Activity" in text
        # The seed: ph1 production read nothing; ph2 research read p1 (The Tail at Scale).
        papers = next(line for line in text.splitlines() if line.strip().startswith("papers read"))
        assert papers.split()[2::2] == ["0", "1", "1"]  # ph1, ph2, all time (bars between)
        assert "ph2 is the first research phase" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "2 Reading queue" in screen_text(app)

    drive(app, script, size=(120, 36))


def test_the_detail_pane_shows_from_160_columns_and_follows_the_selection(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        text = screen_text(app)
        assert "Detail" in text
        await pilot.press("3")  # the build queue: tail-tolerant fan-out is first (building)
        await settle(pilot)
        text = screen_text(app)
        assert "data source prod traffic" in text and "Builds on" in text
        await pilot.press("4")  # the newest entry: the validated claim
        await settle(pilot)
        assert "Chain" in screen_text(app)

    drive(app, script, size=(200, 60))


def test_v_toggles_the_detail_pane_below_160_columns(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        assert "authors" not in screen_text(app)
        await pilot.press("2", "v")
        await settle(pilot)
        assert app.screen.query_one("#detail").display
        assert "authors" in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert not app.screen.has_class("-detail")
        assert "authors" not in screen_text(app)

    drive(app, script, size=(120, 36))


def test_a_failure_shows_its_whole_chain(make_app) -> None:
    _, app = make_app()

    async def script(pilot) -> None:
        await pilot.press("4", "v")
        # Down to the failure: validated, insight, question, failure (newest first).
        await pilot.press("j", "j", "j")
        await settle(pilot)
        text = screen_text(app)
        assert "▶ ✗ e1 failure" in text and "↳ ? e2 question" in text

    drive(app, script, size=(120, 36))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `o` hands to the system's opener (never a real browser)."""
    targets: list[str] = []
    monkeypatch.setattr(opener, "open_target", targets.append)
    return targets


def test_o_opens_the_doi_arxiv_or_url_and_says_when_there_is_none(make_app, opened, tmp_path: Path) -> None:
    context, app = make_app()
    context.service.add_paper("With a DOI", doi="10.1145/2408776.2408794", status="reading")
    context.service.add_paper("Bad URL", url="-x file:///etc/passwd", status="reading")

    async def script(pilot) -> None:
        said = notifications(app)
        await pilot.press("2")
        await settle(pilot)
        app.screen.jump_to(context.service.get("p5").ref)
        await pilot.press("o")
        assert opened == ["https://doi.org/10.1145/2408776.2408794"]
        app.screen.jump_to(context.service.get("p6").ref)
        await pilot.press("o")
        app.screen.jump_to(context.service.get("p2").ref)
        await pilot.press("o")
        await pilot.pause()
        assert opened == ["https://doi.org/10.1145/2408776.2408794"]
        assert "p6's URL is not a web address (http or https), so it is not opened." in said
        assert "p2 has no DOI, arXiv id or URL to open." in said
        await pilot.press("3", "o")
        await pilot.pause()
        assert "b1 has no write-up yet: w drafts one." in said

    drive(app, script, size=(120, 36))


def test_nothing_of_the_insights_detail_or_opener_is_loaded_before_it_is_used(tmp_path: Path) -> None:
    """In a fresh process, the app up to its first suggestions at 120×36 imports none of them (the
    stats module it does import, in the worker after the first frame, for the phase dashboard)."""
    import subprocess
    import sys

    code = f"""
import asyncio, sys
from dualtui.services.context import build_context
from dualtui.tui.app import DualtuiApp
from tests.support.tui import quiet, seed, settle, make_context
from pathlib import Path
context = make_context(Path({str(tmp_path)!r}))
seed(context)
async def main():
    app = DualtuiApp(context, suggester=quiet)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
asyncio.run(main())
late = ("dualtui.tui.screens.insights", "dualtui.tui.detail", "dualtui.tui.opener",
        "textual.widgets._sparkline", "textual.renderables.bar")
print(sorted(m for m in late if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
