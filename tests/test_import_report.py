"""The import report as a person reads it: every entry by line, what happened and why; nothing from
the file reaches the terminal as a control sequence; a progress bar only on a terminal, after a second."""

from __future__ import annotations

import io
from pathlib import Path

from dualtui.cli import progress as progress_module
from dualtui.cli.progress import ImportProgress
from dualtui.services.clock import Clock
from dualtui.services.transfer import import_file
from dualtui.store import Journal

FIXTURES = Path(__file__).parent / "fixtures" / "bibtex"


def test_every_entry_is_reported_in_file_order_with_its_reason_and_notes(cli, tmp_path):
    bib = tmp_path / "mixed.bib"
    bib.write_text(
        "@article{k, title={First}, author={Doe, J.}}\n"
        "@article{k, title={Second}, author = MISSING}\n"
        "@article{x, title={first}, author={Doe, Jane}}\n"
        "@misc{untitled, author={Nobody}}\n"
        "@article{bad, title={Unclosed {brace}, year=2020}\n\n"
        "@article{last, title={Last}}\n"
    )
    result = cli("import", str(bib))
    assert result.code == 0
    assert result.out.splitlines() == [
        f"{bib}: 3 added, 2 skipped, 1 could not be read",
        "  added   line     1  p1     First",
        "  added   line     2  p2     Second",
        "                      its key “k” is already used by p1 (line 1); imported under “k-2”",
        "                      the @string macro “MISSING” is not defined; BibTeX reads it as empty",
        "  skipped line     3  first: a duplicate of p1 (line 1): the same title, authors and year",
        "  skipped line     4  untitled: it has no title",
        "  unread  line     5 (bad): it is not valid BibTeX (Unexpected block start: `@article`. "
        "Was still looking for field-value closing `,` or `}`)",
        "  added   line     7  p3     Last",
    ]


def test_text_from_the_file_cannot_drive_the_terminal(cli, tmp_path):
    bib = tmp_path / "hostile.bib"
    bib.write_text("@misc{k, title={Red \x1b[31malert\x07 here}}\n")
    out = cli("import", str(bib)).out
    assert "\x1b" not in out and "\x07" not in out
    assert "Red ^[[31malert^G here" in out  # shown as `less` shows it (domain/safe_text.py)


def test_encoding_option_and_warning(cli):
    latin = FIXTURES / "biber-latin1.bib"
    out = cli("import", "--dry-run", str(latin)).out
    assert (
        out.splitlines()[0]
        == f"{latin} is not UTF-8; it was read as latin-1-unix, as its first lines declare."
    )
    assert "Söme title" in out
    forced = cli("import", "--dry-run", "--encoding", "cp1250", str(latin)).out
    assert "is not UTF-8" not in forced


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_the_progress_bar_waits_a_second_and_shows_only_on_a_terminal(monkeypatch):
    clock = iter([0.0, 0.5, 1.2, 1.25, 1.5, 2.0])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    terminal = _Terminal(tty=True)
    monkeypatch.setattr(progress_module.sys, "stderr", terminal)
    bar = ImportProgress("importing big.bib")  # t = 0
    bar("reading the file", 0.1)  # 0.5 s: too early
    assert terminal.getvalue() == ""
    bar("decoding entries", 0.5)  # 1.2 s: drawn
    assert terminal.getvalue().endswith(" 50% decoding entries\x1b[K")
    bar("decoding entries", 0.6)  # 1.25 s: too soon after the last drawing
    assert " 60%" not in terminal.getvalue()
    bar("saving the journal", 0.95)  # 1.5 s
    assert terminal.getvalue().endswith(" 95% saving the journal\x1b[K")
    bar.close()
    assert terminal.getvalue().endswith("\r\x1b[2K")

    monkeypatch.setattr(progress_module.sys, "stderr", _Terminal(tty=False))
    clock = iter([0.0, 5.0])
    quiet = ImportProgress("importing big.bib")
    quiet("decoding entries", 0.5)
    quiet.close()
    assert progress_module.sys.stderr.getvalue() == ""


def test_the_progress_covers_the_whole_import_from_reading_to_saving(tmp_path):
    # A file above the splitter's reporting step (64 KB), so reading reports before its end too.
    told: list[tuple[str, float]] = []
    written_when_saving_began: list[bool] = []
    journal = Journal.open(tmp_path / "journal.json")

    def progress(doing: str, share: float) -> None:
        if doing == "saving the journal" and share < 1:
            written_when_saving_began.append(journal.path.exists())
        told.append((doing, share))

    import_file(journal, Clock(), FIXTURES / "zotero-biblatex.bib", progress=progress)
    stages = list(dict.fromkeys(doing for doing, _ in told))
    assert stages == ["reading the file", "decoding entries", "adding papers", "saving the journal"]
    shares = [share for _, share in told]
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert any(0 < share < 0.4 for doing, share in told if doing == "reading the file")
    # Saving is said before the journal is written, not after: the bar does not sit still at 100%.
    assert written_when_saving_began == [False] and journal.path.exists()
