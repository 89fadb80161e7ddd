"""User text on one line, made harmless: the one-line medium of `safe_text`, under the name the
app, the history and the merge print with."""

from __future__ import annotations

from .safe_text import widget_line as one_line

__all__ = ["one_line"]
