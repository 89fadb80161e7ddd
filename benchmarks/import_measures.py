"""The .bib import against the bare bibtexparser parse of the same file (issue 16: at most 3×).

The file is made from the real .bib files of tests/fixtures/bibtex, repeated with fresh keys and
titles until it holds ENTRIES entries, so every entry is a new paper the first time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from interleave import Measure, Samples
from procs import probe

ENTRIES = 5_000
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "bibtex"
SOURCES = ("zotero-biblatex.bib", "thesis-references.bib", "tugboat-reduced.bib", "xampl.bib")
FIGURE_NAMES = ("bib_parse", "bib_import", "bib_reimport")
_ENTRY_START = re.compile(r"^@(\w+)\s*\{\s*([^,\s]*)\s*,", re.MULTILINE)
_TITLE = re.compile(r"(\btitle\s*=\s*[{\"])", re.IGNORECASE)


def make_bib(folder: Path) -> Path:
    """ENTRIES entries of real files, copy N's keys and titles marked N so no copy is a duplicate."""
    texts = [(FIXTURES / name).read_text() for name in SOURCES]
    per_copy = sum(len(_ENTRY_START.findall(text)) for text in texts)
    parts: list[str] = []
    for copy in range(ENTRIES // per_copy + 1):
        for text in texts:
            renamed = _ENTRY_START.sub(lambda m, c=copy: f"@{m.group(1)}{{{m.group(2)}-{c},", text)
            parts.append(_TITLE.sub(lambda m, c=copy: f"{m.group(1)}Copy {c}: ", renamed))
    path = folder / "library.bib"
    path.write_text("\n".join(parts))
    return path


def measure(workdir: Path, env: Mapping[str, str]) -> Measure:
    bib = make_bib(workdir)
    rounds = iter(range(1_000_000))

    def run() -> Samples:
        journal = workdir / f"import-{next(rounds)}" / "journal.json"
        _, report = probe("probe_import.py", [str(bib), str(journal)], env)
        return dict(report["values"])

    return Measure("import", FIGURE_NAMES, run)
