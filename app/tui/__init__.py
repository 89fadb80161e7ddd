"""The full-screen app. `import dualtui.tui` stays cheap: Textual loads only when `run` is called."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..services.context import AppContext


def run(context: AppContext) -> int:
    from .app import DualtuiApp

    DualtuiApp(context).run()
    return 0
