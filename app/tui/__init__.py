"""The full-screen app. `import dualtui.tui` stays cheap: Textual loads only when `run` is called."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import collector

if TYPE_CHECKING:
    from ..services.context import AppContext


def run(context: AppContext) -> int:
    """Run the app until it quits; the exit status is 1 when it stopped on an error (Textual has
    printed it), 0 otherwise."""
    # Until the first frame the cyclic GC would walk everything Textual's import and the app's
    # start-up allocate, again and again (about 130 collections, 15-20 ms at 10,000 records), to free
    # next to nothing; the app ends the pause once its start-up is over.
    collector.pause()
    from .app import DualtuiApp

    app = DualtuiApp(context, gc_paused=True)
    try:
        app.run()
    finally:
        app.end_startup_gc_pause()
    return app.return_code or 0
