"""The four panes of the main screen; they share one base (panes.base.Pane)."""

from .base import Pane
from .builds import BuildPane
from .log import LogPane
from .phase import PhasePane
from .reading import ReadingPane

__all__ = ["BuildPane", "LogPane", "Pane", "PhasePane", "ReadingPane"]
