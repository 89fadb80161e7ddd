"""What the harness expects of dualtui's screen (app/tui/): the one place to follow its ids and keys."""

from __future__ import annotations

from textual.app import App
from textual.content import Content
from textual.scroll_view import ScrollView
from textual.widget import Widget

HEADER = "#header"
PANES = ("#pane-phase", "#pane-paper", "#pane-build", "#pane-entry")
SUGGESTION = "#suggestion"
# What the suggestion bar says until the rules have answered (widgets/bars.py).
SUGGESTION_PENDING = "weighing what to do next"

INSIGHTS_SCREEN = "insights"  # the insights screen's id (tui/screens/insights.py)
INSIGHTS_FIGURES = "#insights-figures"  # shown once its figures are counted and drawn

FOCUS_QUEUE = ("2",)  # the reading queue
OPEN_INSIGHTS = "i"
OPEN_ADD_FORM = ("a",)
SAVE_FORM = "enter"


def _shown(app: App, selector: str) -> Widget | None:
    found = app.screen.query(selector)
    widget = found.first() if found else None
    return widget if widget is not None and widget.display and widget.region.area > 0 else None


def _filled(pane: Widget | None) -> bool:
    # A pane counts once its list holds lines: a pane laid out empty, to be filled after the first
    # frame, is not the full screen a user waits for.
    lists = pane.query(ScrollView) if pane is not None else None
    return bool(lists) and all(view.virtual_size.height > 0 for view in lists)


def full_screen(app: App) -> bool:
    """The header and all four panes are laid out with a visible area, each pane's list filled."""
    return _shown(app, HEADER) is not None and all(_filled(_shown(app, pane)) for pane in PANES)


def insights_frame(app: App) -> bool:
    """The insights screen is the one on screen (its first frame, figures or not)."""
    return app.screen.id == INSIGHTS_SCREEN


def insights_figures(app: App) -> bool:
    """The insights screen shows its figures, not the line that says they are being counted."""
    return insights_frame(app) and _shown(app, INSIGHTS_FIGURES) is not None


def suggestion_shown(app: App) -> bool:
    """The suggestion bar shows the rules' answer, not its placeholder."""
    bar = _shown(app, SUGGESTION)
    if bar is None:
        return False
    rendered = bar.render()
    text = rendered.plain if isinstance(rendered, Content) else str(rendered)
    return bool(text.strip()) and SUGGESTION_PENDING not in text
