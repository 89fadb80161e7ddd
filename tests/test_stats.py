"""`dualtui stats` and the figures behind it, on a year built through the command line with `--date`.

The scenario: a research phase that reads three papers, a production phase that builds and ships two
of them (one written up) and logs two failures (one turned into a question), then a research phase
that answers that question and reads one more paper. Every count and median below is worked out by
hand from the dates.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualtui.domain import Entry, EntryKind, Paper, PaperStatus, Phase, PhaseKind, Snapshot
from dualtui.domain.links import index_links
from dualtui.domain.phases import balance
from dualtui.services.stats import Day, insights, levels, phase_counts
from dualtui.services.writeup import PLACEHOLDER_ABSTRACT

TODAY = "2026-11-25"


@pytest.fixture
def year(cli, monkeypatch: pytest.MonkeyPatch) -> object:
    """The scenario; returns `cli` bound to --today TODAY, in a terminal 120 columns wide."""
    monkeypatch.setenv("COLUMNS", "120")

    def run(*args: str, today: str = TODAY) -> str:
        result = cli("--today", today, *args)
        assert result.code == 0, result.err
        return result.out.strip()

    run("phase", "start", "research", "--goal", "Read on tail latency", "--date", "2026-01-05")  # ph1
    for title, read in (("Tail at Scale", "2026-01-20"), ("Hedged requests", "2026-02-01"),
                        ("Load shedding", "2026-03-01")):  # fmt: skip
        ref = run("add", "paper", title, "--date", "2026-01-06")
        run("status", ref, "read", "--date", read)
    run(
        "phase", "start", "production", "--goal", "Ship the fan-out", "--review", "", "--date", "2026-04-06"
    )  # ph2
    # p1 read 01-20, its build started 04-10: 80 days; shipped 05-10: 30 days; written up 05-20: 10.
    assert run("add", "build", "--from", "p1", "--status", "building", "--date", "2026-04-10") == "b1"
    run("status", "b1", "shipped", "--date", "2026-05-10")
    draft = Path(run("writeup", "b1", today="2026-05-15"))
    draft.write_text(draft.read_text().replace(PLACEHOLDER_ABSTRACT, "Fan-out that tolerates the tail."))
    run("writeup", "b1", "--done", today="2026-05-20")
    # p2 read 02-01, its build started 04-20: 78 days; shipped 06-20: 61 days; no write-up.
    assert run("add", "build", "--from", "p2", "--status", "building", "--date", "2026-04-20") == "b2"
    run("status", "b2", "shipped", "--date", "2026-06-20")
    # A failure questioned 4 days later, and one never questioned.
    assert run("log", "failure", "p99 doubled at peak", "--build", "b2", "--date", "2026-06-01") == "e1"
    assert run("log", "question", "Would hedging cut it?", "--answers", "e1", "--date", "2026-06-05") == "e2"
    assert run("log", "failure", "OOM at 93k rows", "--build", "b1", "--date", "2026-06-10") == "e3"
    run(
        "phase",
        "start",
        "research",
        "--goal",
        "Answer the hedging question",
        "--review",
        "",
        "--date",
        "2026-07-06",
    )  # ph3
    assert run("log", "note", "Hedging cut p99 by 40%", "--answers", "e2", "--date", "2026-07-15") == "e4"
    ref = run("add", "paper", "The Datacenter as a Computer", "--date", "2026-07-10")
    run("status", ref, "read", "--date", "2026-08-01")
    return run


def test_stats_json_gives_the_exact_counts_and_medians(year, installed) -> None:
    printed = year("stats", "--json")
    # The installed command prints the very same object as the CLI's function.
    through_the_shell = installed("--today", TODAY, "stats", "--json")
    assert through_the_shell.code == 0, through_the_shell.err
    assert json.loads(through_the_shell.out) == json.loads(printed)
    assert json.loads(printed) == {
        "phases": [
            {"id": "ph1", "kind": "research", "started": "2026-01-05T12:00:00",
             "ended": "2026-04-06T12:00:00",
             "papers_read": 3, "builds_shipped": 0, "writeups_done": 0,
             "failures": 0, "failures_questioned": 0, "questions_answered": 0},
            {"id": "ph2", "kind": "production", "started": "2026-04-06T12:00:00",
             "ended": "2026-07-06T12:00:00",
             "papers_read": 0, "builds_shipped": 2, "writeups_done": 1,
             "failures": 2, "failures_questioned": 1, "questions_answered": 0},
            {"id": "ph3", "kind": "research", "started": "2026-07-06T12:00:00", "ended": None,
             "papers_read": 1, "builds_shipped": 0, "writeups_done": 0,
             "failures": 0, "failures_questioned": 0, "questions_answered": 1},
        ],
        # (80 + 78) / 2; (30 + 61) / 2; one write-up after 10 days; one question after 4.
        "cycle_days": {"read_to_build": 79, "build_to_ship": 45.5, "ship_to_writeup": 10,
                       "failure_to_question": 4},
    }  # fmt: skip


def test_stats_for_a_person_shows_phases_side_by_side_ratios_cycles_and_trends(year) -> None:
    text = year("stats")
    lines = text.splitlines()
    assert any(line.split() == ["ph1", "research", "ph2", "production", "ph3", "research", "all", "time"]
               for line in lines)  # fmt: skip
    assert _row(lines, "papers read") == ["3", "0", "1", "4"]
    assert _row(lines, "builds shipped") == ["0", "2", "0", "2"]
    assert _row(lines, "failures turned into questions") == ["0", "1", "0", "1"]
    # 2 shipped for 4 read; 1 write-up for 2 shipped.
    assert _row(lines, "builds per paper read")[-1] == "0.5"
    assert _row(lines, "write-ups per shipped build") == ["—", "0.5", "—", "0.5"]
    # ph2 closed both read→build loops (median 79); p3 (read 03-01) still waits: 269 days by 11-25.
    assert _row(lines, "paper read → build started") == ["—", "(269)", "79", "—", "(116)", "79", "(269)"]
    assert "p3" in text and "269d  paper read → build started: Load shedding" in text
    # ph3 is 143 days old; ph1 lasted 91 days, so all of it is compared.
    assert "Trends: ph3 by day 143, against the earlier research phases by their day 143" in text
    assert _trend(lines, "papers read") == ["1", "↓", "median", "3", "(3)"]
    assert _trend(lines, "questions answered") == ["1", "↑", "median", "0", "(0)"]


def test_a_narrow_terminal_gets_the_phases_in_blocks_none_left_out(year, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "64")
    lines = year("stats").splitlines()
    assert all(len(line) <= 64 for line in lines if line.startswith(("  papers read", "  paper read →")))
    heads = [
        line.split()
        for line in lines
        if line.strip().startswith("ph") and "→" not in line and "phase" not in line
    ]
    assert heads == [["ph1", "research", "ph2", "production"], ["ph3", "research", "all", "time"]]
    rows = [line.split()[2:] for line in lines if line.startswith("  papers read ")]
    assert rows[:2] == [["3", "0"], ["1", "4"]]  # then the trend of the same figure


def test_stats_markdown_is_a_report_with_tables(year) -> None:
    report = year("stats", "--format", "markdown")
    assert report.startswith("# The practice in figures, 2026-11-25")
    assert "| papers read | 3 | 0 | 1 | 4 |" in report
    assert "| build started → shipped | 45.5 | 2 | 0 | — |" in report
    assert "| paper read → build started | 79 | 2 | 2 | p3, 269 days: Load shedding |" in report


def test_the_heatmap_marks_the_phases_under_the_weeks(year) -> None:
    lines = year("stats").splitlines()
    band = next(line for line in lines if line.startswith("  phase "))
    letters = band.removeprefix("  phase ").strip()
    # ph1 from 01-05, ph2 from 04-06, ph3 from 07-06 to today: R, then P, then R, weeks in order.
    assert letters.startswith("R") and "RP" in letters and "PR" in letters and letters.endswith("R")
    assert letters.count("P") == 13


def test_stats_on_an_empty_journal_says_so(cli) -> None:
    assert json.loads(cli("stats", "--json").out) == {
        "phases": [],
        "cycle_days": {"read_to_build": None, "build_to_ship": None, "ship_to_writeup": None,
                       "failure_to_question": None},
    }  # fmt: skip
    assert "No phases yet" in cli("stats").out


def test_hostile_text_reaches_the_terminal_harmless_and_markdown_escaped(cli) -> None:
    cli("phase", "start", "research", "--goal", "evil\x1b[2Jgoal")
    cli("add", "paper", "a | b *c*\x07", "--status", "read")
    text = cli("stats").out
    assert "\x1b" not in text and "\x07" not in text
    report = cli("stats", "--format", "markdown").out
    assert "a \\| b \\*c\\*" in report


def test_stats_help_has_an_example(cli, capsys) -> None:
    with pytest.raises(SystemExit):
        cli("stats", "--help")
    assert "dualtui stats --json" in capsys.readouterr().out


# --- the figures' definitions ----------------------------------------------------------------------


def test_shades_follow_the_quartiles_of_active_days() -> None:
    days = [Day(date(2026, 1, 1), n, 0, 0, None) for n in (0, 1, 2, 3, 4, 5, 6, 7, 100)]
    assert levels(days) == [0, 1, 1, 2, 2, 3, 3, 4, 4]


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    switches=st.lists(moments, min_size=1, max_size=4, unique=True),
    reads=st.lists(moments, max_size=12),
    failures=st.lists(moments, max_size=12),
)
def test_a_phase_counts_what_domain_balance_counts(switches, reads, failures) -> None:
    """One definition of "in the phase": stats agrees with `during` (the rules' and the stored
    summary's) record for record, including moments on the instant of a switch."""
    switches.sort()
    phases = {}
    for number, started in enumerate(switches, 1):
        ended = switches[number] if number < len(switches) else None
        phases[number] = Phase(number, PhaseKind.RESEARCH, "", started, started.date(), ended)
    reads = [*reads, *switches]  # moments exactly on a boundary belong to both phases
    papers = {
        n: Paper(n, "t", at, status=PaperStatus.READ, started=at, finished=at)
        for n, at in enumerate(reads, 1)
    }
    entries = {n: Entry(n, at, EntryKind.FAILURE, "f") for n, at in enumerate(failures, 1)}
    snapshot = Snapshot(phases=phases, papers=papers, entries=entries)
    links = index_links(snapshot)
    figures = insights(snapshot, date(2027, 1, 1), links)
    for phase_figures in figures.phases:
        expected = balance(snapshot, phase_figures.phase, links)
        assert phase_figures.counts["papers_read"] == expected.papers_read
        assert phase_figures.counts["failures"] == expected.failures
        assert phase_figures.counts["entries"] == expected.entries
        assert phase_counts(snapshot, phase_figures.phase, links) == phase_figures.counts


def _row(lines: list[str], label: str) -> list[str]:
    line = next(line for line in lines if line.startswith(f"  {label}  "))
    return line.removeprefix(f"  {label}").split()


def _trend(lines: list[str], label: str) -> list[str]:
    trends = lines[next(i for i, line in enumerate(lines) if line.startswith("Trends:")) :]
    return _row(trends, label)


def test_every_row_of_the_person_form_lines_its_columns_up(cli) -> None:
    # "failures turned into questions" was one character longer than the labels' room, so its
    # row's figures stood one column to the right of every other row's.
    from dualtui.services.stats import COUNTS, CYCLES

    cli("--today", TODAY, "phase", "start", "research", "--date", "2026-11-20")
    lines = cli("--today", TODAY, "stats").out.splitlines()
    rows = [
        line for line in lines if line.startswith(tuple(f"  {label} " for _, label in (*COUNTS, *CYCLES)))
    ]
    assert len(rows) == len(COUNTS) + len(CYCLES)
    assert len({len(row) for row in rows}) == 1  # every figure is one character: "0" or "—"


def test_the_walk_kept_for_one_version_is_never_read_for_the_next(tmp_path: Path) -> None:
    """The dashboard and the insights share one walk of a version of the journal. The main screen
    keeps its link index across a change that moves no link, and the journal changes its snapshot in
    place: the next version must be counted afresh, and a kept walk must count what a fresh one does."""
    from dualtui.services.stats import dashboard
    from tests.support.tui import TODAY as APP_TODAY
    from tests.support.tui import at, make_context, seed

    context = make_context(tmp_path)
    seed(context)
    snapshot = context.service.snapshot()
    links = index_links(snapshot)
    board = dashboard(snapshot, APP_TODAY, links)
    assert board is not None
    kept = insights(snapshot, APP_TODAY, links)
    assert kept.as_json() == insights(snapshot, APP_TODAY).as_json()  # None: a walk of its own
    paper = next(p for p in snapshot.papers.values() if p.title == "Attention Is All You Need")
    version = snapshot.version
    context.service.set_status(paper.ref, "read", when=at("2026-11-24"))
    after = context.service.snapshot()
    assert after.version != version
    again = insights(after, APP_TODAY, links)  # the same index, as the main screen hands it over
    assert again.totals["papers_read"] == kept.totals["papers_read"] + 1
    assert again.as_json() == insights(after, APP_TODAY).as_json()


def test_a_walk_under_way_in_one_thread_is_waited_for_by_another_not_made_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The insights opened while the dashboard's walk of the same version is being made (both in
    threads of their own) wait for that walk; either way the journal is walked once."""
    import threading

    from dualtui.services import stats
    from tests.support.tui import TODAY as APP_TODAY
    from tests.support.tui import make_context, seed

    context = make_context(tmp_path)
    seed(context)
    snapshot = context.service.snapshot()
    links = index_links(snapshot)
    made, started, release = [], threading.Event(), threading.Event()
    walk = stats._Journal

    class HeldWalk(walk):  # type: ignore[misc,valid-type]
        def __init__(self, *args: object) -> None:
            made.append(self)
            started.set()
            release.wait(10)
            super().__init__(*args)

    monkeypatch.setattr(stats, "_Journal", HeldWalk)
    results: dict[str, object] = {}
    first = threading.Thread(target=lambda: results.update(board=stats.dashboard(snapshot, APP_TODAY, links)))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: results.update(figures=insights(snapshot, APP_TODAY, links)))
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert len(made) == 1
    monkeypatch.setattr(stats, "_Journal", walk)
    assert results["figures"].as_json() == insights(snapshot, APP_TODAY).as_json()  # type: ignore[attr-defined]
