"""The name splitter against pybtex's table of names as the bibtex program splits them
(fixtures/bibtex/pybtex-names.json: all 104 rows of pybtex's `sample_names`, two of them names BibTeX
complains of; its SOURCE.md line says where it comes from).

A name is stored as "von Last, Jr, First" in Unicode, so each row's parts are joined that way and
decoded as the import decodes LaTeX: the von part and the last name share a place, and every split
that puts a word in another part than BibTeX does shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualtui.services.bibtex_names import read_names
from dualtui.services.latex_text import decode

TABLE = json.loads((Path(__file__).parent / "fixtures" / "bibtex" / "pybtex-names.json").read_text())
CASES = TABLE["cases"]


def stored_as(case: dict) -> str:
    last = " ".join(case["von"] + case["last"])
    return ", ".join(part for part in (last, " ".join(case["jr"]), " ".join(case["first"])) if part)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_each_name_is_split_as_bibtex_splits_it(case):
    read = read_names(case["name"], set())
    assert read.names == [decode(stored_as(case))]
    # BibTeX complains of a name with too many commas; so does the import report, and of no other.
    assert bool(read.notes) == case["bibtex_complains"]


def test_the_rows_where_pybtex_and_bibtex_differ_follow_pybtex():
    noted = {case["name"]: case["note"] for case in CASES if "note" in case}
    assert set(noted) == {"Christina A. L.\\ Thiele", "Brand\\~{a}o, F"}
    # BibTeX would read `Brand\~{a}o` as two words of the last name; the accent is a letter here.
    assert read_names("Brand\\~{a}o, F", set()).names == ["Brandão, F"]
