"""User text made safe and tidy for the app's widgets, never read as markup.

Every text a user or a file supplied reaches a widget through `one_line` (a row, an input, a title)
or `lines` (a block that keeps its line breaks); both are `domain.safe_text`'s widget medium.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from ..domain import safe_text
from ..domain.text import one_line

__all__ = ["ELLIPSIS", "fit", "lines", "one_line"]

ELLIPSIS = "…"


def lines(text: str) -> str:
    """User text with its line breaks, its control characters, escapes and bidi overrides shown."""
    return safe_text.widget(text)


def fit(text: str, width: int) -> str:
    """Cut `text` to at most `width` cells, ending in an ellipsis when cut; wide characters never split."""
    if cell_len(text) <= width:
        return text  # zero-width text (a lone combining mark) fits even where no cell is left
    if width <= 0:
        return ""
    # set_cell_size pads a half-cut wide character with a space, so the width stays exact.
    return set_cell_size(text, width - 1) + ELLIPSIS
