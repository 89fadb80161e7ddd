"""A list that renders only the lines on screen (Textual's Line API), for queues of any length.

A DataTable or ListView builds a widget or a row object per item: at 10,000 records that cost over a
second before the first frame. Here the rows are plain records and each visible line is drawn on demand
by the pane's `describe` function, as (text, role) spans, never parsed as markup. A role names a theme
colour (ROLE_COLOURS), and the cursor row uses the theme's block-cursor colours, so rows follow the
theme; they are not component classes because each of those costs stylesheet passes per list at
start-up, which the launch budget cannot afford.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..text import fit

_PLAIN = Style()

Span = tuple[str, str | None]
"""A piece of a row: its text and its role (a component class of the list, or None for plain)."""

Describe = Callable[[Any, int], list[Span]]
"""Draws one item as spans fitting `width` cells."""

Header = Callable[[int], list[Span]]
"""Draws the line that heads the items (what a column means), fitting `width` cells."""

# The role of the text a filter matched: drawn over the row's colours, the cursor's too.
MATCH = "row--match"

# role → theme variable; "text-muted" is the foreground at 60% over the background.
ROLE_COLOURS: dict[str, str] = {
    "row--muted": "text-muted",
    "row--accent": "accent",
    "row--good": "success",
    "row--warn": "warning",
    "row--bad": "error",
    "row--info": "primary-lighten-2",
}


def theme_colour(value: str) -> Color:
    """A theme variable as a colour: `#0178d4`, `ansi_blue`, or either with an opacity (`ansi_blue
    50%`, which the ANSI themes give as `primary-muted`: Color.parse refuses it, and choosing such a
    theme ended the app with a traceback)."""
    name, _, opacity = value.strip().partition(" ")
    colour = Color.parse(name)
    return colour.multiply_alpha(float(opacity[:-1]) / 100) if opacity.endswith("%") else colour


def role_styles(variables: dict[str, str]) -> dict[str, Style]:
    """Rich styles for the roles and the cursor, from the current theme's variables."""
    background = theme_colour(variables["background"])
    foreground = theme_colour(variables["foreground"])
    cursor = theme_colour(variables["block-cursor-background"])
    styles: dict[str, Style] = {
        # The focused cursor in the theme's cursor colour; an unfocused one in its muted primary.
        "cursor": Style(bgcolor=cursor.rich_color, color=cursor.get_contrast_text().rich_color, bold=True),
        "cursor-blur": Style(bgcolor=(background + theme_colour(variables["primary-muted"])).rich_color),
    }
    accent = theme_colour(variables["accent"])
    styles[MATCH] = Style(bgcolor=accent.rich_color, color=accent.get_contrast_text().rich_color, bold=True)
    for role, name in ROLE_COLOURS.items():
        if name == "text-muted":
            colour = background + foreground.multiply_alpha(0.6)
        else:
            colour = theme_colour(variables[name])
        styles[role] = Style(color=colour.rich_color)
    return styles


class VirtualList(ScrollView, can_focus=True):
    """A cursor over `items`, drawing only visible rows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="cursor-down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="cursor-up"),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to another item (or the list emptied: item is None)."""

        def __init__(self, vlist: VirtualList, item: Any) -> None:
            super().__init__()
            self.vlist = vlist
            self.item = item

        @property
        def control(self) -> VirtualList:
            return self.vlist

    def __init__(
        self,
        describe: Describe,
        key: Callable[[Any], Hashable],
        empty: Sequence[Span] = (),
        *,
        header: Header | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._describe = describe
        self._key = key
        self._empty = list(empty)
        self._header = header
        self._items: Sequence[Any] = ()
        self._roles: dict[str, Style] = {}
        # Set by render_lines for the lines of one pass (see there).
        self._base = _PLAIN
        self._width = 0

    def on_mount(self) -> None:
        self._theme_changed()
        self.app.theme_changed_signal.subscribe(self, lambda _: self._theme_changed())

    def _theme_changed(self) -> None:
        self._roles = role_styles(self.app.theme_variables)
        self.refresh()

    @property
    def items(self) -> Sequence[Any]:
        return self._items

    @property
    def highlighted(self) -> Any | None:
        if 0 <= self.cursor < len(self._items):
            return self._items[self.cursor]
        return None

    def set_items(self, items: Sequence[Any]) -> None:
        """Show `items`, keeping the cursor on the same item when it is still there."""
        current = self.highlighted
        self._items = items
        index = self.cursor
        if current is not None:
            wanted = self._key(current)
            # Most changes leave the item where it was: check there before scanning.
            if not (index < len(items) and self._key(items[index]) == wanted):
                index = next((i for i, item in enumerate(items) if self._key(item) == wanted), index)
        self.virtual_size = Size(0, max(len(items) + self._top, 1))
        self._set_cursor(min(index, max(len(items) - 1, 0)))
        self.refresh()

    def select_key(self, wanted: Hashable) -> bool:
        """Move the cursor to the item with key `wanted`; False when it is not in the list."""
        for index, item in enumerate(self._items):
            if self._key(item) == wanted:
                self._set_cursor(index)
                return True
        return False

    @property
    def _top(self) -> int:
        """Lines above the first item: the header, which does not scroll, over a list with items."""
        return 1 if self._header is not None and self._items else 0

    @property
    def _rows(self) -> int:
        """How many items the list shows at once."""
        return self.scrollable_content_region.height - self._top

    # Cursor movement ----------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self._set_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * max(self._rows - 1, 1))

    def action_jump(self, index: int) -> None:
        self._set_cursor(index if index >= 0 else len(self._items) - 1)

    def _set_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self._items) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh_line(old + self._top)
        self.refresh_line(new + self._top)
        self.post_message(self.Highlighted(self, self.highlighted))

    def _scroll_to_cursor(self) -> None:
        height = self._rows
        if height <= 0:
            return
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_resize(self, _: events.Resize) -> None:
        self._scroll_to_cursor()

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y - self._top
        if event.y >= self._top and 0 <= index < len(self._items):
            self._set_cursor(index)

    def on_focus(self) -> None:
        self.refresh_line(self.cursor + self._top)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor + self._top)

    # Drawing ------------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The style walks every ancestor and the width measures the region: once per pass, not once
        # per line (a third of the list's share of the first frame).
        self._base = self.rich_style
        self._width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        base = self._base
        if self._header is not None and self._items:
            if y == 0:
                return self._strip(self._header(width), width, base)
            y -= 1
        index = round(self.scroll_y) + y
        if not self._items:
            return self._strip(self._empty_line(y, width), width, base)
        if index >= len(self._items):
            return Strip.blank(width, base)
        spans = self._describe(self._items[index], width)
        if index != self.cursor:
            return self._strip(spans, width, base)
        # The cursor goes over the roles' colours, so the whole row reads as one on any theme.
        return self._strip(spans, width, base, self._roles["cursor" if self.has_focus else "cursor-blur"])

    def _empty_line(self, y: int, width: int) -> list[Span]:
        """Line `y` of what an empty list says, in one role, broken between words to the width (the
        build queue's hint was cut at 120 columns)."""
        if not self._empty:
            return []
        role = self._empty[0][1]
        rows = textwrap.wrap("".join(text for text, _ in self._empty), max(width, 1))
        return [(rows[y], role)] if y < len(rows) else []

    def _strip(self, spans: Sequence[Span], width: int, base: Style, over: Style | None = None) -> Strip:
        segments = []
        used = 0
        for text, role in spans:
            if used >= width:
                break
            text = fit(text, width - used)
            style = base if role is None else base + self._roles.get(role, _PLAIN)
            if over is not None:
                # A match stays marked on the cursor's row: its own colours go over the cursor's.
                style = base + over + self._roles[MATCH] if role == MATCH else style + over
            segments.append(Segment(text, style))
            used += Segment(text).cell_length
        return Strip(segments).adjust_cell_length(width, base if over is None else base + over)
