"""Hostile text in every field of every record reaches the terminal nowhere in the app: not in the
panes, the header, the suggestion bar, any form (inputs included), the help and why screens, the
phase switch, the weekly review, the palette, the filter or a notification.

What the screen holds is read from Textual's compositor: it is exactly what is written to the
terminal, less the app's own styling codes."""

from __future__ import annotations

import asyncio
from typing import Any

from dualtui.domain import Kind, Ref, safe_text
from dualtui.tui.screens.form import FormScreen
from tests.support.tui import at, fixed_suggester, palette_search, screen_text, settle, type_text

from .test_hostile_output import HOSTILE

SHORT = "x\x1b]52;c;aGk=\x07\x1b[2J\x00\u202eevil"


def unsafe(text: str) -> str:
    return "".join(c for c in text if not safe_text.is_safe(c) and c != "\n")


def hostile_journal(context: Any) -> None:
    s = context.service
    s.start_phase("research", goal=HOSTILE, when=at("2026-11-01"))
    paper = s.add_paper(
        HOSTILE, authors=[HOSTILE], venue=HOSTILE, doi=HOSTILE, url=HOSTILE, tags=[HOSTILE],
        notes=HOSTILE + "\n" + HOSTILE, claims=[HOSTILE], status="read", when=at("2026-11-02"),
    )  # fmt: skip
    build = s.add_build(
        HOSTILE, paper_ids=[paper.id], description=HOSTILE, data_source=HOSTILE, constraints=HOSTILE,
        users=HOSTILE, status="shipped", when=at("2026-11-03"),
    )  # fmt: skip
    failure = s.log("failure", HOSTILE, build_id=build.id, paper_id=paper.id, when=at("2026-11-04"))
    s.log("question", HOSTILE, answers=failure.id, when=at("2026-11-05"))
    s.log("insight", HOSTILE, paper_id=paper.id, when=at("2026-11-06"))


def test_no_screen_of_the_app_passes_hostile_text_to_the_terminal(make_app) -> None:
    context, _ = make_app(seeded=False)
    hostile_journal(context)
    _, app = make_app(context=context, suggester=fixed_suggester(Ref(Kind.PAPER, 1), errors=(HOSTILE,)))
    seen: list[str] = []

    async def look(pilot, where: str) -> None:
        await pilot.pause()
        text = screen_text(app)
        seen.append(where)
        assert not unsafe(text), (where, unsafe(text), text)

    async def visit(pilot, keys: tuple[str, ...], where: str) -> None:
        await pilot.press(*keys)
        await settle(pilot)
        await look(pilot, where)
        while app.screen is not app.screen_stack[0]:
            await pilot.press("escape")
            await pilot.pause()

    async def script(pilot) -> None:
        await look(pilot, "main screen")
        for pane in "1234":
            await visit(pilot, (pane, "enter"), f"form of pane {pane}")
        await visit(pilot, ("2", "b"), "build from the paper")
        await visit(pilot, ("4", "j", "b"), "build from the insight")
        await visit(pilot, ("4", "f"), "follow-up of an entry")
        await visit(pilot, ("2", "l"), "log about the paper")
        await visit(pilot, ("p",), "phase switch")
        await visit(pilot, ("?",), "help and why")
        await visit(pilot, ("r",), "weekly review")
        await visit(pilot, ("i",), "insights")
        for pane in "1234":
            await pilot.press(pane, "v")
            await look(pilot, f"detail pane of pane {pane}")
            await pilot.press("v")
        await pilot.press("2", "/")
        await type_text(pilot, "T")
        await look(pilot, "filter")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await palette_search(pilot, "pwn", "pwn")
        await look(pilot, "palette")
        await pilot.press("escape")
        # An error that quotes what the user typed, beside its field and as a toast.
        await pilot.press("2", "enter")
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#input-year").value = SHORT
        await pilot.press("ctrl+s")
        await look(pilot, "a field's error")
        await pilot.press("escape")
        app.notify("Toast \x1b]0;toast\x07 [b]not markup[/b]\u202e")
        shown = "Toast ^[]0;toast^G [b]not markup[/b]<U+202E>"
        for _ in range(100):  # a toast is mounted a few messages later: longer on a busy machine
            await pilot.pause(0.05)
            if shown in screen_text(app):
                break
        await look(pilot, "a toast")
        assert shown in screen_text(app)

    async def with_toasts() -> None:
        # run_test hides toasts unless asked: these must be on the screen to be read from it.
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(with_toasts())
    assert len(seen) == 21
