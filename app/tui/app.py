"""The full-screen app: what lives longer than a screen.

It is handed its data (an AppContext from the CLI or a test) and owns the theme, the keymap, the
polling for other processes' changes and the suggestion worker; the main screen
(`screens/main.py`) owns what is drawn and what the keys do. First frame first: the panes draw from
what the last launch kept of them when the journal is as it left it (else from the snapshot),
suggestions follow from a worker thread, and outside changes are picked up by a
cheap stat every two seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message

from ..domain import Snapshot, UserError, collector, safe_text
from ..domain.links import LinkIndex
from ..services.context import AppContext
from . import editor
from .keymap import BY_ID, app_bindings, display_keys, user_keymap
from .screens.main import MainScreen
from .stylesheets import MAIN
from .suggest import Suggester, Suggestions, copy_for_worker, rules_suggester
from .text import lines

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.notifications import Notify, SeverityLevel
    from textual.screen import Screen

    from ..services.board import Dashboard
    from ..services.suggestions import SuggestionService
    from .commands import ItemTitles

POLL_SECONDS = 2.0
# Two toasts of at most four lines (app.tcss) fit inside the bottom row of panes at 80×24.
TOASTS_AT_ONCE = 2


class SuggestionsReady(Message):
    """What the worker worked out from one snapshot: the suggestions."""

    def __init__(self, suggestions: Suggestions) -> None:
        super().__init__()
        self.suggestions = suggestions


class DashboardReady(Message):
    """The open phase's dashboard, worked out from the same snapshot just after its suggestions."""

    def __init__(self, dashboard: Dashboard | None, version: int) -> None:
        super().__init__()
        self.dashboard = dashboard
        # The snapshot's version it was worked out from.
        self.version = version


class DualtuiApp(App[None]):
    CSS_PATH = MAIN
    TITLE = "dualtui"
    BINDINGS: ClassVar[list[BindingType]] = app_bindings()
    COMMANDS = App.COMMANDS | {lambda: _commands()}
    # Set once the start's theme is applied: a theme set after that is the user's pick.
    _theme_started = False

    def __init__(
        self,
        context: AppContext,
        *,
        suggester: Suggester | None = None,
        poll_seconds: float = POLL_SECONDS,
        gc_paused: bool = False,
    ) -> None:
        """`gc_paused`: the caller paused the cyclic GC for the start-up (see `tui.run`); the app
        ends that pause once the first suggestions are on screen."""
        super().__init__()
        self.context = context
        self.service = context.service
        # The rules' own suggestions are kept between runs: the first frame may show the last run's.
        self.suggests_by_rules = suggester is None
        self.suggester = suggester or rules_suggester(lambda: self.suggestion_service)
        self.poll_seconds = poll_seconds
        self.main = MainScreen(context)
        self._item_titles: ItemTitles | None = None
        self._gc_paused = gc_paused
        self._notified_errors: set[str] = set()
        self.keymap, self._keymap_problems = user_keymap(context.config.keys)
        self.leaving = False
        self._settled = False

    def get_default_screen(self) -> MainScreen:
        return self.main

    # The theme ---------------------------------------------------------------------------------------

    def _start_theme(self) -> None:
        """The theme picked last in the palette, else the config's `theme:`."""
        configured = self.context.config.theme
        remembered = self.context.app_state().theme(configured)
        if remembered.problem is not None:
            self.notify(remembered.problem, severity="warning")
        for theme, where in ((remembered.theme, "The theme picked last"), (configured, "The config")):
            if not theme:
                continue
            if theme in self.available_themes:
                self.theme = theme
                break
            self.notify(f"{where} names the theme “{theme}”, which does not exist.")
        self._theme_started = True

    def watch_theme(self, theme: str) -> None:
        # A theme set after the start is the user's pick (the palette's theme picker): kept.
        if not self._theme_started:
            return
        try:
            path = self.context.app_state().remember_theme(theme, self.context.config.theme)
        except UserError as error:
            self.notify(str(error), severity="warning")
            return
        self.notify(f"Theme {theme}: kept for the next launch in {path}.", timeout=4)

    def on_mount(self) -> None:
        self._start_theme()
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in self._keymap_problems:
            self.notify(problem, severity="warning")
        self.set_interval(self.poll_seconds, self.poll_journal, name="poll-journal")
        self._catch_stop_signals()

    # Leaving -------------------------------------------------------------------------------------

    def exit(self, result: None = None, return_code: int = 0, message: Any = None) -> None:
        if not self.leaving:
            self.main.keep_first_view()
        self.leaving = True
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed after `q` (`q s` in one burst reaches the app as one read) would still run while
        # the app winds down, and `s` would mark a paper read: leaving stops taking input.
        if self.leaving and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    # Stopped from outside ----------------------------------------------------------------------------

    STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

    def _catch_stop_signals(self) -> None:
        # Python's default for these ends the process at once: the terminal stays in the alternate
        # screen with mouse reporting on, and what was typed in a form is gone.
        loop = asyncio.get_running_loop()
        for number in self.STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.stop_on_signal, number)

    def on_unmount(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for number in self.STOP_SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(number)

    def stop_on_signal(self, number: int) -> None:
        """SIGTERM or SIGHUP: the open form's text is kept for the next launch, then the app leaves as
        `q` leaves, restoring the terminal; the exit status is 128 + the signal's number."""
        from ..services import form_drafts

        for screen in reversed(self.screen_stack):
            draft = getattr(screen, "draft", lambda: None)()
            if draft is not None:
                form_drafts.keep(self.context.journal_path, {**draft, "at": datetime.now().isoformat()})
                break
        self.exit(return_code=128 + number)

    @property
    def item_titles(self) -> ItemTitles:
        """What the palette's jump to an item searches, kept between its openings."""
        if self._item_titles is None:
            from .commands import ItemTitles

            self._item_titles = ItemTitles()
        return self._item_titles

    @property
    def suggestion_service(self) -> SuggestionService:
        # Made on first use (in the worker, after the first frame): the rule engine is not cheap.
        return self.context.suggestions()

    # Other processes' changes and the suggestions --------------------------------------------------

    def poll_journal(self) -> None:
        """Pick up another process's changes (a stat when nothing changed), and merge the conflict
        copies a sync tool left beside the journal (a listing of its folder when there are none)."""
        try:
            for line in self.context.merging().merge_conflict_copies():
                if line.startswith("conflict copy not merged"):
                    self._notify_once(line)
                else:
                    self.notify(Content(line), timeout=8)
            self.service.refresh()
        except UserError as error:
            self._notify_once(str(error))
            return
        self.main.redraw()

    def refresh_suggestions(self) -> None:
        snapshot = self.service.snapshot()
        # The panes' link index, when they were drawn from this very version: the dashboard needs it,
        # and indexing the journal again costs 35 ms at 100,000 records. It is never changed once made.
        drawn = self.main.drawn_view()
        links = drawn.links if drawn is not None else None
        self._suggest(copy_for_worker(snapshot), links, self.service.stamp())

    # A description, or Textual would build one from repr() of the whole snapshot on every call.
    @work(thread=True, exclusive=True, group="suggest", description="suggestions")
    def _suggest(self, snapshot: Snapshot, links: LinkIndex | None, stamp: object) -> None:
        # The suggestion bar first: it is what the user waits for; the dashboard follows.
        self.post_message(SuggestionsReady(self.suggester(snapshot, stamp, links)))
        from ..services.stats import dashboard

        board = dashboard(snapshot, self.context.clock.today(), links)
        self.post_message(DashboardReady(board, snapshot.version))

    @on(SuggestionsReady)
    def _suggestions_ready(self, message: SuggestionsReady) -> None:
        self.main.show_suggestions(message.suggestions)
        for error in message.suggestions.errors:
            self._notify_once(error)

    @on(DashboardReady)
    def _dashboard_ready(self, message: DashboardReady) -> None:
        self.main.show_dashboard(message.dashboard, message.version)
        if not self._settled:
            # The start-up ends here, with the first suggestions and the dashboard on screen: what the
            # next launch draws first is kept while nothing waits.
            self._settled = True
            self.main.keep_first_view()
        self.end_startup_gc_pause()

    def end_startup_gc_pause(self) -> None:
        """What the start-up made lives as long as the app: its little garbage is collected once
        (a few ms, while nothing waits), the rest frozen out of every later collection. Collecting
        here also keeps the first full collections away from the first key presses and adds."""
        if self._gc_paused:
            self._gc_paused = False
            collector.resume(collect=True, freeze=True)

    def notify(
        self,
        message: str | Content,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, from the app or any widget (theirs call this one): a plain string is shown
        literally, never read as markup, and text a user or a file supplied in it harmlessly."""
        if isinstance(message, str):
            message = Content(lines(message))
        elif not safe_text.is_safe(message.plain):
            message = Content(lines(message.plain))
        super().notify(message, title=lines(title), severity=severity, timeout=timeout, markup=markup)  # type: ignore[arg-type]

    def _on_notify(self, event: Notify) -> None:
        """Runs before App's own handler adds the new toast (Textual calls each class's handler along
        the MRO). Toasts stack up from the bottom-right pane's lower border (app.tcss): more than fit
        inside it would climb over its top border, so the oldest give way to the newest."""
        up = list(self._notifications)
        for old in up[: max(len(up) - TOASTS_AT_ONCE + 1, 0)]:
            self._unnotify(old, refresh=False)

    def _notify_once(self, message: str) -> None:
        if message not in self._notified_errors:
            self._notified_errors.add(message)
            self.notify(Content(message), severity="error", timeout=8)

    def key_for(self, binding_id: str) -> str:
        return display_keys(self.keymap.get(binding_id, BY_ID[binding_id].keys)).split(",")[0]

    # The palette -------------------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        from .palette import SafeCommandPalette

        if self.use_command_palette and not SafeCommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from .palette import SafeCommandPalette

        self.push_screen(SafeCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":
                yield SystemCommand(
                    "Screenshot",
                    "Save an SVG of this screen in your Downloads folder (made if missing)",
                    lambda: self.call_after_refresh(self.save_screenshot_file),
                )
            else:
                yield command

    def save_screenshot_file(self) -> None:
        """Once the palette is gone from the screen: the SVG saved, and its path told."""
        from ..services.screenshots import save_screenshot

        try:
            path = save_screenshot(self.export_screenshot())
        except UserError as error:
            self.notify(str(error), title="Screenshot", severity="error")
            return
        self.notify(f"Saved the screenshot to {path}", title="Screenshot")

    # Long text ---------------------------------------------------------------------------------------

    def edit_text(self, text: str) -> str | None:
        """Long notes in $EDITOR (through `editor.edit_text`, which tests replace)."""
        return editor.edit_text(self, text, configured=self.context.config.editor)


def _commands() -> type[Provider]:
    # textual.command is not loaded by a bare App: the palette's provider is imported when it opens.
    from .commands import DualtuiCommands

    return DualtuiCommands
