"""A progress bar on stderr for a long import: shown only on a terminal, only once a second has passed
(a short import prints nothing extra), and erased when done. A dozen lines, so no library for it."""

from __future__ import annotations

import sys
import time

from dualtui.domain.text import one_line

_AFTER = 1.0  # seconds before the bar appears
_EVERY = 0.1  # seconds between redraws
_WIDTH = 30


class ImportProgress:
    """Called as `progress(doing, share)` (what the import is doing, how much of it is done, 0 to 1);
    `close()` erases the bar if one was drawn."""

    def __init__(self, what: str) -> None:
        # The bar's own control codes go to the real stream, past the CLI's harmless one
        # (output.TerminalStream), which would show them; the file's name is made harmless here.
        self._what = one_line(what)
        self._stream = getattr(sys.stderr, "stream", sys.stderr)
        self._started = time.monotonic()
        self._drawn = 0.0
        self._live = sys.stderr.isatty()

    def __call__(self, doing: str, share: float) -> None:
        now = time.monotonic()
        if not self._live or now - self._started < _AFTER or now - self._drawn < _EVERY:
            return
        self._drawn = now
        share = min(max(share, 0.0), 1.0)
        filled = round(_WIDTH * share)
        bar = "█" * filled + "░" * (_WIDTH - filled)
        # The line is cleared to its end: a shorter stage name must not leave the end of a longer one.
        self._stream.write(f"\r{self._what} {bar} {share:4.0%} {one_line(doing)}\x1b[K")
        self._stream.flush()

    def close(self) -> None:
        if self._drawn:
            self._stream.write("\r\x1b[2K")
            self._stream.flush()
