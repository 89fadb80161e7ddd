"""User text made safe for one line of a terminal: what the app and the command line both print."""

from __future__ import annotations

# C0 and C1 control characters (and DEL) would move the cursor or start escape sequences if they
# reached the terminal: each becomes a visible replacement; line breaks and tabs become a space.
_CONTROLS = {code: "\ufffd" for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROLS.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})


def one_line(text: str) -> str:
    """User text on one line, with control characters made harmless."""
    return text.translate(_CONTROLS)
