"""What a dualtui command imports, seen from a fresh process (the only honest place to look)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def modules_loaded_by(journal: Path, *argv: str) -> set[str]:
    """Every module `dualtui --db JOURNAL ARGV...` has imported once it has finished."""
    script = (
        "import sys\n"
        "from dualtui.cli import main\n"
        f"main(['--db', {str(journal)!r}, *{list(argv)!r}])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(done.stdout.splitlines()[-1].split())
