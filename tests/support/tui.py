"""Support for the app's tests: a context on a temp journal, a small realistic journal, a fake rule set,
driving the app and reading its screen.

The app is built exactly as the CLI builds it (an AppContext), on `tmp_path / "j.json"`, never the
user's journal; what it saved is read back with stock TinyDB.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from dualtui.domain import Ref, Snapshot
from dualtui.services.config import Config
from dualtui.services.context import AppContext, build_context
from dualtui.tui.suggest import Suggester, Suggestion, Suggestions

TODAY = date(2026, 11, 25)


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00")


def make_context(tmp_path: Path, config: Config | None = None) -> AppContext:
    return build_context(
        db=str(tmp_path / "j.json"), today=TODAY, loaded_config=config or Config(), actor="app"
    )


def saved(context: AppContext, table: str) -> dict[int, dict[str, Any]]:
    """What is on disk, read by stock TinyDB (not through the app's own store)."""
    db = TinyDB(context.journal_path, access_mode="r")
    try:
        return {doc.doc_id: dict(doc) for doc in db.table(table).all()}
    finally:
        db.close()


def seed(context: AppContext) -> None:
    """A small journal that exercises every pane: two phases, papers in each state, builds, a chain."""
    s = context.service
    s.start_phase("production", goal="Make ingest survive peak load", when=at("2026-07-24"))
    s.start_phase(
        "research",
        goal="Read the tail-latency literature",
        review="Shipped ingest; too little written up.",
        when=at("2026-10-23"),
    )
    p1 = s.add_paper("The Tail at Scale", authors=["Dean, Jeffrey"], year=2013, when=at("2026-10-24"))
    s.set_status(p1.ref, "read", when=at("2026-11-10"))
    s.add_paper("Attention Is All You Need", year=2017, when=at("2026-11-01"))
    p3 = s.add_paper("[bold]Not bold[/] and a stray [/] tag", when=at("2026-11-02"))
    s.set_status(p3.ref, "reading", when=at("2026-11-20"))
    s.add_paper(
        "注意力机制 " + "a very long wide-character title that will not fit " * 3, when=at("2026-11-03")
    )
    b1 = s.add_build(
        "tail-tolerant fan-out", paper_ids=[p1.id], data_source="prod traffic", when=at("2026-11-11")
    )
    s.set_status(b1.ref, "building", when=at("2026-11-12"))
    s.add_build("search-ranker", when=at("2026-11-13"))
    failure = s.log(
        "failure", "p99 latency spiked to 22 ms under peak load", build_id=b1.id, when=at("2026-11-20")
    )
    s.log("question", "Would hedged requests cut the p99?", answers=failure.id, when=at("2026-11-21"))
    s.log("insight", "most of the gain comes from the first 8 features", when=at("2026-11-22"))
    s.log(
        "validated",
        "the claimed 4x tail cut held on production traffic",
        paper_id=p1.id,
        when=at("2026-11-23"),
    )


def fixed_suggester(
    target: Ref | None, do: str = "build-from-paper", errors: tuple[str, ...] = ()
) -> Suggester:
    """One suggestion, always the same, with an explanation: what `n`, `z` and `?` act on."""

    def suggest(_: Snapshot, __: object, ___: object) -> Suggestions:
        suggestion = Suggestion(
            "Build a production system for “Attention Is All You Need”: read 9 days ago.",
            "paper-read-no-build",
            target,
            do,
            lambda: {
                "when": 'status == "read" and build_count == 0',
                "facts": {"status": "read", "build_count": 0},
                "clauses": [('status == "read"', True), ("build_count == 0", True)],
            },
        )
        return Suggestions([suggestion], list(errors))

    return suggest


def quiet(_: Snapshot, __: object, ___: object) -> Suggestions:
    """No rules at all: tests that are not about suggestions stay independent of the rule set."""
    return Suggestions()


def drive(app: Any, script: Any, size: tuple[int, int] = (120, 36), notifications: bool = False) -> None:
    """Run `script(pilot)` against the app (no pytest-asyncio here: one event loop per test);
    `notifications`: show toasts, which Textual's test runs leave out."""
    import asyncio

    async def main() -> None:
        async with app.run_test(size=size, notifications=notifications) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


async def settle(pilot: Any) -> None:
    """Wait for the suggestion worker and the messages it posts."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def burst(pilot: Any, *keys: str) -> None:
    """Keys that reach the app in one read, as a terminal hands over keys typed quickly: all are
    queued before the first runs (Pilot's `press` lets the app settle between keys)."""
    from textual import events

    for key in keys:
        event = events.Key(key, key)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    for character in text:
        await pilot.press(character)


def highlighted(app: Any, kind: Any) -> Any:
    """The record under the cursor of the pane of `kind`."""
    return app.main.panes[kind].highlighted


async def select(pilot: Any, pane: str, text: str) -> None:
    """Focus a pane and put its cursor on the row matching `text` (through the filter, as a user would)."""
    await pilot.press(pane, "slash")
    await type_text(pilot, text)
    await pilot.press("enter")


def screen_text(app: Any) -> str:
    """The whole screen as plain text, as a user would read it.

    Textual has no public way to read the screen as text (`export_screenshot` renders an SVG), so this
    is the one place the tests reach into its compositor."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notifications(app: Any) -> list[str]:
    """Every message the app notifies from now on (the list fills as it runs)."""
    messages: list[str] = []
    notify = app.notify

    def recording(message: Any, *args: Any, **kwargs: Any) -> Any:
        messages.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording
    return messages


async def palette_search(pilot: Any, query: str, expected: str, timeout: float = 10.0) -> None:
    """Type `query` into the open command palette and wait until a hit shows `expected` (searches run
    in the background: a fixed pause is too short on a busy machine)."""
    from textual.command import CommandList

    await type_text(pilot, query)
    waited = 0.0
    while waited < timeout:
        hits = pilot.app.screen.query(CommandList)
        if hits and any(expected in str(option.prompt) for option in hits.first().options):
            return
        await pilot.pause(0.05)
        waited += 0.05
    raise AssertionError(f"the palette never showed “{expected}” for “{query}”")
