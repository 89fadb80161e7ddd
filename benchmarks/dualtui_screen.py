"""What the harness expects of dualtui's screen (app/tui/): the one place to follow its ids and keys."""

from __future__ import annotations

from textual.app import App
from textual.content import Content
from textual.widget import Widget

HEADER = "#header"
PANES = ("#pane-phase", "#pane-paper", "#pane-build", "#pane-entry")
SUGGESTION = "#suggestion"
# What the suggestion bar says until the rules have answered (widgets/bars.py).
SUGGESTION_PENDING = "weighing what to do next"

FOCUS_QUEUE = ("2",)  # the reading queue
OPEN_ADD_FORM = ("a",)
SAVE_FORM = "enter"


def _shown(app: App, selector: str) -> Widget | None:
    found = app.screen.query(selector)
    widget = found.first() if found else None
    return widget if widget is not None and widget.display and widget.region.area > 0 else None


def full_screen(app: App) -> bool:
    """The header and all four panes are laid out with a visible area on the current screen."""
    return all(_shown(app, selector) is not None for selector in (HEADER, *PANES))


def suggestion_shown(app: App) -> bool:
    """The suggestion bar shows the rules' answer, not its placeholder."""
    bar = _shown(app, SUGGESTION)
    if bar is None:
        return False
    rendered = bar.render()
    text = rendered.plain if isinstance(rendered, Content) else str(rendered)
    return bool(text.strip()) and SUGGESTION_PENDING not in text
