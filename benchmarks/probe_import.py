"""Runs inside a benchmarked process: the bare bibtexparser parse of a .bib file and dualtui's whole
import of the same file, side by side, then the import again (every entry a duplicate).

    python probe_import.py OUT BIB JOURNAL

OUT receives {"values": {figure: milliseconds}}. The libraries are imported before any clock starts,
so the figures compare the work on the file, not the imports.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(out: Path, bib: Path, journal_path: Path) -> None:
    import bibtexparser

    from dualtui.services import bibtex  # noqa: F401  (loads pylatexenc before the clock starts)
    from dualtui.services.clock import Clock
    from dualtui.services.transfer import import_file
    from dualtui.store import Journal

    text = bib.read_text()
    started = time.perf_counter()
    bibtexparser.parse_string(text)
    parse = (time.perf_counter() - started) * 1000

    journal = Journal.open(journal_path)
    started = time.perf_counter()
    import_file(journal, Clock(), bib)
    whole = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    import_file(journal, Clock(), bib)
    again = (time.perf_counter() - started) * 1000
    values = {"bib_parse": parse, "bib_import": whole, "bib_reimport": again}
    out.write_text(json.dumps({"values": values}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
