"""The import machinery stays out of other commands: bibtexparser, pylatexenc and PyYAML load only
when import, export or a write-up runs."""

from __future__ import annotations

from tests.support.process import modules_loaded_by

HEAVY = ("bibtexparser", "pylatexenc")


def loaded_after(tmp_path, *argv: str) -> set[str]:
    return {name.split(".")[0] for name in modules_loaded_by(tmp_path / "j.json", *argv)}


def test_other_commands_do_not_load_the_parsers(tmp_path):
    for argv in (("list", "papers"), ("review",), ("export", "--format", "json")):
        assert not loaded_after(tmp_path, *argv) & set(HEAVY), argv


def test_bibtex_export_loads_them(tmp_path):
    assert set(HEAVY) <= loaded_after(tmp_path, "export", "--format", "bibtex")
