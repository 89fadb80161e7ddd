"""The main screen: a phase header, the top suggestion, four panes and a footer of keys.

It owns what is on screen and what the keys do to it: composition, the breakpoints, focus, and the
actions, each reaching the journal through the services. The App (`tui/app.py`) owns what lives
longer than a screen: the theme, the keymap, the polling and the suggestion worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from ...domain import Build, Entry, EntryKind, Kind, Paper, Phase, Record, Ref, UserError
from .. import first_view
from ..first_view import DRAWN_BY, FirstView
from ..keymap import BY_ACTION, KEYS, screen_bindings
from ..panes import BuildPane, LogPane, Pane, PhasePane, ReadingPane
from ..rows import View
from ..suggest import Suggestions, kept_suggestions
from ..text import one_line
from ..widgets.bars import KeyBar, PaneTabs, PhaseHeader, SuggestionBar

if TYPE_CHECKING:
    from ...services.board import Dashboard
    from ...services.context import AppContext
    from ...services.journal_service import Change
    from ..app import DualtuiApp
    from ..detail import DetailPane
    from .form import FormScreen


# The keys the key bar always shows, last, whatever its width: the rest give way to them.
KEPT_KEYS = {"help": "Help", "palette": "Commands", "quit": "Quit"}
# From this width the detail pane shows beside the four panes; below it, a key toggles it.
DETAIL_WIDTH = 160


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = screen_bindings()
    # on_mount focuses the active pane's list: Textual's auto focus would focus the first list before
    # it, a restyle of its own. Modal screens keep auto focus.
    AUTO_FOCUS = ""
    # Below 80×24 the four panes become tabs: only the focused one shows, full size.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (24, "-tall")]

    def __init__(self, context: AppContext) -> None:
        super().__init__(id="main")
        self.context = context
        self.service = context.service
        self.panes: dict[Kind, Pane] = {
            pane.KIND: pane for pane in (PhasePane(), ReadingPane(), BuildPane(), LogPane())
        }
        self.view: View | None = None
        self.suggestions = Suggestions()
        self._shown: tuple[int, int] | None = None
        # A journal not read yet may be drawn first from what the last launch kept of this screen;
        # otherwise it is read now. Either way the first pane to focus is known before anything is drawn.
        self._first: FirstView | None = None
        if not context.journal_read:
            self._first = first_view.restore(context.kept_first_view(DRAWN_BY), context.clock.today())
        if self._first is not None:
            self._active = Kind.PAPER if self._first.totals[Kind.PHASE] else Kind.PHASE
        else:
            self._active = Kind.PAPER if self.service.snapshot().phases else Kind.PHASE
        # The stamp of the journal whose first view this screen kept last.
        self._kept_stamp: object = None
        # The detail pane is made when first shown; None: shown from DETAIL_WIDTH columns, else as
        # the user last toggled it.
        self.detail: DetailPane | None = None
        self._detail_choice: bool | None = None

    @property
    def dualtui(self) -> DualtuiApp:
        return self.app  # type: ignore[return-value]

    # Layout ------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The breakpoints' classes, known from the terminal's size before anything mounts: left to the
        # first resize event, they would restyle every widget once more before the first frame.
        wide = self.app.size.width >= DETAIL_WIDTH
        if wide or (self._first is not None and not self._first.fits(self.app.size.height)):
            # The detail pane shows its record in full, and a pane this tall more than was kept.
            self._first = None
        self.update_classes({**breakpoint_classes(self.app.size), "-detail": wide}, update=False)
        yield PhaseHeader(id="header")
        yield SuggestionBar(id="suggestion")
        yield PaneTabs(
            [(f"{p.NUMBER} {p.SHORT}", p.KIND) for p in self.panes.values()], self._active, id="tabs"
        )
        # Marked before mounting: toggling the class afterwards would restyle the pane a second time.
        self.panes[self._active].add_class("-active")
        with Grid(id="panes"):
            for pane in self.panes.values():
                yield pane
                if pane.KIND is Kind.PAPER and wide:
                    yield self._make_detail()
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        first = self._first
        if first is None:
            self.redraw()
        else:
            self._show_first(first)
        if self.dualtui.suggests_by_rules:
            kept = self.context.kept_outlook()
            if kept is not None:
                self.show_suggestions(kept_suggestions(kept))
        self.action_focus_pane(self._active.value)
        self.call_after_refresh(self._journal_drawn if first is None else self._read_journal)

    def _show_first(self, first: FirstView) -> None:
        """The first frame from the kept first view: the panes' own drawing over its records."""
        self.view = first.view
        if first.dashboard is not None:
            self.phase_pane.show_dashboard(first.dashboard)
        for pane in self.panes.values():
            pane.show(first.view, total=first.totals[pane.KIND])
        self.query_one(PhaseHeader).show(first.view.snapshot.current_phase(), first.view.today)

    def _read_journal(self) -> None:
        """Once the first frame drawn from the kept view is out: the journal read, and drawn again
        (the same rows: the kept view was of this very file), keys typed meanwhile waiting for it."""
        self._first = None
        try:
            self.redraw()
        except UserError as error:
            # Changed since the stat that found the kept view, and it does not open now.
            self.dualtui.exit(return_code=1, message=str(error))
            return
        # What was kept is this file's view (or, had it changed since the stat, a miss next time):
        # start-up need not keep it again.
        self._kept_stamp = self.service.stamp()
        self._journal_drawn()

    def _journal_drawn(self) -> None:
        """Once the journal itself is on screen: what the first add needs is made ready (TinyDB's
        import, the papers' duplicate index), and a form kept from a stopped app is offered again."""
        self.service.prepare_writes()
        self.offer_kept_form()

    def keep_first_view(self) -> None:
        """Keep what the next launch needs to draw its first frame without reading the journal, when
        the journal changed since this screen last kept it (start-up has settled, or the app leaves)."""
        if not self.context.journal_read or self._first is not None:
            return
        view = self.drawn_view()
        stamp = self.service.stamp()
        if view is None or stamp == self._kept_stamp:
            return
        board = self.phase_pane.dashboard_of(view.snapshot.version)
        payload = first_view.capture(view, {kind: pane.ordered for kind, pane in self.panes.items()}, board)
        if payload is not None:
            self.context.keep_first_view(DRAWN_BY, payload)
        self._kept_stamp = stamp

    def offer_kept_form(self) -> None:
        """A form the app was stopped in (SIGTERM, SIGHUP) is opened again with the text that was
        typed in it: enter saves it, escape lets it go."""
        from ...services import form_drafts

        draft = form_drafts.take(self.context.journal_path)
        if draft is None:
            return
        from . import phase_switch_form
        from .forms import reopen

        recipe = draft["recipe"]
        if recipe.get("form") == "phase_switch":
            form = phase_switch_form(self.service, self.view) if self.view is not None else None
        else:
            form = reopen(self.service, recipe)
        if form is None:
            self.notify("A form kept from when dualtui was stopped belongs to a record that is gone.")
            return
        form.restore(draft["values"])
        self._form(form)
        self.notify(
            Content("This form was open when dualtui was stopped; your text is back: enter saves it."),
            timeout=8,
        )

    # The detail pane -------------------------------------------------------------------------------

    def _make_detail(self) -> DetailPane:
        from ..detail import DetailPane

        self.detail = DetailPane()
        return self.detail

    @property
    def detail_shown(self) -> bool:
        return self.has_class("-detail")

    def _show_detail(self, shown: bool) -> None:
        if shown and self.detail is None:
            # Beside the reading queue: in the grid's third column, over both rows (app.tcss).
            self.query_one("#panes").mount(self._make_detail(), after=self.panes[Kind.PAPER])
        self.set_class(shown, "-detail")
        self._update_detail()

    def _update_detail(self) -> None:
        if self.detail is not None and self.detail_shown:
            self.detail.show(self.active_pane.highlighted, self.view)

    def on_resize(self, event: Any) -> None:
        if self._detail_choice is None and (event.size.width >= DETAIL_WIDTH) != self.detail_shown:
            self._show_detail(event.size.width >= DETAIL_WIDTH)

    def action_toggle_detail(self) -> None:
        self._detail_choice = not self.detail_shown
        self._show_detail(self._detail_choice)

    def on_virtual_list_highlighted(self, event: Any) -> None:
        if event.control is self.active_pane.list:
            self._update_detail()

    # Drawing from the journal ------------------------------------------------------------------------

    def redraw(self, *, changed: Record | None = None) -> bool:
        """Draw the journal as it is now; nothing happens when it has not changed since last time.

        `changed`: the app's own write just changed this one record, in one transaction: it moves to
        its place in its pane, and the other panes keep their order.
        """
        snapshot = self.service.snapshot()
        shown = (id(snapshot), snapshot.version)
        if shown == self._shown:
            return False
        one_step = self._shown == (id(snapshot), snapshot.version - 1)
        self._shown = shown
        today = self.context.clock.today()
        if changed is not None and one_step and self.view is not None:
            # Links come from builds and entries only: a paper or a phase leaves the index, and so the
            # other panes' rows, as they were; nothing else needs drawing again.
            relinked = changed.KIND in (Kind.BUILD, Kind.ENTRY)
            links = View.of(snapshot, today).links if relinked else self.view.links
            self.view = View(snapshot, links, today)
            for pane in self.panes.values():
                if pane.KIND is changed.KIND:
                    pane.show_one(self.view, changed)
                elif relinked:
                    pane.redraw_rows(self.view)
                else:
                    pane.keep_view(self.view)
        else:
            self.view = View.of(snapshot, today)
            for pane in self.panes.values():
                pane.show(self.view)
        self.query_one(PhaseHeader).show(snapshot.current_phase(), today)
        self._update_detail()
        # The rules run in a thread, but they hold the GIL: start them once this frame is on screen.
        self.call_after_refresh(self.dualtui.refresh_suggestions)
        return True

    def drawn_view(self) -> View | None:
        """The view the panes show, when they were drawn from the snapshot the journal holds now."""
        snapshot = self.service.snapshot()
        if self._shown == (id(snapshot), snapshot.version):
            return self.view
        return None

    def show_dashboard(self, board: Dashboard | None, version: int | None = None) -> None:
        """`version`: the snapshot's it was worked out from (None: not known to be the latest)."""
        self.phase_pane.show_dashboard(board, version)

    @property
    def phase_pane(self) -> PhasePane:
        pane = self.panes[Kind.PHASE]
        assert isinstance(pane, PhasePane)
        return pane

    def show_suggestions(self, suggestions: Suggestions) -> None:
        self.suggestions = suggestions
        top = suggestions.top
        text = top.say if top else None
        if text is None and self.view is not None and not self.view.snapshot.phases:
            text = f"Welcome! Start your first phase: press {self.dualtui.key_for('phase')}."
        self.query_one(SuggestionBar).show(
            text, (self.dualtui.key_for("do"), self.dualtui.key_for("snooze"), self.dualtui.key_for("help"))
        )
        log = self.panes[Kind.ENTRY]
        assert isinstance(log, LogPane)
        log.show_rule_errors(suggestions.errors)

    # Focus and panes ---------------------------------------------------------------------------------

    @property
    def active_pane(self) -> Pane:
        return self.panes[self._active]

    def on_descendant_focus(self, event: Any) -> None:
        widget: Widget | None = event.widget
        while widget is not None and not isinstance(widget, Pane):
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        if widget is not None:
            self._activate(widget)

    def _activate(self, pane: Pane) -> None:
        self._active = pane.KIND
        for other in self.panes.values():
            other.set_class(other is pane, "-active")
        self.query_one(PaneTabs).show(pane.KIND)
        self._show_keys()
        self._update_detail()

    def _show_keys(self) -> None:
        key_for = self.dualtui.key_for
        shown = [
            key
            for key in KEYS
            if key.show and (key.panes is None or self._active in key.panes) and key.id not in KEPT_KEYS
        ]
        keys = [(key_for(key.id), key.label) for key in shown]
        keys += [(key_for(binding_id), label) for binding_id, label in KEPT_KEYS.items()]
        self.query_one(KeyBar).show(keys, kept=len(KEPT_KEYS))

    def action_focus_pane(self, kind: str) -> None:
        pane = self.panes[Kind(kind)]
        pane.focus_list()
        self._activate(pane)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        key = BY_ACTION.get(action)
        if key is None:
            return True
        return key.panes is None or self._active in key.panes

    def jump_to(self, ref: Ref) -> None:
        if ref.kind not in self.panes:
            return
        pane = self.panes[ref.kind]
        if not pane.select(ref.number) and pane.filtering:
            pane.action_close_filter()
            pane.select(ref.number)
        self.action_focus_pane(ref.kind.value)

    # Writes ------------------------------------------------------------------------------------------

    def _attempt(self, write: Callable[[], Any], *, one_record: bool = False) -> Any | None:
        """Run one service call; a user error becomes a notification, never a crash.

        `one_record`: the call changes only the record it returns (so only that row moves)."""
        try:
            result = write()
        except UserError as error:
            self.notify(Content(str(error)), severity="error")
            return None
        self.redraw(changed=result if one_record else None)
        return result

    def _form(self, form: FormScreen, *, follow: bool = True) -> None:
        """`follow`: once saved, go to the new or changed record in its pane; else the focus stays
        in the pane it is in (the record is selected there if it is that pane's)."""

        def saved(result: Any) -> None:
            self.redraw(changed=result if isinstance(result, Paper | Build | Entry) else None)
            if isinstance(result, Phase | Paper | Build | Entry):
                if follow or result.KIND is self._active:
                    self.jump_to(result.ref)
                # A toast is a widget to mount and style: it follows the frame that shows the row.
                self.call_after_refresh(self.notify, Content(f"Saved {result.ref}."), timeout=3)

        self.app.push_screen(form, saved)

    def action_add(self) -> None:
        from . import build_form, paper_form

        kind = self._active
        if kind is Kind.PHASE:
            self.action_switch_phase()
        elif kind is Kind.PAPER:
            self._form(paper_form(self.service))
        elif kind is Kind.BUILD:
            self._form(build_form(self.service))
        else:
            self.action_log()

    def action_log(self) -> None:
        """An entry about the selected paper or build, or about what the selected entry is about.
        The focus stays in its pane, so the next `l` is linked the same way."""
        from . import entry_form

        record = self.active_pane.highlighted
        links: dict[str, int | None] = {}
        if isinstance(record, Paper):
            links["paper_id"] = record.id
        elif isinstance(record, Build):
            links["build_id"] = record.id
        elif isinstance(record, Entry):
            links = {"paper_id": record.paper_id, "build_id": record.build_id}
        self._form(entry_form(self.service, **links), follow=False)

    def action_open(self) -> None:
        from . import build_form, entry_form, paper_form, phase_form

        record = self.active_pane.highlighted
        if record is None or self.view is None:
            return
        from ..chains import chains

        after = chains(record, self.view)
        if isinstance(record, Paper):
            self._form(paper_form(self.service, record, after=after))
        elif isinstance(record, Build):
            self._form(build_form(self.service, record, after=after))
        elif isinstance(record, Entry):
            self._form(entry_form(self.service, record, after=after))
        elif isinstance(record, Phase):
            self._form(phase_form(self.service, record, after=after))

    def action_advance(self) -> None:
        record = self.active_pane.highlighted
        if isinstance(record, Paper | Build):
            self._choose_move(record)

    def _choose_move(self, record: Paper | Build) -> None:
        """A choice of the moves the status machine allows from the item's status, the usual next
        one highlighted: enter records the move, escape records nothing."""
        from . import Pick, PickScreen

        moves = self._attempt(lambda: self.service.moves(record.ref))
        if not moves:
            return

        def chosen(pick: Pick | None) -> None:
            if pick is None:
                return
            moved = self._attempt(lambda: self.service.set_status(record.ref, pick.value), one_record=True)
            if moved is not None:
                self.notify(Content(f"{moved.ref} is now {moved.status.value}."), timeout=3)

        picks = [Pick(status, status, meaning) for status, meaning in moves]
        title = f"{record.ref} is {record.status.value}: move it to"
        self.app.push_screen(PickScreen(title, picks, intro=record.title), chosen)

    def action_build(self) -> None:
        from . import build_form

        record = self.active_pane.highlighted
        if isinstance(record, Paper):
            self._form(build_form(self.service, from_paper=record))
        elif isinstance(record, Entry) and record.kind is EntryKind.INSIGHT:
            self._form(build_form(self.service, from_insight=record))
        else:
            self.notify("Select a paper (or an insight in the log) to build from.", severity="warning")

    def action_follow_up(self) -> None:
        from . import build_form
        from .loops import follow_up_form

        record = self.active_pane.highlighted
        if not isinstance(record, Entry):
            return
        if record.kind is EntryKind.INSIGHT:
            self._form(build_form(self.service, from_insight=record))
        elif record.kind is EntryKind.FAILURE:
            self._form(follow_up_form(self.service, record, EntryKind.QUESTION, "A research question for"))
        elif record.kind is EntryKind.QUESTION:
            self._form(follow_up_form(self.service, record, EntryKind.INSIGHT, "Answer"))
        else:
            self._form(follow_up_form(self.service, record, EntryKind.NOTE, "Follow up"))

    def action_link(self) -> None:
        """A question: the paper read for it or the build that tests it; an insight: the build it is
        applied to; a build: the papers it builds on, linked and unlinked."""
        from .forms import build_links_form
        from .loops import address_form, apply_form

        record = self.active_pane.highlighted
        if isinstance(record, Build):
            self._form(build_links_form(self.service, record))
        elif isinstance(record, Entry) and record.kind is EntryKind.QUESTION:
            self._form(address_form(self.service, record))
        elif isinstance(record, Entry) and record.kind is EntryKind.INSIGHT:
            self._form(apply_form(self.service, record))
        else:
            self.notify(
                "Select a build (to link its papers), a question (to link what addresses it) or an insight "
                "(to link its build); enter on an entry edits all its links.",
                severity="warning",
            )

    def action_test_claim(self) -> None:
        from .loops import claim_form

        record = self.active_pane.highlighted
        if isinstance(record, Build):
            self._form(claim_form(self.service, record))

    def action_writeup(self) -> None:
        """Draft the write-up (an untouched draft is redrafted from the journal), then open it."""
        from .loops import open_writeup

        record = self.active_pane.highlighted
        if not isinstance(record, Build):
            return
        problem = open_writeup(self.app, self.context, record)
        self.redraw()
        if problem is not None:
            self.notify(Content(problem), severity="warning")

    def action_writeup_done(self, *, drafted: bool = False) -> None:
        """Mark the write-up done. With no draft yet, it is drafted and opened as `w` does, and marked
        once the editor closes; while its abstract is still the template's placeholder, the user is
        asked whether to mark it done anyway ("not yet" highlighted)."""
        from ...services.writeup import NoDraft, PlaceholderAbstract
        from .loops import open_writeup

        record = self.active_pane.highlighted
        if not isinstance(record, Build):
            return
        try:
            self._mark_writeup_done(record)
        except NoDraft as error:
            if drafted:  # the editor took the draft away
                self.notify(Content(str(error)), severity="error")
                return
            problem = open_writeup(self.app, self.context, record)
            self.redraw()
            if problem is not None:
                self.notify(Content(problem), severity="warning")
                return
            self.action_writeup_done(drafted=True)
        except PlaceholderAbstract:
            self._ask_to_mark_done_anyway(record)
        except UserError as error:
            self.notify(Content(str(error)), severity="error")

    def _mark_writeup_done(self, build: Build, *, force: bool = False) -> None:
        done = self.context.writeups().mark_done(build.ref, force=force)
        self.redraw(changed=done.build)
        self.notify(Content(f"The write-up of {build.ref} is done."), timeout=3)

    def _ask_to_mark_done_anyway(self, build: Build) -> None:
        from . import Pick, PickScreen

        def chosen(pick: Pick | None) -> None:
            if pick is not None and pick.value:
                self._attempt(lambda: self._mark_writeup_done(build, force=True))

        picks = [
            Pick(False, "Not yet", f"{self.dualtui.key_for('writeup')} opens it to write the abstract"),
            Pick(True, "Mark it done anyway", "with the template's abstract"),
        ]
        intro = f"The abstract of {build.ref}'s write-up is still the template's placeholder."
        title = f"Mark the write-up of {build.ref} done?"
        self.app.push_screen(PickScreen(title, picks, intro=intro), chosen)

    def action_delete(self) -> None:
        record = self.active_pane.highlighted
        if record is None or isinstance(record, Phase):
            return
        deleted = self._attempt(lambda: self.service.delete(record.ref))
        if deleted is not None:
            self.notify(
                Content(f"Deleted {deleted.ref}. {self.dualtui.key_for('undo')} brings it back."), timeout=4
            )

    def action_undo(self) -> None:
        self._flip(self.service.undo, "Undid")

    def action_redo(self) -> None:
        self._flip(self.service.redo, "Redid")

    def _flip(self, flip: Callable[[], Change], done: str) -> None:
        change = self._attempt(flip)
        if change is None:
            return
        # The record the change is about comes last in it (a delete's unlinked records first, a new
        # phase after the one it ended); go to it if it is there.
        snapshot = self.service.snapshot()
        present = [ref for ref in change.refs if snapshot.get(ref) is not None]
        if present:
            self.jump_to(present[-1])
        self.notify(Content(f"{done}: {change.summary}"), timeout=4)

    def action_filter(self) -> None:
        self.active_pane.open_filter()

    def action_switch_phase(self) -> None:
        from . import phase_switch_form

        if self.view is not None:
            self._form(phase_switch_form(self.service, self.view))

    def action_weekly_review(self) -> None:
        from . import WeeklyReview

        if self.view is None:
            return

        def chosen(ref: Ref | None) -> None:
            self.redraw()
            if ref is not None:
                self.jump_to(ref)

        self.app.push_screen(WeeklyReview(self.context, self.dualtui.suggestion_service), chosen)

    def action_open_link(self) -> None:
        from .. import opener

        record = self.active_pane.highlighted
        try:
            target = opener.target_of(record, self.context.writeups())
            opener.open_target(target)
        except opener.NothingToOpen as error:
            self.notify(Content(str(error)), severity="warning")
            return
        self.notify(Content(f"Opened {one_line(target)}"), timeout=3)

    def action_insights(self) -> None:
        from . import InsightsScreen

        if self.view is not None:
            self.app.push_screen(InsightsScreen(self.view))

    def action_help(self) -> None:
        from . import HelpScreen

        top = self.suggestions.top
        self.app.push_screen(
            HelpScreen(top.explanation() if top else None, self.dualtui.keymap, self.suggestions.errors)
        )

    def action_do_suggestion(self) -> None:
        """`n`: the form or choice the top suggestion's action needs, its target selected and in it,
        with the links that close the loop the suggestion is about. Only its enter records."""
        from .loops import closing_form

        top = self.suggestions.top
        if top is None:
            if self.view is not None and not self.view.snapshot.phases:
                self.action_switch_phase()
            return
        record = None if top.target is None else self.service.snapshot().get(top.target)
        if top.target is not None:
            self.jump_to(top.target)
        if top.do in ("switch-phase", "start-phase"):
            self.action_switch_phase()
        elif top.do == "advance" and isinstance(record, Paper | Build):
            self._choose_move(record)
        elif top.do == "advance":
            self._choose_reading()
        elif top.do == "write-up" and isinstance(record, Build):
            self._choose_writeup(record)
        else:
            form = closing_form(self.service, top.do, record)
            if isinstance(form, str):
                self.notify(form, severity="warning")
            else:
                self._form(form)

    def _choose_reading(self) -> None:
        """Which paper in reading to finish or put back (the one read longest first), then its move."""
        from . import Pick, PickScreen
        from .loops import reading_picks

        if self.view is None:
            return
        picks = reading_picks(self.view.snapshot, self.view.today)
        if not picks:
            self.notify("No paper is in reading.", severity="warning")
            return

        def chosen(pick: Pick | None) -> None:
            if pick is not None:
                self.jump_to(pick.value.ref)
                self._choose_move(pick.value)

        title = f"{len(picks)} papers in reading: which one do you finish or put back?"
        self.app.push_screen(PickScreen(title, picks), chosen)

    def _choose_writeup(self, build: Build) -> None:
        """Draft the write-up, or open the draft, or mark it done: asked first, as each records."""
        from . import Pick, PickScreen
        from .loops import open_writeup, writeup_picks

        def chosen(pick: Pick | None) -> None:
            if pick is None:
                return
            if pick.value == "done":
                done = self._attempt(lambda: self.context.writeups().mark_done(build.ref))
                if done is not None:
                    self.notify(Content(f"The write-up of {build.ref} is done."), timeout=3)
                return
            problem = open_writeup(self.app, self.context, build)
            self.redraw()
            if problem is not None:
                self.notify(Content(problem), severity="warning")

        title = f"The write-up of {build.ref}"
        self.app.push_screen(PickScreen(title, writeup_picks(build), intro=build.title), chosen)

    def action_snooze(self) -> None:
        """How long to put the top suggestion aside (3 days, a week, two weeks, until the phase ends,
        for good), or which snoozed suggestion to bring back; enter records, escape records nothing."""
        from .snoozing import CHOOSE_TO_BRING_BACK, record_snooze, snooze_choice

        service = self.dualtui.suggestion_service
        top = self.suggestions.top
        if top is None:
            self._bring_back()
            return

        def chosen(pick: Any) -> None:
            if pick is None:
                return
            if pick.value == CHOOSE_TO_BRING_BACK:
                self._bring_back()
                return
            done = self._attempt(lambda: record_snooze(service, top.source or top, pick.value, top.say))
            if done is not None:
                self.notify(Content(done), timeout=4)

        self.app.push_screen(snooze_choice(service, top.say, offer_others=True), chosen)

    def _bring_back(self) -> None:
        """A choice of the snoozed suggestions: enter brings the one highlighted back (u snoozes it
        again)."""
        from .snoozing import bring_back_choice

        service = self.dualtui.suggestion_service
        choice = bring_back_choice(service)
        if choice is None:
            self.notify("Nothing to snooze, and nothing snoozed to bring back.", timeout=3)
            return

        def chosen(pick: Any) -> None:
            if pick is not None and self._attempt(lambda: service.unsnooze(pick.value)) is not None:
                self.notify(Content(f"Brought back {pick.value}."), timeout=4)

        self.app.push_screen(choice, chosen)


def breakpoint_classes(size: Size) -> dict[str, bool]:
    """The classes Textual's screen sets for `size` from the breakpoints (the widest that fits)."""
    horizontal, vertical = MainScreen.HORIZONTAL_BREAKPOINTS, MainScreen.VERTICAL_BREAKPOINTS
    classes = {name: False for _, name in horizontal + vertical}
    for extent, breakpoints in ((size.width, horizontal), (size.height, vertical)):
        fitting = [(threshold, name) for threshold, name in breakpoints if extent >= threshold]
        if fitting:
            classes[max(fitting)[1]] = True
    return classes
