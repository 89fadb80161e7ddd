"""Making user text safe and tidy for one terminal line, without ever reading it as markup."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from ..domain.text import one_line

__all__ = ["ELLIPSIS", "fit", "one_line"]

ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """Cut `text` to at most `width` cells, ending in an ellipsis when cut; wide characters never split."""
    if cell_len(text) <= width:
        return text  # zero-width text (a lone combining mark) fits even where no cell is left
    if width <= 0:
        return ""
    # set_cell_size pads a half-cut wide character with a space, so the width stays exact.
    return set_cell_size(text, width - 1) + ELLIPSIS
