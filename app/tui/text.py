"""User text made safe and tidy for the app's widgets, never read as markup.

Every text a user or a file supplied reaches a widget through `one_line` (a row, an input, a title)
or `lines` (a block that keeps its line breaks); both are `domain.safe_text`'s widget medium.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from ..domain import safe_text
from ..domain.text import one_line

__all__ = ["ELLIPSIS", "fit", "fit_sentence", "lines", "one_line"]

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


def fit_sentence(text: str, width: int) -> str:
    """`fit`, but a sentence that quotes a title (“…”) gives up the title's end first, so what the
    sentence says after it (why, since when) stays: “OOM in the vector-ind…” (61 days ago)."""
    excess = cell_len(text) - width
    opens, closes = text.find("“"), text.find("”")
    if excess <= 0 or opens < 0 or closes <= opens:
        return fit(text, width)
    title = text[opens + 1 : closes]
    kept = cell_len(title) - excess
    if kept < QUOTE_KEPT:
        return fit(text, width)
    return text[: opens + 1] + fit(title, kept) + text[closes:]


# The least of a quoted title worth keeping: shorter, the sentence is cut at its end instead.
QUOTE_KEPT = 12
