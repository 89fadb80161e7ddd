"""What the four panes share: a border title with its number, a virtual list, and a filter line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget

from ...domain import Kind
from ..per_record import PerRecord
from ..rows import Looks, Order, Since, Span, View, age_header
from ..widgets.virtual_list import MATCH, VirtualList

if TYPE_CHECKING:
    from textual.widgets import Input


def matched_row(
    describe: Callable[[Any, int, View], list[Span]],
    record: Any,
    width: int,
    view: View,
    needle: str,
    fields: list[tuple[str, str]],
) -> list[Span]:
    """The row with the filter's text marked where it shows; where it does not (a venue, an author,
    a cut title), the row names the field that matched, at its end."""
    spans = mark_matches(describe(record, width, view), needle)
    if any(role == MATCH for _, role in spans):
        return spans
    field = next((name for name, text in fields if needle in text.casefold()), None)
    if field is None:
        return spans
    label = f"⌕{field}"
    room = width - cell_len(label) - 1
    if room < 8:
        return spans
    return [*mark_matches(describe(record, room, view), needle), (" ", None), (label, MATCH)]


def mark_matches(spans: list[Span], needle: str) -> list[Span]:
    """Each span split where `needle` occurs in it (casefolded), the occurrences given the match role."""
    marked: list[Span] = []
    for text, role in spans:
        folded = text.casefold()
        if len(folded) != len(text):  # casefolding changed its length (ß → ss): lower() keeps places
            folded = text.lower()
        start = folded.find(needle) if len(folded) == len(text) else -1
        if start < 0:
            marked.append((text, role))
            continue
        at = 0
        while start >= 0:
            if start > at:
                marked.append((text[at:start], role))
            marked.append((text[start : start + len(needle)], MATCH))
            at = start + len(needle)
            start = folded.find(needle, at)
        if at < len(text):
            marked.append((text[at:], role))
    return marked


class Pane(Vertical):
    """A titled pane over one kind of record. Subclasses say which records, in which order, drawn how."""

    KIND: ClassVar[Kind]
    ORDER: ClassVar[Order]
    NUMBER: ClassVar[int]
    TITLE: ClassVar[str]
    SHORT: ClassVar[str]  # its name on the tab strip of small terminals
    EMPTY: ClassVar[str]
    # The queues' rows end with an age that counts from a moment per status: (glyphs, moments) of
    # rows.py, for the header line that says which.
    SINCE: ClassVar[tuple[Looks, Since] | None] = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id=f"pane-{self.KIND.value}", classes="pane")
        self.border_title = f"{self.NUMBER} {self.TITLE}"
        self.list = VirtualList(
            self._describe,
            key=lambda record: record.id,
            empty=[(self.EMPTY, "row--muted")],
            header=partial(age_header, *self.SINCE) if self.SINCE else None,
        )
        # Made on first use: an Input per pane costs start-up time for a line most launches never show.
        self.filter: Input | None = None
        self._view: View | None = None
        self._records: list[Any] = []  # every record of the pane, in ORDER
        self._needle = ""
        # What the filter matches, casefolded, per record (one field a line, so a match never spans
        # two); and that of _records, in their order.
        self._haystack = PerRecord(
            lambda record: "\n".join(text for _, text in self.fields(record)).casefold()
        )
        self._texts: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield self.list

    def compose_top(self) -> Iterable[Widget]:
        """Widgets above the list (the phase pane's summary); none by default."""
        return ()

    # Subclasses ------------------------------------------------------------------------------------

    def records(self, view: View) -> Iterable[Any]:
        """The pane's records, in any order (ORDER sorts them)."""
        raise NotImplementedError

    def describe(self, record: Any, width: int, view: View) -> list[Span]:
        raise NotImplementedError

    def fields(self, record: Any) -> list[tuple[str, str]]:
        """What the filter matches, as (field name, text), from the record alone (the casefolded text
        is kept per record object)."""
        raise NotImplementedError

    def _searched(self, record: Any) -> str:
        return "\n".join(text for _, text in self.fields(record)).casefold()

    def linked(self, record: Any, view: View) -> list[tuple[str, str]]:
        """What the filter matches besides `fields`, from the links of other records to this one (a
        paper's builds); none by default."""
        return []

    def show_view(self, view: View) -> None:
        """Hook for panes that draw more than their list."""

    # Shared behaviour ------------------------------------------------------------------------------

    @property
    def highlighted(self) -> Any | None:
        return self.list.highlighted

    @property
    def filtering(self) -> bool:
        return bool(self._needle)

    @property
    def ordered(self) -> list[Any]:
        """Every record of the pane, in its order (the filter aside)."""
        return self._records

    def show(self, view: View, *, total: int | None = None) -> None:
        """`total`: how many records the pane has, when `view` holds only its first ones (the first
        view kept from the last launch)."""
        self._view = view
        self.show_view(view)
        self._records = self.ORDER.sort(self.records(view))
        self._texts = None
        self._refill(total)

    def show_one(self, view: View, record: Any) -> None:
        """Only `record` is new or changed: it moves to its place; the others keep theirs."""
        self._view = view
        self.show_view(view)
        self._records = [r for r in self._records if r.id != record.id]
        self.ORDER.insert(self._records, record)
        self._texts = None
        self._refill()

    def keep_view(self, view: View) -> None:
        """Same records, same order, same rows: only the view they are read from is new."""
        self._view = view

    def redraw_rows(self, view: View) -> None:
        """Same records in the same order; their rows may read differently (links, ages)."""
        self._view = view
        self.show_view(view)
        if self._needle:
            self._texts = None  # the links it matches may have changed
            self._refill()
        else:
            self.list.refresh()

    def _refill(self, total: int | None = None) -> None:
        records = self._records
        total = len(records) if total is None else total
        if self._needle:
            needle = self._needle
            records = [r for r, text in zip(records, self._match_texts(), strict=True) if needle in text]
            self.border_subtitle = f"“{self._needle}” {len(records)} of {total}"
        else:
            self.border_subtitle = str(total) if total else ""
        self.list.set_items(records)

    def _match_texts(self) -> list[str]:
        """What each record of the pane is matched against, built once per change of the records, so
        a key typed in the filter costs one substring test per record (at 100,000 records: 90 ms a
        key when the texts were built for every key)."""
        if self._texts is None:
            text_of, linked, view = self._haystack.of, self.linked, self._view
            assert view is not None
            texts = []
            for record in self._records:
                text = text_of(record.id, record)
                extra = linked(record, view)
                texts.append(text + "".join(f"\n{more}" for _, more in extra).casefold() if extra else text)
            self._texts = texts
        return self._texts

    def _describe(self, record: Any, width: int) -> list[Span]:
        view = self._view
        assert view is not None
        if not self._needle:
            return self.describe(record, width, view)
        return matched_row(self.describe, record, width, view, self._needle, self._fields_of(record, view))

    def _fields_of(self, record: Any, view: View) -> list[tuple[str, str]]:
        return [*self.fields(record), *self.linked(record, view)]

    def focus_list(self) -> None:
        self.list.focus()

    def select(self, number: int) -> bool:
        return self.list.select_key(number)

    def open_filter(self) -> None:
        if self.filter is None:
            from ..widgets.text_input import TextInput

            self.filter = TextInput(
                placeholder="filter as you type · enter keeps · escape clears", classes="filter"
            )
            self.mount(self.filter)
        self.add_class("-filtering")
        self.filter.focus()

    def action_close_filter(self) -> None:
        if self.filter is None or not self.has_class("-filtering"):
            return
        self.remove_class("-filtering")
        self.filter.value = ""
        # At once, not when the Changed message arrives: a jump to a row the filter hid selects it
        # right after this.
        self._needle = ""
        self._refill()
        self.focus_list()

    # Handlers by name: Input is imported only when the filter first opens.
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self.filter:
            return
        event.stop()
        self._needle = event.value.strip().casefold()
        self._refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self.filter:
            return
        event.stop()
        if not self._needle:
            self.remove_class("-filtering")
        self.focus_list()
