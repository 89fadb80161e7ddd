"""Issue 16's classes, each on real (or reduced real) input, against what BibTeX itself does.

fixtures/bibtex/SOURCE.md says where each file comes from. xampl-plain.bbl is BibTeX's own output for
Patashnik's xampl.bib (from pybtex's test data): where it shows a value, the import must read the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dualtui.services.bibtex import read_bibtex, write_bibtex
from dualtui.services.bibtex_names import read_names
from dualtui.services.clock import Clock
from dualtui.services.transfer import TransferError, import_file
from dualtui.store import Journal

FIXTURES = Path(__file__).parent / "fixtures" / "bibtex"
XAMPL = FIXTURES / "xampl.bib"
TUGBOAT = FIXTURES / "tugboat-reduced.bib"


def papers_of(path: Path, tmp_path: Path, **options):
    journal = Journal.open(tmp_path / "journal.json")
    report = import_file(journal, Clock(), path, **options)
    by_key = {p.bibkey: p for p in journal.snapshot().papers.values()}
    return report, by_key


def bib(tmp_path: Path, text: str, name: str = "x.bib") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# 1. Macro text is kept: the logos and macros BibTeX users write, and unknown macros by name.


def test_tugboat_titles_keep_their_logos_and_macros(tmp_path):
    report, papers = papers_of(TUGBOAT, tmp_path)
    titles = {p.title for p in papers.values()}
    assert "TeX at CalTech" in titles
    assert "TeX-PostScript output on non-PostScript devices" in titles
    assert "Update: Metafont mode_def settings for TeX output devices" in titles
    # \tubissue has no text dualtui knows: its name stays, and the report counts it.
    assert "Erratum: Oral TeX, \\tubissue 12(2), pp. 272–276" in titles
    assert report.unknown_macros == {"\\tubissue": 1}
    (erratum,) = [a for a in report.added if "Erratum" in a.title]
    assert erratum.notes == ("kept as written the LaTeX macros it has no text for: \\tubissue",)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (r"GaN{$\slash$}AlN", "GaN/AlN"),
        (r"Capability\hyphen{}Based", "Capability-Based"),
        (r"\texttt{grep} and \mbox{G-Animal's} {\bf bold}", "grep and G-Animal's bold"),
        (r"50% off \& R&D", "50% off & R&D"),
    ],
)
def test_macros_and_characters_people_write_in_titles(tmp_path, written, read):
    (paper,) = read_bibtex(f"@misc{{k, title = {{{written}}}}}").papers
    assert paper.fields["title"] == read


# 2. Duplicates are the same work, not the same title.


def test_a_journal_column_twice_a_year_by_the_same_people_is_two_works(tmp_path):
    report, papers = papers_of(TUGBOAT, tmp_path)
    assert not report.skipped
    assert sum(p.title == "AMS site report" for p in papers.values()) == 2
    assert sum(p.title == "Addresses of officers, authors and others" for p in papers.values()) == 2
    # A second import of the same file adds nothing, and names the paper each entry is.
    journal = Journal.open(tmp_path / "journal.json")
    again = import_file(journal, Clock(), TUGBOAT)
    assert again.added == [] and len(again.skipped) == len(report.added)
    assert again.skipped[0].reason == "a duplicate of p1: the same title, authors and year"


def test_same_title_different_year_or_people_or_doi_are_different_works(tmp_path):
    path = bib(
        tmp_path,
        "@article{a, title={From the President}, author={Knuth, Donald}, year=1990}\n"
        "@article{b, title={From the President}, author={Knuth, Donald}, year=1991}\n"
        "@article{c, title={Introduction}, author={Lamport, Leslie}}\n"
        "@article{d, title={Introduction}, author={Patashnik, Oren}}\n"
        "@article{e, title={Results}, doi={10.1/one}}\n"
        "@article{f, title={Results}, doi={10.1/two}}\n"
        # Made up: no real file with one arXiv id on unrelated papers was found (SOURCE.md).
        "@article{g, title={On Things}, author={Mendeley, A.}, eprint={2101.00001}, archiveprefix={arXiv}}\n"
        "@article{h, title={Unrelated}, author={Copied, B.}, eprint={2101.00001}, archiveprefix={arXiv}}\n"
        "@article{i, title={ON THINGS}, author={Mendeley, Anne and Other, B.}, year=2021}\n",
    )
    report, _ = papers_of(path, tmp_path)
    assert len(report.added) == 8
    assert [(s.line, s.reason) for s in report.skipped] == [
        (9, "a duplicate of p7 (line 7): the same title, authors and year")
    ]


def test_one_arxiv_id_under_two_titles_by_the_same_people_is_one_work(tmp_path):
    # Mendeley gave arXiv 1312.6114 to "Stochastic Gradient VB and the Variational Auto-Encoder"
    # (2014) and "Auto-Encoding Variational Bayes" (2013): Kingma and Welling's paper, renamed.
    report, papers = papers_of(FIXTURES / "mendeley-arxiv-same-work.bib", tmp_path)
    assert sorted(papers) == ["Dinh2014", "Kingma2014"]
    assert [(s.line, s.title, s.reason) for s in report.skipped] == [
        (35, "Auto-Encoding Variational Bayes", "a duplicate of p1 (line 6): the same arXiv id 1312.6114")
    ]


# 3. @string macros and # concatenation, as BibTeX expands them (xampl.bib, checked against its .bbl).


def test_xampl_macros_concatenation_and_crossref_read_as_bibtex_reads_them():
    entries = {p.key: p.fields for p in read_bibtex(XAMPL.read_text()).papers}
    bbl = (FIXTURES / "xampl-plain.bbl").read_text()
    assert (
        entries["whole-proceedings"]["title"] == "Proc. Fifteenth Annual Symposium on the Theory of Computing"
    )
    assert "{\\em Proc. Fifteenth Annual Symposium on the Theory of Computing}" in bbl
    assert entries["article-minimal"]["venue"] == "G-Animal's Journal"
    assert entries["inbook-full"]["year"] == 1973  # {\noopsort{1973b}}1973 prints 1973
    crossref = entries["inproceedings-crossref"]
    assert crossref["year"] == 1983  # from its crossref parent, as BibTeX inherits it
    assert crossref["venue"] == "Proc. Fifteenth Annual ACM Symposium on the Theory of Computing"
    assert crossref["authors"] == ["Oaho, Alfred V.", "Ullman, Jeffrey D.", "Yannakakis, Mihalis"]
    assert entries["book-crossref"]["authors"] == ["Knuth, Donald E."]  # the parent's author


def test_xampl_imports_each_work_once(tmp_path):
    # xampl.bib gives most works three times (minimal, full, cross-referenced): the same work.
    report, papers = papers_of(XAMPL, tmp_path)
    assert not report.unreadable
    assert sorted(p.title for p in papers.values()) == sorted({p.title for p in papers.values()})
    untitled = [s for s in report.skipped if s.reason == "it has no title"]
    assert [s.title for s in untitled] == ["whole-journal", "misc-minimal", "random-note-crossref"]
    assert all(s.reason.startswith("a duplicate of p") for s in report.skipped if s not in untitled)


def test_an_undefined_macro_reads_as_empty_and_is_reported(tmp_path):
    path = bib(
        tmp_path,
        '@string{sussman = "Gerald J. Sussman"}\n'
        '@article{k, author = MCDERMOTT # { and } # sussman, title = "Proc. " # STOC # " 1983",\n'
        "  journal = jan # { issue}}\n",
    )
    report, papers = papers_of(path, tmp_path)
    paper = papers["k"]
    assert paper.authors == ["Sussman, Gerald J."]
    assert paper.title == "Proc. 1983"
    assert paper.venue == "January issue"
    assert report.added[0].notes == (
        "the @string macro “MCDERMOTT” is not defined; BibTeX reads it as empty",
        "the @string macro “STOC” is not defined; BibTeX reads it as empty",
    )


# 4. Lines are right after backslashes that end a line.


def test_report_lines_are_where_each_entry_starts_after_trailing_backslashes(tmp_path):
    report, _ = papers_of(TUGBOAT, tmp_path)
    lines = TUGBOAT.read_text().splitlines()
    starts = [n for n, text in enumerate(lines, 1) if re.match(r"@Article\{", text)]
    assert [a.line for a in report.added] == starts
    assert sum(text.endswith("\\") for text in lines) >= 2  # the file has the backslashes that shifted lines


# 5. Keys identify entries in a file, not works.


def test_repeated_keys_import_under_fresh_keys(tmp_path):
    path = bib(
        tmp_path,
        "@article{smith2020, title={One Work}, author={Smith, A.}, year=2020}\n"
        "@article{smith2020, title={Another Work}, author={Smith, B.}, year=2020}\n",
    )
    report, papers = papers_of(path, tmp_path)
    assert set(papers) == {"smith2020", "smith2020-2"}
    assert report.added[1].notes == (
        "its key “smith2020” is already used by p1 (line 1); imported under “smith2020-2”",
    )
    # A key taken by a paper already in the journal is renamed too.
    other = bib(tmp_path, "@article{smith2020, title={A Third Work}, year=1999}\n", "other.bib")
    journal = Journal.open(tmp_path / "journal.json")
    (added,) = import_file(journal, Clock(), other).added
    assert added.notes == ("its key “smith2020” is already used by p1; imported under “smith2020-3”",)


def test_mendeley_entries_without_a_key_import_under_fresh_keys(tmp_path):
    # Mendeley makes a key of the first author and the year: an entry with no author gets `@misc{,`.
    report, papers = papers_of(FIXTURES / "mendeley-keyless.bib", tmp_path)
    assert [(a.line, a.notes) for a in report.added] == [
        (1, ()),
        (9, ("it has no key; imported under “1985cern8519v1pdf”",)),
        (17, ()),
        (28, ("it has no key; imported under “forecasting”",)),
        (32, ("it has no key; imported under “josm”",)),
    ]
    assert papers["1985cern8519v1pdf"].title == "CERN-85-19-V-1.pdf"
    assert papers["josm"].url == "https://josm.openstreetmap.de/"
    # Imported again, each keyless entry is the paper it was, not a new one under another fresh key.
    journal = Journal.open(tmp_path / "journal.json")
    again = import_file(journal, Clock(), FIXTURES / "mendeley-keyless.bib")
    assert again.added == [] and len(again.skipped) == 5


def test_an_undeclared_catalogue_record_without_a_key(tmp_path):
    report, papers = papers_of(FIXTURES / "jabref-gvk-undeclared.bib", tmp_path)
    assert [p.title for p in papers.values()] == ["GMP-Regelwerke für Arzneimittel"]
    assert report.added[0].notes == ("it has no key; imported under “2014gmpregelwerke”",)
    assert "read as Windows-1252" in report.warnings[0]


# 6. Entries BibTeX reads are read.


def test_biblatex_extended_names(tmp_path):
    text = (FIXTURES / "biber-extended-names.bib").read_text()
    authors = [
        read_names(entry_author, set()).names
        for entry_author in re.findall(r"AUTHOR\s*=\s*\{(.*)\},?\n", text)
    ]
    assert authors == [
        ["Adler, Alfred"],
        ["Adler, Alfred"],
        ["Vela, Luis", "von Juan, Sr, Ura Ru"],
        ["von Rabble, Richard"],  # `useprefix=false` is an option of the list, not a name
    ]


def test_names_with_a_trailing_comma_or_too_many_commas_are_read_as_bibtex_reads_them(tmp_path):
    # BibTeX splits the list at `and`, then a name at its first two commas (von Last, Jr, First); past
    # two it complains and reads the rest as First, and a trailing comma leaves a part empty.
    report, papers = papers_of(FIXTURES / "names-commas.bib", tmp_path)
    assert not report.unreadable and len(report.added) == 6
    assert papers["Имаев1998"].authors[:2] == ["Имаев, Д.Х.", "Ковальски, З."]
    assert papers["Имаев1998"].year == 1998  # `1998. -- 170 с.`
    assert papers["www-uri"].authors == ["T. Berners-Lee, R. Fielding", "Masinter, L."]
    assert papers["JohnAndLitov2008Theory"].authors == ["John, K., Litov L.", "Yeung, B."]
    assert papers["JohnAndQian2010Outside"].authors == ["John, K.", "Mehran, H.", "Qian, Y."]
    assert papers["mario"].authors == [
        "Mario Barbacci, Mark H. Klein, Thomas A. Longstaff",
        "Weinstock, Charles B.",
    ]
    notes = {a.line: a.notes for a in report.added}
    too_many = "has too many commas (is an “and” missing?); read as BibTeX reads it: Last, Jr, First"
    assert [line for line, said in notes.items() if any(too_many in note for note in said)] == [21, 39, 49]
    assert notes[49] == (f"the name “Mario Barbacci, Mark H. Klein, Thomas A. Longstaff,” {too_many}",)


def test_a_quote_inside_braces_of_a_quoted_value_does_not_end_it(tmp_path):
    # babel's `"u` (ü) braced inside a quoted value, as BibTeX reads it; bibtexparser's own splitter
    # ended the value at that quote and lost the entry. Made up: none of the real files has one.
    path = bib(tmp_path, '@book{k, title = "Einf{"u}hrung", year = 1999}\n@misc{n, title = {Next}}\n')
    report, papers = papers_of(path, tmp_path)
    assert not report.unreadable
    assert (papers["k"].year, papers["n"].title) == (1999, "Next")
    assert papers["k"].title.startswith("Einf") and papers["k"].title.endswith("hrung")


# 7. Files that are not UTF-8.


@pytest.mark.parametrize(
    ("name", "title", "encoding"),
    [("biber-latin1.bib", "Söme title", "latin-1"), ("biber-latin9.bib", "Šome title", "latin-9")],
)
def test_declared_encodings_are_read_and_named(tmp_path, name, title, encoding):
    report, papers = papers_of(FIXTURES / name, tmp_path)
    assert [p.title for p in papers.values()] == [title]
    assert report.warnings == [
        f"{FIXTURES / name} is not UTF-8; it was read as {encoding}-unix, as its first lines declare."
    ]


def test_a_utf16_file_with_a_byte_order_mark_is_read_silently(tmp_path):
    report, papers = papers_of(FIXTURES / "zotero-utf16-bom.bib", tmp_path)
    assert len(papers) == 2 and not report.warnings and not report.unreadable


def test_an_undeclared_windows_file_is_read_as_windows_1252_with_a_warning(tmp_path):
    path = FIXTURES / "diplomarbeit-windows.bib"
    report, papers = papers_of(path, tmp_path)
    assert papers["Kueh2010"].authors == ["Kühnel, Andreas"]
    assert report.warnings == [
        f"{path} is not UTF-8 (line 33 has a byte that is not) and declares no encoding; it was read as "
        "Windows-1252: if letters look wrong, import it again with --encoding (for example gbk or latin-2)."
    ]
    # Windows-1252, not Latin-1: the quotes and dashes of 0x80–0x9F (made up: no real undeclared file
    # with them was found, SOURCE.md).
    quoted = tmp_path / "win.bib"
    quoted.write_bytes("@misc{k, title={Caf\u00e9 \u201cquoted\u201d \u2013 1}}\n".encode("cp1252"))
    _, papers = papers_of(quoted, tmp_path / "quoted")
    assert papers["k"].title == "Café “quoted” – 1"


def test_an_undeclared_chinese_file_in_gbk_is_read_as_gbk_and_said(tmp_path):
    path = FIXTURES / "thuthesis-gbk.bib"
    report, papers = papers_of(path, tmp_path)
    assert [p.title for p in papers.values()] == [
        "IEEE Standard Specifications for Public-Key Cryptography",
        "苏武传",
        "沧浪之水",
        "武林高手从入门到精通",
        "论刘姥姥食量大如牛之现实意义",
    ]
    assert papers["zjsw"].authors == ["班固"]
    assert papers["zjsw"].editors == ["郑在瀛", "汪超宏", "周文复"]
    assert papers["cnproceed"].venue == "第 N 次华山论剑"
    assert report.warnings == [
        f"{path} is not UTF-8 (line 10 has a byte that is not) and declares no encoding; its bytes read "
        "as Chinese, so it was read as GBK: if letters look wrong, import it again with --encoding "
        "(for example big5, shift_jis or euc-kr)."
    ]


def test_encoding_chooses_and_an_unknown_one_is_refused(tmp_path):
    path = FIXTURES / "thuthesis-gbk.bib"
    report, papers = papers_of(path, tmp_path, encoding="gbk")
    assert papers["clzs"].title == "沧浪之水" and not report.warnings
    # Asked for, an encoding is used even where it makes the wrong letters: the user chose it.
    _, papers = papers_of(path, tmp_path / "latin", encoding="latin-1")
    assert papers["clzs"].title == "\xb2\xd7\xc0\xcb\xd6\xae\xcb\xae"
    with pytest.raises(TransferError, match="not an encoding Python knows"):
        papers_of(path, tmp_path / "third", encoding="klingon")


# 8. The smaller classes.


def test_others_urls_arxiv_years_accents_and_editors(tmp_path):
    path = bib(
        tmp_path,
        "@article{a, title={A}, author={Doe, Jane and others}}\n"
        "@misc{b, title={B}, url={https://a.example/x https://b.example/y}}\n"
        "@article{c, title={C}, eprint={0208083}, archiveprefix={arXiv}, primaryclass={cond-mat}}\n"
        "@article{d, title={D}, journal={arXiv preprint hep-th/9901001}}\n"
        "@book{e, title={Republic}, author={Plato}, date={-0379}}\n"
        r"@article{f, title={F}, author={\"Unal, A. and \'Alvarez, B. and \L{}ukasz Nowak and Brise\~no, C.}}"
        "\n@book{g, title={G}, editor={Knuth, Donald}}\n",
    )
    _, papers = papers_of(path, tmp_path)
    assert (papers["a"].authors, papers["a"].et_al) == (["Doe, Jane"], True)
    assert papers["b"].url == "https://a.example/x https://b.example/y"
    assert (papers["c"].arxiv, papers["d"].arxiv) == ("cond-mat/0208083", "hep-th/9901001")
    assert papers["e"].year == -379
    assert papers["f"].authors == ["Ünal, A.", "Álvarez, B.", "Nowak, Łukasz", "Briseño, C."]
    assert (papers["g"].authors, papers["g"].editors) == ([], ["Knuth, Donald"])
    exported = write_bibtex(papers.values())
    assert "author = {Doe, Jane and others}" in exported
    assert "editor = {Knuth, Donald}" in exported and "year = {-379}" in exported


# 9. The export keeps a corporate name with a comma whole.


def test_a_corporate_name_with_a_comma_is_exported_in_braces(tmp_path):
    path = bib(tmp_path, "@report{r, title={Plan}, author={{Ministeriet for By, Bolig og Landdistrikter}}}\n")
    _, papers = papers_of(path, tmp_path)
    assert papers["r"].authors == ["Ministeriet for By, Bolig og Landdistrikter"]
    exported = write_bibtex(papers.values())
    assert "author = {{Ministeriet for By, Bolig og Landdistrikter}}" in exported


# The fast path of the LaTeX decoder reads as pylatexenc reads.

_PIECES = st.sampled_from(
    ["a", "B", " ", "{", "}", "~", "-", "--", "---", "``", "''", "!`", "?`", "\\TeX", "\\TeX{}", "\\ ",
     "\\&", "\\%", "\\_", "\\#", "\\slash", "\\bf", "\\relax", "\\/", "é", ".", ","]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_the_table_reads_what_pylatexenc_reads(value):
    from dualtui.services import latex_text

    simple = latex_text._simple(value)
    if simple is not None and value.count("{") == value.count("}"):
        parsed, _ = latex_text._parsed(value)
        assert " ".join(simple.split()) == " ".join(parsed.split())
