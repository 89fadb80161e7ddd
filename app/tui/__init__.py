"""The full-screen app. `import dualtui.tui` stays cheap: Textual loads only when `run` is called."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..services.context import AppContext


def run(context: AppContext) -> int:
    """Run the app until it quits; the exit status is 1 when it stopped on an error (Textual has
    printed it), 0 otherwise."""
    # Until the first frame the cyclic GC would walk everything Textual's import and the app's
    # start-up allocate, again and again (about 130 collections, 15-20 ms at 10,000 records), to free
    # next to nothing; the app turns it back on once its start-up is over.
    gc.disable()
    from .app import DualtuiApp

    app = DualtuiApp(context, gc_paused=True)
    try:
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0
