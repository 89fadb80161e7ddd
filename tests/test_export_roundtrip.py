"""dualtui's own export: JSON and YAML round-trip byte for byte through import; Markdown and BibTeX."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.cli import main
from dualtui.services.clock import Clock
from dualtui.services.transfer import TransferError, import_file
from dualtui.store import Journal
from tests.support.cli import run


@pytest.fixture
def demo(tmp_path, capsys) -> Path:
    """A realistic journal with every table, gaps in the ids, and a deletion in the undo trash."""
    db = tmp_path / "demo.json"
    run(capsys, db, "demo")
    run(capsys, db, "delete", "p3")
    run(capsys, db, "add", "paper", "Last one, with “quotes” and [/] markup", "--tag", "x")
    return db


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_import_export_is_byte_identical(tmp_path, capsys, demo, fmt):
    first = tmp_path / f"first.{fmt}"
    run(capsys, demo, "export", "--format", fmt, "-o", str(first))
    restored = tmp_path / "restored.json"
    out = run(capsys, restored, "import", str(first))
    assert out.startswith("restored from")
    second = tmp_path / f"second.{fmt}"
    run(capsys, restored, "export", "--format", fmt, "-o", str(second))
    assert second.read_bytes() == first.read_bytes()
    # Ids and every record survive, not just the bytes of the export.
    original, copy = Journal.open(demo).snapshot(), Journal.open(restored).snapshot()
    for table in ("phases", "papers", "builds", "entries", "snoozes"):
        mine = {n: r.to_record() for n, r in getattr(original, table).items()}
        assert mine == {n: r.to_record() for n, r in getattr(copy, table).items()}
    assert 3 not in copy.papers  # the gap left by the deletion is kept


def test_export_holds_schema_meta_and_ids(capsys, demo):
    data = json.loads(run(capsys, demo, "export", "--format", "json"))
    assert data["format"] == "dualtui export" and data["schema"] == data["meta"]["schema"] >= 1
    assert data["papers"][0]["id"] == 1 and "next_ids" in data["meta"]
    assert {"phases", "papers", "builds", "entries", "snoozes"} <= data.keys()


def test_restore_after_export_keeps_numbering_going(tmp_path, capsys, demo):
    exported = tmp_path / "e.json"
    run(capsys, demo, "export", "--format", "json", "-o", str(exported))
    restored = tmp_path / "r.json"
    run(capsys, restored, "import", str(exported))
    next_paper = run(capsys, restored, "add", "paper", "After the restore").strip()
    assert next_paper == run(capsys, demo, "add", "paper", "After the restore").strip()


def test_restore_refuses_a_journal_that_is_not_empty(tmp_path, capsys, demo):
    exported = tmp_path / "e.yaml"
    run(capsys, demo, "export", "--format", "yaml", "-o", str(exported))
    before = demo.read_bytes()
    assert main(["--db", str(demo), "import", str(exported)]) == 1
    err = capsys.readouterr().err
    assert "already holds" in err and "only into an empty journal" in err
    assert demo.read_bytes() == before


def test_yaml_python_tags_are_refused_and_nothing_runs(tmp_path, capsys):
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        "format: dualtui export\nschema: 1\nmeta: {}\n"
        f"papers: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    db = tmp_path / "j.json"
    assert main(["--db", str(db), "import", str(evil)]) == 1
    err = capsys.readouterr().err
    assert "uses a YAML tag dualtui does not load at line 4" in err
    assert not marker.exists() and not db.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "is not valid JSON"),
        ('{"format": "something else"}', "is not a dualtui export"),
        ('{"format": "dualtui export", "schema": 99}', "exported by a newer dualtui (schema 99"),
        (
            '{"format": "dualtui export", "schema": 1, "papers": [{"id": 1}]}',
            "1 damaged record: record p1 in “papers”: it has no “added”",
        ),
        ('{"format": "dualtui export", "schema": 1, "papers": [{"title": "x"}]}', "has no valid “id”"),
    ],
)
def test_bad_exports_get_one_sentence_and_change_nothing(tmp_path, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    journal = Journal.open(tmp_path / "j.json")
    with pytest.raises(TransferError, match=re.escape(expected)):
        import_file(journal, Clock(), bad)
    assert not journal.path.exists()


def test_yaml_syntax_error_names_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: dualtui export\nschema: 1\npapers: [\n  - {id: 1\n")
    with pytest.raises(TransferError, match=r"is not valid YAML at line \d"):
        import_file(Journal.open(tmp_path / "j.json"), Clock(), bad)


record_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    papers=st.lists(
        st.fixed_dictionaries(
            {
                "title": record_text.filter(lambda t: " ".join(t.split())),
                "authors": st.lists(record_text, max_size=3),
                "year": st.none() | st.integers(-5000, 5000),
                "tags": st.lists(record_text, max_size=3),
                "notes": record_text,
            }
        ),
        min_size=1,
        max_size=5,
    ),
    fmt=st.sampled_from(["json", "yaml"]),
)
def test_random_records_survive_a_json_or_yaml_round_trip(tmp_path_factory, papers, fmt):
    from dualtui.services import dump
    from dualtui.services.journal_service import JournalService

    folder = tmp_path_factory.mktemp("rt")
    source = Journal.open(folder / "a.json")
    service = JournalService(source, None, Clock())  # type: ignore[arg-type]  # config unused by add_paper
    for fields in papers:
        service.add_paper(**fields, duplicate=True)  # random titles repeat: each is meant
    data = dump.export_data(source.snapshot(), source.meta)
    text = dump.to_json(data) if fmt == "json" else dump.to_yaml(data)
    exported = folder / f"e.{fmt}"
    exported.write_text(text)
    target = Journal.open(folder / "b.json")
    import_file(target, Clock(), exported)
    assert [p.to_record() for p in target.snapshot().papers.values()] == [
        p.to_record() for p in source.snapshot().papers.values()
    ]


def test_markdown_export_reads_like_a_journal(capsys, demo):
    text = run(capsys, demo, "export")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Phases", "## Reading queue", "## Build queue", "## Validation log"]
    assert "**Review:**" in text and "### Reading (" in text and "### Shipped (" in text
    days = [line[4:] for line in text.split("## Validation log")[1].splitlines() if line.startswith("### ")]
    assert days == sorted(days) and len(days) > 5
    assert r"“quotes” and \[/\] markup" in text


def test_bibtex_export_of_the_reading_list(tmp_path, capsys, demo):
    out = tmp_path / "reading.bib"
    run(capsys, demo, "export", "--format", "bibtex", "-o", str(out))
    assert out.stat().st_mode & 0o777 == 0o600
    papers = Journal.open(demo).snapshot().papers
    fresh = tmp_path / "fresh.json"
    report = run(capsys, fresh, "import", str(out))
    assert f"{len(papers)} added, 0 skipped, 0 could not be read" in report
    titles = [p.title for p in Journal.open(fresh).snapshot().papers.values()]
    assert titles == [p.title for p in papers.values()]
