"""Making user text safe and tidy for one terminal line, without ever reading it as markup."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"

# C0 and C1 control characters (and DEL) would move the cursor or start escape sequences if they
# reached the terminal: each becomes a visible replacement; line breaks and tabs become a space.
_CONTROLS = {code: "\ufffd" for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROLS.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})


def one_line(text: str) -> str:
    """User text on one line, with control characters made harmless."""
    return text.translate(_CONTROLS)


def fit(text: str, width: int) -> str:
    """Cut `text` to at most `width` cells, ending in an ellipsis when cut; wide characters never split."""
    if cell_len(text) <= width:
        return text  # zero-width text (a lone combining mark) fits even where no cell is left
    if width <= 0:
        return ""
    # set_cell_size pads a half-cut wide character with a space, so the width stays exact.
    return set_cell_size(text, width - 1) + ELLIPSIS
