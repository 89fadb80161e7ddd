"""Timestamps every frame Textual composes, at the point where a terminal driver would write it.

Headless runs skip turning the compositor's update into terminal bytes; the hook does that work itself
so a headless frame costs what a real one does, then stamps the time and hands the text to watchers.
Timing around `pilot.press` instead would add ~60 ms of the pilot's own waiting to a ~2 ms latency.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.app import App
from textual.screen import Screen

# A watcher sees each frame's time and terminal text; it returns True once it has seen what it wanted.
Watcher = Callable[[float, App, str], bool]


class FrameClock:
    """Installs the hook on App._display and dispatches frames to one-shot watchers."""

    def __init__(self) -> None:
        self._watchers: list[Watcher] = []
        self.frames = 0

    def install(self) -> None:
        original = App._display
        clock = self

        def display(app: App, screen: Screen, renderable: object) -> None:
            original(app, screen, renderable)
            if renderable is None or app._batch_count:
                return  # the original draws nothing either
            render = getattr(renderable, "render_segments", None)
            text = render(app.console) if app.is_headless and render is not None else ""
            clock._frame(time.perf_counter(), app, text)

        App._display = display  # type: ignore[method-assign]

    def watch(self, watcher: Watcher) -> None:
        self._watchers.append(watcher)

    def next_frame(
        self, containing: str = "", where: Callable[[App], bool] = lambda app: True
    ) -> asyncio.Future[float]:
        """A future for the time of the next frame whose text contains `containing`, when `where` holds."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()

        def watcher(now: float, app: App, text: str) -> bool:
            if not future.done() and containing in text and where(app):
                future.set_result(now)
            return future.done()

        self.watch(watcher)
        return future

    def _frame(self, now: float, app: App, text: str) -> None:
        self.frames += 1
        self._watchers = [watcher for watcher in self._watchers if not watcher(now, app, text)]
