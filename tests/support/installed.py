"""A journal driven through the installed `dualtui` console script, one subprocess per command, as a
user at a shell drives it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

DUALTUI = Path(sys.executable).with_name("dualtui")


class Journal:
    """One journal file, driven through the installed console script."""

    def __init__(self, path: Path) -> None:
        assert DUALTUI.exists(), f"the console script is installed beside {sys.executable}"
        self.path = path

    def run(self, *args: str, code: int = 0) -> str:
        """The command's output (stdout, or stderr when it is to fail with `code`)."""
        done = subprocess.run(
            [str(DUALTUI), "--db", str(self.path), *args], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == code, done.stderr
        return done.stdout if code == 0 else done.stderr

    def suggestions(self, today: str, *rules: str) -> dict[str, dict[str, Any]]:
        """What `next --all --json` suggests on `today`, by key; only the given rules' when named."""
        shown = json.loads(self.run("--today", today, "next", "--all", "--json"))
        assert shown["problems"] == []
        return {s["key"]: s for s in shown["suggestions"] if not rules or s["rule"] in rules}

    def review(self, today: str) -> dict[str, Any]:
        return json.loads(self.run("--today", today, "review", "--json"))

    def stored(self) -> dict[str, Any]:
        """The file as it is on disk."""
        return json.loads(self.path.read_bytes())
