"""BibTeX/biblatex import on the two real fixtures: decoded Unicode, fields, duplicates, round trip."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.cli import main
from dualtui.services.bibtex import read_bibtex, write_bibtex
from dualtui.services.clock import Clock
from dualtui.services.transfer import import_file
from dualtui.store import Journal

# Real files from public repositories; fixtures/bibtex/SOURCE.md says where each came from.
FIXTURES = Path(__file__).parent / "fixtures" / "bibtex"
THESIS = FIXTURES / "thesis-references.bib"
ZOTERO = FIXTURES / "zotero-biblatex.bib"
# What undecoded LaTeX looks like: a backslash command or accent, or a brace.
LATEX_LEFT = re.compile(r"\\[A-Za-z\"'`^~=.]|[{}]")


def fresh(tmp_path: Path, name: str = "journal.json") -> Journal:
    return Journal.open(tmp_path / name)


def import_(journal: Journal, path: Path):
    return import_file(journal, Clock(), path)


def titled_entries(path: Path) -> int:
    """Entries with a title, counted with a plain regex, independently of the parser under test."""
    text = path.read_text()
    blocks = re.split(r"\n\s*@", "\n" + text)
    return sum(
        1
        for b in blocks
        if re.search(r"^\s*title\s*=", b, re.M | re.I) or re.search(r",\s*title\s*=", b, re.I)
    )


@pytest.mark.parametrize("fixture", [THESIS, ZOTERO], ids=["bibtex", "biblatex"])
def test_every_titled_entry_is_imported_or_named_as_duplicate(tmp_path, fixture):
    journal = fresh(tmp_path)
    report = import_(journal, fixture)
    assert not report.unreadable
    assert len(report.added) + len(report.skipped) == titled_entries(fixture)
    assert all("same" in s.reason for s in report.skipped)
    assert len(journal.snapshot().papers) == len(report.added)


@pytest.mark.parametrize("fixture", [THESIS, ZOTERO], ids=["bibtex", "biblatex"])
def test_titles_and_authors_are_clean_unicode(tmp_path, fixture):
    journal = fresh(tmp_path)
    import_(journal, fixture)
    for paper in journal.snapshot().papers.values():
        for text in [paper.title, paper.venue, *paper.authors, *paper.tags]:
            assert not LATEX_LEFT.search(text), (paper.bibkey, text)
            assert text == " ".join(text.split())


def test_accents_and_macros_are_decoded_to_the_right_letters(tmp_path):
    journal = fresh(tmp_path)
    import_(journal, THESIS)
    by_key = {p.bibkey: p for p in journal.snapshot().papers.values()}
    assert "Türpe, Sven" in by_key["poller2017can"].authors
    assert by_key["li2017static"].authors[1] == "Bissyandé, Tegawendé F"
    assert by_key["moreno2016web"].authors[0] == "Moreno, María N"
    assert by_key["NMF_algo"].title == "Algorithms for nonnegative matrix factorization with the β-divergence"
    assert by_key["NMF_algo"].authors == ["Févotte, Cédric", "Idier, Jérôme"]
    assert by_key["fsca"].authors == ["Micro Focus"]
    assert by_key["sastinide"].title == "SAST in IDE (SecureAssist)"
    assert by_key["copilot2021"].authors[3] == "Dolan-Gavitt, Brendan"
    assert by_key["findbugs2008"].doi == "10.1109/MS.2008.130"
    assert "static analysis" in by_key["findbugs2008"].tags
    assert by_key["banerjee2009software"].arxiv == "0911.0494"
    assert (
        by_key["ayewah2007evaluating"].venue
        == "Proc. 7th workshop on Program analysis for software tools and engineering"
    )
    assert by_key["shipshape"].url == "https://github.com/google/shipshape"


def test_biblatex_fields(tmp_path):
    journal = fresh(tmp_path)
    import_(journal, ZOTERO)
    by_key = {p.bibkey: p for p in journal.snapshot().papers.values()}
    sampling = by_key["baltes_sampling_2021"]
    assert (sampling.year, sampling.arxiv) == (2021, "2002.07764")
    assert sampling.title == "Sampling in Software Engineering Research: A Critical Review and Guidelines"
    eeg = by_key["banville_uncovering_2020"]
    assert (eeg.venue, eeg.doi, eeg.year) == (
        "Journal of Neural Engineering",
        "10.1088/1741-2552/abca18",
        2020,
    )
    assert by_key["barachant_common_2010"].venue.startswith("2010 IEEE International Workshop")
    assert "Riemannian geometry" in by_key["barachant_classification_2013"].tags


def test_a_second_import_adds_nothing(tmp_path):
    journal = fresh(tmp_path)
    import_(journal, THESIS)
    import_(journal, ZOTERO)
    before = journal.snapshot().papers.copy()
    again = import_(journal, THESIS)
    assert again.added == []
    assert len(again.skipped) == 201
    assert import_(journal, ZOTERO).added == []
    assert journal.snapshot().papers.keys() == before.keys()


def test_duplicates_by_doi_arxiv_and_title_against_the_journal_and_within_the_file(tmp_path):
    journal = fresh(tmp_path)
    bib = tmp_path / "dups.bib"
    bib.write_text(
        "@article{a, title={First}, doi={10.1/ABC}}\n"
        "@article{b, title={Other title}, doi={https://doi.org/10.1/abc}}\n"
        "@misc{c, title={Third}, eprint={2101.00001v2}, archiveprefix={arXiv}}\n"
        "@misc{d, title={Fourth}, url={https://arxiv.org/abs/2101.00001}}\n"
        '@misc{e, title={T{\\"u}rpe: a   Study}}\n'
        "@misc{f, title={turpe -- A STUDY}}\n"
    )
    report = import_(journal, bib)
    assert [a.title for a in report.added] == ["First", "Third", "Türpe: a Study"]
    reasons = {s.line: s.reason for s in report.skipped}
    assert reasons == {
        2: "a duplicate of p1 (line 1): the same DOI 10.1/abc",
        4: "a duplicate of p2 (line 3): the same arXiv id 2101.00001",
        6: "a duplicate of p3 (line 5): the same title, authors and year",
    }
    second = tmp_path / "more.bib"
    second.write_text("@misc{g, title={New}, doi={10.1/abc}}\n")
    assert [s.reason for s in import_(journal, second).skipped] == [
        "a duplicate of p1: the same DOI 10.1/abc"
    ]


def test_bibtex_export_then_import_into_an_empty_journal_gives_the_same_papers(tmp_path):
    first = fresh(tmp_path, "a.json")
    import_(first, THESIS)
    import_(first, ZOTERO)
    exported = tmp_path / "reading.bib"
    exported.write_text(write_bibtex(first.snapshot().papers.values()))
    second = fresh(tmp_path, "b.json")
    report = import_(second, exported)
    assert not report.skipped and not report.unreadable

    def fields(journal):
        return [
            (p.title, p.authors, p.year, p.venue, p.doi, p.arxiv, p.url, p.tags, p.bibkey, p.bibtype)
            for p in journal.snapshot().papers.values()
        ]

    assert fields(second) == fields(first)


def test_the_export_keeps_each_entry_type_and_puts_proceedings_under_booktitle(tmp_path):
    journal = fresh(tmp_path)
    import_(journal, THESIS)
    import_(journal, ZOTERO)
    papers = {p.bibkey: p for p in journal.snapshot().papers.values()}
    # Read back with bibtexparser alone, not through dualtui's reader.
    exported = bibtexparser.parse_string(write_bibtex(papers.values()))
    originals = {
        e.key: e for path in (THESIS, ZOTERO) for e in bibtexparser.parse_string(path.read_text()).entries
    }
    types = {entry.entry_type.lower() for entry in exported.entries}
    assert {"article", "inproceedings", "book", "incollection", "misc", "online"} <= types
    for entry in exported.entries:
        assert entry.entry_type.lower() == originals[entry.key].entry_type.lower(), entry.key
        venue = papers[entry.key].venue
        if venue and entry.entry_type == "inproceedings":
            assert "booktitle" in entry.fields_dict and "journal" not in entry.fields_dict, entry.key
        elif venue and entry.entry_type == "article":
            assert "journal" in entry.fields_dict and "booktitle" not in entry.fields_dict, entry.key


names = st.builds(
    lambda last, first: f"{last}, {first}" if first else last,
    st.text(st.characters(categories=["L"]), min_size=1, max_size=12),
    st.text(st.characters(categories=["L"]), max_size=10),
)
# Any printable text, spaced as the importer leaves it (single spaces, none at the ends).
text = (
    st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=60)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
url_chars = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-._~/?=&%"), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=text,
    authors=st.lists(st.one_of(names, text), max_size=4),
    year=st.none() | st.integers(1000, 2999),
    venue=text | st.just(""),
    tags=st.lists(text.filter(lambda t: "," not in t and ";" not in t), max_size=3, unique_by=str.casefold),
    doi=st.just("") | url_chars.map(lambda s: "10.1000/" + s),
    url=st.just("") | url_chars.map(lambda s: "https://example.org/" + s),
    bibtype=st.sampled_from(["", "article", "inproceedings", "incollection", "book", "misc", "online"]),
)
def test_random_fields_survive_a_bibtex_round_trip(title, authors, year, venue, tags, doi, url, bibtype):
    from datetime import datetime

    from dualtui.domain import Paper

    authors = [" ".join(a.split()) for a in authors if a.strip()]
    paper = Paper(
        1,
        title,
        datetime(2026, 1, 1),
        authors=authors,
        year=year,
        venue=venue,
        doi=doi,
        url=url,
        tags=tags,
        bibtype=bibtype,
    )
    parsed = read_bibtex(write_bibtex([paper]))
    assert not parsed.unreadable and not parsed.untitled
    (entry,) = parsed.papers
    got = entry.fields
    assert got["bibtype"] == (bibtype or ("article" if venue else "misc"))
    assert (got["title"], got["authors"], got["year"], got["venue"], got["tags"], got["doi"], got["url"]) == (
        title,
        authors,
        year,
        venue,
        tags,
        doi,
        url,
    )


def test_cli_import_reports_added_and_skipped_with_line_numbers(tmp_path, capsys):
    db = str(tmp_path / "j.json")
    assert main(["--db", db, "import", str(THESIS)]) == 0
    out = capsys.readouterr().out
    assert "200 added, 1 skipped, 0 could not be read" in out
    assert "skipped line   202  How is Security Testing Done in Agile Teams?" in out
    assert "a duplicate of p11 (line 33): the same title, authors and year" in out
    assert main(["--db", db, "import", "--dry-run", str(ZOTERO)]) == 0
    assert "75 would be added" in capsys.readouterr().out
    assert len(Journal.open(Path(db)).snapshot().papers) == 200
