"""Runs inside a benchmarked process: launches a Textual app headless, times its frames, reports JSON.

    python probe_app.py OUT MODE [JOURNAL [ENTRY]]

MODE is one of
    bare-launch       a bare app with one Static: first frame, then exit
    bare-keys         the same app: key press → frame
    dualtui-launch    `dualtui --db JOURNAL` as a user launches it: the panes filled, a suggestion, exit
    dualtui-interact  the same launch: key press in a queue → frame, an add → durable and visible, and
                      full-file parses per operation after start-up
    dualtui-insights  the same launch, settled (its workers done): `i` → the insights screen's first
                      frame, and → its figures drawn
    bare-screen       the bare app: a key → the first frame of a new screen with one Static
ENTRY is the `module:function` of the `dualtui` console script (default dualtui.cli:main); the probe
calls it as the script does, so a script that skips interpreter teardown (os._exit) skips it here too.
OUT receives {"marks": perf_counter seconds, "values": figures}; perf_counter is CLOCK_MONOTONIC on
Linux, shared with the parent, so the parent turns marks into times since it spawned this process.
Exit status 3 means dualtui's app is not there yet; the reason is on stderr.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

import dualtui_screen
from framehook import FrameClock
from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

if TYPE_CHECKING:
    from instruments import WriteClock
    from textual.pilot import Pilot

# Whatever this probe imports before the app's first frame counts in the launch figures, so what only
# the interactive modes need (statistics, json, orjson's wrappers) is imported where it is used.

SIZE = (120, 36)
KEY_PRESSES = 20
FRAME_TIMEOUT = 5.0  # seconds a key press or an add may take to reach the screen before it counts as lost
SUGGESTION_GRACE = 5.0  # seconds after the full screen to wait for a suggestion
PROBE_TIMEOUT = 300  # seconds: SIGALRM's default action ends a probe that hangs
UNAVAILABLE = 3


class Unavailable(Exception):
    """The part of dualtui this probe measures does not exist yet."""


class Bare(App[None]):
    """The floor: one Static, and a key that changes it."""

    BINDINGS = [("j", "bump"), ("k", "bump"), ("s", "screen")]  # noqa: RUF012 (Textual's own idiom)
    presses = 0

    def compose(self) -> ComposeResult:
        yield Static("floor")

    def action_bump(self) -> None:
        self.presses += 1
        self.query_one(Static).update(f"floor {self.presses}")

    def action_screen(self) -> None:
        self.push_screen(BareScreen(id="bare-screen"))


class BareScreen(Screen[None]):
    """The floor of opening a screen: one Static."""

    def compose(self) -> ComposeResult:
        yield Static("another screen")


def run_headless(launch: Callable[[], object], auto_pilot: Callable[[Pilot], Awaitable[None]] | None) -> None:
    """Calls `launch`, which runs an app the usual way; the app runs headless at SIZE instead."""
    original = App.run

    def run(self: App, **options: object) -> object:
        options.update(headless=True, size=SIZE)
        if auto_pilot is not None:
            options["auto_pilot"] = auto_pilot
        return original(self, **options)  # type: ignore[arg-type]

    App.run = run  # type: ignore[method-assign]
    launch()


def launch_dualtui(journal: Path, entry: str) -> None:
    if importlib.util.find_spec("dualtui.cli") is None:
        raise Unavailable("dualtui's CLI (app/cli/) is not there yet")
    if importlib.util.find_spec("dualtui.tui.app") is None:
        raise Unavailable("dualtui's app (app/tui/app.py) is not there yet")
    module, _, function = entry.partition(":")
    cli = importlib.import_module("dualtui.cli")
    # The probe's app runs headless, so it needs no terminal: the CLI's refusal without one
    # (stdin and stdout are /dev/null here) is lifted, where the CLI has it.
    if hasattr(cli, "terminal_attached"):
        cli.terminal_attached = lambda: True
    sys.argv = ["dualtui", "--db", str(journal)]
    try:
        getattr(importlib.import_module(module), function)()
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise


def watch_launch(
    clock: FrameClock, marks: dict[str, float], full: Callable[[App], bool], suggested: Callable[[App], bool]
) -> None:
    """Marks the first frame drawn, the first with the panes filled and the first with a suggestion,
    then exits the app."""

    def watcher(now: float, app: App, text: str) -> bool:
        marks.setdefault("drawn", now)
        if "panes" not in marks and full(app):
            marks["panes"] = now
            app.set_timer(SUGGESTION_GRACE, app.exit)
        if "suggestion" not in marks and suggested(app):
            marks["suggestion"] = now
        if "panes" in marks and "suggestion" in marks:
            app.exit()
            return True
        return False

    clock.watch(watcher)


async def until_frame_where(clock: FrameClock, app: App, condition: Callable[[App], bool]) -> None:
    if not condition(app):
        await asyncio.wait_for(clock.next_frame(where=condition), SUGGESTION_GRACE * 12)


async def press_to_frame(clock: FrameClock, app: App, key: str) -> float:
    """Seconds from a key event entering the app, as the terminal driver sends it, to the next frame."""
    event = events.Key(key, key)
    event.set_sender(app)
    frame = clock.next_frame()
    started = time.perf_counter()
    assert app._driver is not None
    app._driver.send_message(event)
    return await asyncio.wait_for(frame, FRAME_TIMEOUT) - started


async def median_key_latency(pilot: Pilot, clock: FrameClock) -> float:
    """Milliseconds, the median of KEY_PRESSES presses alternating down and up."""
    import statistics

    latencies = []
    for index in range(KEY_PRESSES):
        latencies.append(await press_to_frame(clock, pilot.app, "jk"[index % 2]))
        await pilot.pause()  # let the app settle, as between a person's key presses
    return statistics.median(latencies) * 1000


async def add_in_app(pilot: Pilot, clock: FrameClock, writes: WriteClock) -> dict[str, float]:
    """Adds a paper through the form; times Enter → its row on the main screen and the journal durable."""
    app = pilot.app
    main_depth = len(app.screen_stack)
    title = f"bench add {time.time_ns() % 10**9}"
    await pilot.press(*dualtui_screen.OPEN_ADD_FORM)
    await pilot.pause()
    await pilot.press(*title)
    await pilot.pause()
    visible = clock.next_frame(containing=title, where=lambda app: len(app.screen_stack) == main_depth)
    started = time.perf_counter()
    assert app._driver is not None
    app._driver.send_message(events.Key(dualtui_screen.SAVE_FORM, "\r"))
    shown = await asyncio.wait_for(visible, FRAME_TIMEOUT)
    durable = writes.durable_since(started)
    while durable is None and time.perf_counter() - started < FRAME_TIMEOUT:
        await pilot.pause(0.005)
        durable = writes.durable_since(started)
    if durable is None:
        raise RuntimeError(f"the added paper was shown but never written durably to {writes.journal}")
    return {
        "add_visible": (shown - started) * 1000,
        "add_durable": (durable - started) * 1000,
        "add": (max(shown, durable) - started) * 1000,
    }


async def open_screen(
    pilot: Pilot, clock: FrameClock, key: str, first: Callable[[App], bool], done: Callable[[App], bool]
) -> dict[str, float]:
    """Milliseconds from `key` entering the app to the first frame where `first` holds, and to the
    first where `done` holds (the same frame when the screen draws everything at once)."""
    app = pilot.app
    shown, finished = clock.next_frame(where=first), clock.next_frame(where=done)
    event = events.Key(key, key)
    event.set_sender(app)
    started = time.perf_counter()
    assert app._driver is not None
    app._driver.send_message(event)
    first_at = await asyncio.wait_for(shown, SUGGESTION_GRACE * 12)
    done_at = await asyncio.wait_for(finished, SUGGESTION_GRACE * 12)
    return {"first": (first_at - started) * 1000, "done": (done_at - started) * 1000}


def probe(mode: str, journal: Path | None, entry: str, report: dict[str, dict[str, float]]) -> None:
    clock = FrameClock()
    clock.install()
    marks, values = report["marks"], report["values"]
    if mode == "bare-launch":
        watch_launch(clock, marks, lambda app: True, lambda app: True)
        run_headless(lambda: Bare().run(), None)
    elif mode == "bare-keys":

        async def bare_keys(pilot: Pilot) -> None:
            await until_frame_where(clock, pilot.app, lambda app: True)
            values["key_frame"] = await median_key_latency(pilot, clock)
            pilot.app.exit()

        run_headless(lambda: Bare().run(), bare_keys)
    elif mode == "bare-screen":

        async def bare_screen(pilot: Pilot) -> None:
            await until_frame_where(clock, pilot.app, lambda app: True)
            await pilot.pause()
            opened = await open_screen(pilot, clock, "s", *[lambda app: app.screen.id == "bare-screen"] * 2)
            values["screen_frame"] = opened["first"]
            pilot.app.exit()

        run_headless(lambda: Bare().run(), bare_screen)
    elif mode == "dualtui-insights" and journal is not None:

        async def insights(pilot: Pilot) -> None:
            # Opened once the app is settled (the suggestion shown, the dashboard worked out after it):
            # the launch's own work is not counted.
            await until_frame_where(
                clock,
                pilot.app,
                lambda app: dualtui_screen.full_screen(app) and dualtui_screen.suggestion_shown(app),
            )
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            opened = await open_screen(
                pilot,
                clock,
                dualtui_screen.OPEN_INSIGHTS,
                dualtui_screen.insights_frame,
                dualtui_screen.insights_figures,
            )
            values["insights_frame"], values["insights_figures"] = opened["first"], opened["done"]
            pilot.app.exit()

        run_headless(lambda: launch_dualtui(journal, entry), insights)
    elif mode == "dualtui-launch" and journal is not None:
        watch_launch(clock, marks, dualtui_screen.full_screen, dualtui_screen.suggestion_shown)
        run_headless(lambda: launch_dualtui(journal, entry), None)
    elif mode == "dualtui-interact" and journal is not None:
        from instruments import ParseCounter, WriteClock

        parses, writes = ParseCounter(journal), WriteClock(journal)
        parses.install()
        writes.install()

        async def interact(pilot: Pilot) -> None:
            # Start once the app is settled: a suggestion landing mid-press would be a frame of its own.
            await until_frame_where(
                clock,
                pilot.app,
                lambda app: dualtui_screen.full_screen(app) and dualtui_screen.suggestion_shown(app),
            )
            await pilot.press(*dualtui_screen.FOCUS_QUEUE)
            await pilot.pause()
            after_start = parses.count
            values["key_frame"] = await median_key_latency(pilot, clock)
            values.update(await add_in_app(pilot, clock, writes))
            values["parses"] = (parses.count - after_start) / (KEY_PRESSES + 1)
            pilot.app.exit()

        run_headless(lambda: launch_dualtui(journal, entry), interact)
    else:
        raise SystemExit(__doc__)


def write_report(out: Path, report: dict[str, dict[str, float]]) -> int:
    """Writes what was measured; an exit status of 1 when the app never drew what the probe waits for."""
    if not any(report.values()):
        print("the app exited before it drew the frames this probe waits for", file=sys.stderr)
        return 1
    import json

    out.write_text(json.dumps(report))
    return 0


def main() -> int:
    signal.alarm(PROBE_TIMEOUT)
    out, mode, *rest = sys.argv[1:]
    journal = Path(rest[0]) if rest else None
    entry = rest[1] if len(rest) > 1 else "dualtui.cli:main"
    report: dict[str, dict[str, float]] = {"marks": {}, "values": {}}
    hard_exit = os._exit

    def exit_after_report(status: int) -> None:
        hard_exit(status or write_report(Path(out), report))

    os._exit = exit_after_report  # a console script that skips interpreter teardown reports first
    try:
        probe(mode, journal, entry, report)
    except Unavailable as missing:
        print(missing, file=sys.stderr)
        return UNAVAILABLE
    return write_report(Path(out), report)


if __name__ == "__main__":
    sys.exit(main())
