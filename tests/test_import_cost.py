"""The import machinery stays out of other commands: bibtexparser, pylatexenc and PyYAML load only
when import, export or a write-up runs."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("bibtexparser", "pylatexenc")


def loaded_after(tmp_path, *argv: str) -> set[str]:
    script = (
        "import sys\n"
        "from dualtui.cli import main\n"
        f"main(['--db', {str(tmp_path / 'j.json')!r}, *{list(argv)!r}])\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(done.stdout.split()[-1000:])


def test_other_commands_do_not_load_the_parsers(tmp_path):
    for argv in (("list", "papers"), ("review",), ("export", "--format", "json")):
        assert not loaded_after(tmp_path, *argv) & set(HEAVY), argv


def test_bibtex_export_loads_them(tmp_path):
    assert set(HEAVY) <= loaded_after(tmp_path, "export", "--format", "bibtex")
