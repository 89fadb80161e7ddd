"""Hostile input: a clear sentence or a clear report, nothing half-imported, the journal intact."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dualtui.cli import main
from dualtui.services.clock import Clock
from dualtui.services.transfer import TransferError, import_file
from dualtui.store import Journal

ZOTERO = Path(__file__).parent / "fixtures" / "bibtex" / "zotero-biblatex.bib"
GOOD = "@article{good, title={A Good Paper}, author={Doe, Jane}, year={2020}}\n"


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    """A journal that already holds one paper, so "intact" means something."""
    journal = Journal.open(tmp_path / "journal.json")
    seed = tmp_path / "seed.bib"
    seed.write_text(GOOD)
    import_file(journal, Clock(), seed)
    return journal


def journal_bytes(journal: Journal) -> bytes:
    return journal.path.read_bytes()


def refused(journal: Journal, path: Path) -> str:
    before = journal_bytes(journal)
    with pytest.raises(TransferError) as caught:
        import_file(journal, Clock(), path)
    assert journal_bytes(journal) == before
    message = str(caught.value)
    assert str(path) in message and message.endswith(".") and "\n" not in message
    return message


def test_empty_file(journal, tmp_path):
    empty = tmp_path / "empty.bib"
    empty.write_text("")
    assert "holds no BibTeX entries" in refused(journal, empty)


def test_binary_garbage(journal, tmp_path):
    garbage = tmp_path / "garbage.bib"
    garbage.write_bytes(os.urandom(4096) + b"\0")
    assert "binary data" in refused(journal, garbage)


def test_an_export_that_is_not_utf8_is_refused(journal, tmp_path):
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"format": "dualtui export",\n "x": "Caf\xe9"}\n')
    assert "not UTF-8 text (line 2" in refused(journal, latin)


def test_text_without_any_entry(journal, tmp_path):
    prose = tmp_path / "prose.bib"
    prose.write_text("just some words, no entries at all\n" * 50)
    assert "holds no BibTeX entries" in refused(journal, prose)


def test_unbalanced_braces_are_reported_with_their_line_and_the_rest_imports(journal, tmp_path):
    broken = tmp_path / "broken.bib"
    broken.write_text(
        "@article{first, title={Fine One}}\n\n"
        "@article{bad, title={Unclosed {brace}, year=2020}\n\n"
        "@article{last, title={Fine Two}}\n"
    )
    report = import_file(journal, Clock(), broken)
    assert [a.title for a in report.added] == ["Fine One", "Fine Two"]
    (bad,) = report.unreadable
    assert (bad.line, bad.key) == (3, "bad") and "not valid BibTeX" in bad.reason


def test_file_cut_short_in_its_last_entry(journal, tmp_path):
    cut = tmp_path / "cut.bib"
    cut.write_text(
        GOOD.replace("good", "other").replace("A Good", "Another") + "@article{x, title={Never clo"
    )
    report = import_file(journal, Clock(), cut)
    assert [a.title for a in report.added] == ["Another Paper"]
    assert report.unreadable[0].line == 2


def test_entries_without_titles_are_skipped_by_name(journal, tmp_path):
    untitled = tmp_path / "untitled.bib"
    untitled.write_text("@misc{nothing, author={Doe, John}}\n@misc{blank, title={  }}\n")
    report = import_file(journal, Clock(), untitled)
    assert report.added == []
    assert [(s.line, s.title, s.reason) for s in report.skipped] == [
        (1, "nothing", "it has no title"),
        (2, "blank", "it has no title"),
    ]
    assert len(journal.snapshot().papers) == 1


def test_repeated_keys_and_fields_are_imported_and_reported(journal, tmp_path):
    dup = tmp_path / "dup.bib"
    dup.write_text("@misc{k, title={One}}\n@misc{k, title={Two}}\n@misc{f, title={A}, title={B}}\n")
    report = import_file(journal, Clock(), dup)
    assert not report.unreadable
    assert [(a.line, a.title) for a in report.added] == [(1, "One"), (2, "Two"), (3, "A")]
    assert report.added[1].notes == ("its key “k” is already used by p2 (line 1); imported under “k-2”",)
    assert report.added[2].notes == (
        "the field “title” appears twice; the first is kept, as BibTeX keeps it",
    )


def test_five_megabyte_file_imports_in_one_transaction(journal, tmp_path):
    text = ZOTERO.read_text()
    big = tmp_path / "big.bib"
    big.write_text(text * (5 * 1024 * 1024 // len(text) + 1))
    assert big.stat().st_size > 5 * 1024 * 1024
    report = import_file(journal, Clock(), big)
    assert len(report.added) == 75  # every copy after the first is a duplicate within the file
    assert len(journal.snapshot().papers) == 76


def test_a_failure_midway_leaves_nothing_half_imported(journal, tmp_path, monkeypatch):
    from dualtui.store.journal import Transaction

    before = journal_bytes(journal)
    calls = {"n": 0}
    real_insert = Transaction.insert

    def failing_insert(self, record):
        calls["n"] += 1
        if calls["n"] == 40:
            raise OSError("disk gone")
        return real_insert(self, record)

    monkeypatch.setattr(Transaction, "insert", failing_insert)
    with pytest.raises(OSError):
        import_file(journal, Clock(), ZOTERO)
    assert journal_bytes(journal) == before
    assert len(Journal.open(journal.path).snapshot().papers) == 1


def test_a_file_of_another_kind_gets_one_sentence(tmp_path, capsys):
    other = tmp_path / "notes.txt"
    other.write_text(GOOD)
    db = tmp_path / "j.json"
    assert main(["--db", str(db), "import", str(other)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not a file dualtui imports: give a BibTeX file (.bib) or a dualtui export (.json, .yaml)" in err
    assert not db.exists()


def test_missing_file(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "j.json"), "import", str(tmp_path / "nope.bib")]) == 1
    assert "There is no file" in capsys.readouterr().err
