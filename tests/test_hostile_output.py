"""Hostile text in every field reaches no terminal raw: every output path of the command line shows
it visibly (as `less` does), `--json` and the JSON/YAML exports keep it exactly, and the Markdown
and BibTeX exports and the write-ups carry no raw escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from dualtui.cli import main
from dualtui.domain import safe_text

# A window title, a clipboard write (OSC 52), a hyperlink, a clear screen, the alternate screen, NUL,
# a CSI as one C1 character, a bidi override, and DEL.
HOSTILE = (
    "T\x1b]0;pwn\x07 \x1b]52;c;aGk=\x1b\\ \x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\ \x1b[2J\x1b[?1049h"
    "\x00\x9b31m \u202egnp.exe\u202c\x7f"
)
TODAY = "2026-11-25"


def unsafe(text: str) -> str:
    """The characters of `text` that must never reach a terminal (line breaks and tabs may)."""
    return "".join(c for c in text if not safe_text.is_safe(c))


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A journal with the hostile text in every field a user or a file can fill."""
    path = tmp_path / "j.json"
    bib = tmp_path / "hostile.bib"
    in_bib = HOSTILE.replace("\x00", "")  # a NUL makes the file binary, which import refuses
    bib.write_text(
        f"@article{{k1, title={{Bib {in_bib}}}, author={{Doe, {in_bib}}}, journal={{{in_bib}}},"
        f" year={{2020}}, keywords={{{in_bib}}}}}\n"
    )
    steps = [
        ["phase", "start", "research", "--goal", HOSTILE, "--date", "2026-11-01"],
        ["add", "paper", HOSTILE, "--authors", HOSTILE, "--venue", HOSTILE, "--doi", HOSTILE,
         "--url", HOSTILE, "--tag", HOSTILE, "--notes", HOSTILE, "--claim", HOSTILE, "--status", "read",
         "--date", "2026-11-02"],
        ["add", "build", HOSTILE, "--paper", "p1", "--description", HOSTILE, "--data-source", HOSTILE,
         "--constraints", HOSTILE, "--users", HOSTILE, "--status", "shipped", "--date", "2026-11-03"],
        ["log", "failure", HOSTILE, "--build", "b1", "--date", "2026-11-04"],
        ["log", "insight", HOSTILE, "--paper", "p1", "--date", "2026-11-05"],
        ["import", str(bib)],
    ]  # fmt: skip
    for step in steps:
        assert main(["--db", str(path), "--today", TODAY, *step]) == 0
    capsys.readouterr()
    return path


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--db", str(db), "--today", TODAY, *args])
    except SystemExit as usage_error:  # argparse's own
        code = usage_error.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


COMMANDS = [
    ["list", "papers"], ["list", "builds"], ["list", "entries"], ["list", "phases"],
    ["show", "p1"], ["show", "b1"], ["show", "e1"], ["show", "ph1"], ["show", "p2"],
    ["next", "--all"], ["why", "1"], ["why", "p1"], ["why", "b1"], ["review"], ["phase"],
    ["export", "--format", "markdown"], ["export", "--format", "bibtex"],
    ["export", "--format", "json"], ["export", "--format", "yaml"],
    ["edit", "p1", "--set", f"venue={HOSTILE}"], ["status", "p1", HOSTILE], ["log", HOSTILE, "x"],
    ["edit", "p1", "--set", f"{HOSTILE}=x"], ["show", HOSTILE], ["list", HOSTILE],
    ["phase", "start", HOSTILE], ["add", "paper", "x", "--priority", HOSTILE], ["doctor"],
    ["rules", "check"], ["snooze", HOSTILE], [HOSTILE], ["stats"], ["stats", "--json"],
    ["stats", "--format", "markdown"], ["import", "--dry-run", HOSTILE], ["writeup", "b1", "--done"],
    ["history"], ["history", "--all", "--json"], ["undo"], ["redo"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args)[:30])
def test_nothing_raw_reaches_the_terminal(db, capsys, args):
    code, out, err = run(capsys, db, *args)
    assert not unsafe(out) and not unsafe(err), (code, out[-300:], err[-300:])
    assert out or err


def test_the_hostile_text_is_shown_visibly(db, capsys):
    code, out, _ = run(capsys, db, "show", "p1")
    assert code == 0 and safe_text.terminal(HOSTILE) in out and "^[]0;pwn^G" in out


def test_the_import_report_shows_the_titles_harmlessly(tmp_path, capsys):
    bib = tmp_path / "e.bib"
    bib.write_text("@article{k,title={T \x1b]0;pwn\x07}}\n@article{j,title={U \u202eoof}}\n")
    code, out, err = run(capsys, tmp_path / "j.json", "import", str(bib))
    assert code == 0 and not unsafe(out + err)
    assert "T ^[]0;pwn^G" in out and "U <U+202E>oof" in out


def test_json_output_is_lossless_and_harmless(db, capsys):
    code, out, _ = run(capsys, db, "show", "p1", "--json")
    assert code == 0 and not unsafe(out)
    assert json.loads(out)["title"] == HOSTILE
    code, out, _ = run(capsys, db, "list", "entries", "--json")
    assert [e["text"] for e in json.loads(out)] == [HOSTILE, HOSTILE]


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_exports_keep_every_character(db, capsys, tmp_path, fmt):
    code, shown, _ = run(capsys, db, "export", "--format", fmt)
    assert code == 0 and not unsafe(shown)
    data = json.loads(shown) if fmt == "json" else yaml.safe_load(shown)
    paper = data["papers"][0]
    assert paper["title"] == " ".join(HOSTILE.split()) and paper["notes"] == HOSTILE
    target = tmp_path / f"out.{fmt}"
    assert run(capsys, db, "export", "--format", fmt, "-o", str(target))[0] == 0
    assert target.read_text() == shown
    # And it restores into a fresh journal with every character in place.
    assert run(capsys, tmp_path / "fresh.json", "import", str(target))[0] == 0
    assert run(capsys, tmp_path / "fresh.json", "export", "--format", fmt)[1] == shown


@pytest.mark.parametrize("fmt", ["markdown", "bibtex"])
def test_markdown_and_bibtex_files_carry_no_raw_escape(db, capsys, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    assert run(capsys, db, "export", "--format", fmt, "-o", str(target))[0] == 0
    text = target.read_text()
    assert not unsafe(text) and ("<U+202E>gnp.exe" in text)


def test_a_writeup_draft_carries_no_raw_escape(db, capsys, tmp_path):
    target = tmp_path / "draft.md"
    code, out, _ = run(capsys, db, "writeup", "b1", "-o", str(target))
    assert code == 0 and not unsafe(out)
    assert not unsafe(target.read_text()) and "^\\[\\[2J" in target.read_text()


def test_bytes_that_are_not_utf8_are_refused_in_a_sentence(db, capsys):
    before = db.read_bytes()
    code, _, err = run(capsys, db, "add", "paper", "caf\udce9")
    assert code == 1 and err == "dualtui: The argument “caf<E9>” is not UTF-8 text; nothing was changed.\n"
    assert db.read_bytes() == before


def test_the_progress_bar_keeps_its_own_codes_past_the_harmless_stream(monkeypatch):
    import io

    from dualtui.cli import progress as progress_module
    from dualtui.cli.output import TerminalStream

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    raw = Tty()
    clock = [0.0]
    monkeypatch.setattr(progress_module.sys, "stderr", TerminalStream(raw))
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: clock[0])
    bar = progress_module.ImportProgress("importing \x1b]0;x\x07.bib")
    clock[0] = 2.0
    bar("reading", 0.5)
    bar.close()
    shown = raw.getvalue()
    assert shown.startswith("\rimporting ^[]0;x^G.bib") and shown.endswith("\r\x1b[2K")
    assert "\x07" not in shown
