"""Render the app on `dualtui demo` data, on a fixed day, and save the SVGs the README shows.

    /work/venv/bin/python screenshots/make_screenshots.py [OUTPUT_FOLDER]

The journal is a fresh demo in a temp folder (never the user's); the day is fixed, so the same code
gives the same pictures. Check one by eye: `rsvg-convert screenshots/main.svg -o /tmp/main.png`.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from textual.widgets import Input

from dualtui.cli import main as cli
from dualtui.services.config import Config
from dualtui.services.context import build_context
from dualtui.tui.app import DualtuiApp

DAY = date(2026, 11, 25)
SHOTS: list[tuple[str, tuple[int, int], Sequence[str]]] = [
    ("main", (120, 36), ()),
    ("help-why", (120, 36), ("question_mark",)),
    ("add-paper", (120, 36), ("2", "a")),
    ("phase-switch", (120, 36), ("p",)),
    ("main-80x24", (80, 24), ()),
    ("insights", (120, 40), ("i",)),
    ("insights-200x60", (200, 60), ("i",)),
    ("wide-200x60", (200, 60), ("3",)),
]


async def shoot(journal: Path, out: Path, size: tuple[int, int], keys: Sequence[str]) -> None:
    context = build_context(db=str(journal), today=DAY, loaded_config=Config())
    app = DualtuiApp(context)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


def main(argv: Sequence[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        journal = Path(temp) / "journal.json"
        code = cli(["--db", str(journal), "--today", DAY.isoformat(), "demo", "--seed", "7"])
        if code:
            return code
        for name, size, keys in SHOTS:
            target = folder / f"{name}.svg"
            asyncio.run(shoot(journal, target, size, keys))
            print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
