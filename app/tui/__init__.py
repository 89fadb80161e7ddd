"""The full-screen app. `import dualtui.tui` stays cheap: Textual loads only when `run` is called."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..services.context import AppContext


def run(context: AppContext) -> int:
    """Run the app until it quits; the exit status is 1 when it stopped on an error (Textual has
    printed it), 0 otherwise."""
    from .app import DualtuiApp

    app = DualtuiApp(context)
    app.run()
    return app.return_code or 0
