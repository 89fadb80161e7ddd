"""Small things a daily user of the command line tripped on, through the installed `dualtui`: unknown
statuses, fields that do not exist, plurals, what `show` prints, one record a line, list options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def stored(journal_path: Path) -> dict:
    return json.loads(journal_path.read_bytes())


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ["list", "papers", "--status", "raed"],
            "dualtui: “raed” is not a paper status: use one of queued, reading, read, dropped "
            "(did you mean read?).\n",
        ),
        (
            ["list", "entries", "--status", "failures"],
            "dualtui: “failures” is not an entry kind: use one of failure, insight, observation, question, "
            "validated, refuted, note (did you mean failure?).\n",
        ),
        (
            ["list", "builds", "--status", "done"],
            "dualtui: “done” is not a build status: use one of idea, building, shipped, abandoned.\n",
        ),
    ],
)
def test_list_refuses_a_status_it_does_not_know(installed, args: list[str], sentence: str) -> None:
    installed("add", "paper", "Raft", "--status", "read")
    result = installed(*args)
    assert result.code == 1 and result.out == "" and result.err == sentence


def test_list_filters_by_a_status_or_kind_in_any_case(installed) -> None:
    installed("add", "paper", "Raft", "--status", "read")
    installed("add", "paper", "Paxos")
    installed("log", "failure", "timeouts")
    installed("log", "note", "reread")
    assert [line.split()[0] for line in installed("list", "papers", "--status", "READ").out.splitlines()] == [
        "p1"
    ]
    assert [
        line.split()[0] for line in installed("list", "entries", "--status", "failure").out.splitlines()
    ] == ["e1"]


def test_edit_names_the_fields_a_record_has(installed, journal_path: Path) -> None:
    installed("add", "paper", "Raft")
    installed("log", "note", "reread")
    before = journal_path.read_bytes()
    paper = installed("edit", "p1", "--set", "foo=bar")
    assert paper.code == 1
    assert paper.err == (
        "dualtui: A paper has no editable field “foo”: its fields are title, authors, year, venue, doi, "
        "arxiv, url, tags, priority, notes, claims.\n"
    )
    entry = installed("edit", "e1", "--set", "txt=x")
    assert entry.err == (
        "dualtui: An entry has no editable field “txt” (did you mean text?): its fields are text, kind, "
        "paper_id, build_id, answers, claim, linked_papers, linked_builds.\n"
    )
    assert journal_path.read_bytes() == before


def test_counts_take_the_right_number(installed) -> None:
    installed("--today", "2026-11-24", "add", "paper", "Raft", "--status", "read", "--date", "2026-11-23")
    installed("--today", "2026-11-24", "log", "question", "Is Raft simpler?", "--date", "2026-11-23")
    week = installed("--today", "2026-11-25", "review").out.splitlines()[1]
    assert week == "last 7 days: 1 entry logged, 1 paper read, 0 builds shipped, 0 write-ups done"


def test_show_prints_what_a_person_reads_and_json_what_a_program_reads(installed) -> None:
    installed("add", "paper", "vLLM", "--authors", "Kwon, Woosuk; Li, Zhuohan", "--year", "2023")
    installed("add", "build", "kv-cache", "--from", "p1")
    installed("log", "failure", "OOM at 4k tokens\nafter an hour", "--build", "b1", "--paper", "p1")
    paper = installed("show", "p1").out
    assert "authors: Kwon, Woosuk; Li, Zhuohan\n" in paper
    assert "  venue: —\n" in paper and "started: —\n" in paper
    entry = installed("show", "e1").out
    assert "paper: p1\n" in entry and "build: b1\n" in entry and "answers: —\n" in entry
    assert "text: OOM at 4k tokens\n" in entry and "      after an hour\n" in entry  # under its value
    build = installed("show", "b1").out
    assert "papers: p1\n" in build and "data source: (missing: which real data does it run on?)" in build
    for shown in (paper, entry, build):
        assert "None" not in shown and "[" not in shown and "_id" not in shown
    as_json = json.loads(installed("show", "e1", "--json").out)
    assert as_json["paper_id"] == 1 and as_json["answers"] is None
    assert as_json["text"] == "OOM at 4k tokens\nafter an hour"


def test_list_keeps_one_record_a_line(installed) -> None:
    installed("log", "failure", "first line\nsecond line\r\nthird")
    installed("log", "note", "plain")
    lines = installed("list", "entries").out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("failure     first line ⏎ second line ⏎ third")


def test_add_takes_lists_as_edit_and_the_forms_write_them(installed, journal_path: Path) -> None:
    installed(
        "add", "paper", "The Tail at Scale",
        "--authors", "Dean, Jeffrey; Barroso, Luiz André",
        "--authors", "Doe;; Sons, Ltd",
        "--tag", "latency; tail", "--claim", "hedging cuts p99;; cheaply", "--claim", "tied requests help",
    )  # fmt: skip
    paper = stored(journal_path)["papers"]["1"]
    assert paper["authors"] == ["Dean, Jeffrey", "Barroso, Luiz André", "Doe; Sons, Ltd"]
    assert paper["tags"] == ["latency", "tail"]
    assert paper["claims"] == ["hedging cuts p99; cheaply", "tied requests help"]
    # What `show` prints is what `edit --set` takes: written back, the list is the same list.
    shown = dict(
        line.strip().split(": ", 1) for line in installed("show", "p1").out.splitlines() if ": " in line
    )
    assert shown["authors"] == "Dean, Jeffrey; Barroso, Luiz André; Doe;; Sons, Ltd"
    installed("edit", "p1", "--set", f"authors={shown['authors']}", "--set", f"tags={shown['tags']}")
    again = stored(journal_path)["papers"]["1"]
    assert again["authors"] == paper["authors"] and again["tags"] == paper["tags"]


def test_add_paper_help_documents_the_list_syntax(installed) -> None:
    shown = " ".join(installed("add", "paper", "--help").out.split())
    assert "its authors, each as Last, First; several separated by ';' (';;' for a ';' in an item)" in shown
