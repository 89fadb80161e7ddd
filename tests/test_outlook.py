"""The outlook kept between runs: what `next` and the app's suggestion bar show, taken from the last
run when the journal, the day and the rules are exactly as that run saw them. A kept outlook is
exactly what a fresh evaluation gives; anything stale, foreign or broken is a miss, never an error."""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.domain import Phase, PhaseKind, Snapshot
from dualtui.rules.engine import load_rules
from dualtui.services.clock import Clock
from dualtui.services.outlook import Outlook, outlook_of
from dualtui.services.suggestions import SuggestionService
from dualtui.store import Journal
from tests.support.journals import snapshots, written
from tests.support.kept_files import broken_kept_files

TODAY = ("--today", "2026-11-25")
RULE_IDS = [rule.id for rule in load_rules().rules]

# Rule files a user might keep: none, a weight changed, a rule turned off, a rule of their own, and
# one with a mistake in it (its problem is part of what `next` says).
rule_files = st.one_of(
    st.none(),
    st.builds(
        lambda rule, weight: f"- id: {rule}\n  weight: {weight}\n",
        st.sampled_from(RULE_IDS),
        st.integers(0, 200),
    ),
    st.builds(lambda rule: f"- id: {rule}\n  enabled: false\n", st.sampled_from(RULE_IDS)),
    st.builds(
        lambda days: (
            "- id: mine\n  about: papers\n"
            f"  when: status == \"queued\" and days_since_added >= {days}\n  say: 'read {{title}}'\n"
        ),
        st.integers(0, 400),
    ),
    st.just('- id: typo\n  about: papers\n  when: status == "read"\n  sya: x\n'),
)
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 1, 1))


def service(path: Path, today: date, rules: Path | None) -> SuggestionService:
    return SuggestionService(Journal.open(path, lazy=True), Clock(today), rules)


def fresh(path: Path, today: date, rules: Path | None) -> Outlook:
    """What a fresh evaluation says: nothing kept is read."""
    evaluating = service(path, today, rules)
    return outlook_of(evaluating, evaluating.evaluate())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), days, rule_files)
def test_a_kept_outlook_is_exactly_what_a_fresh_evaluation_gives(
    snapshot: Snapshot, today: date, rules_text: str | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.json"
        written(snapshot, path)
        rules = None
        if rules_text is not None:
            rules = Path(folder) / "mine.yaml"
            rules.write_text(rules_text, encoding="utf-8")
        expected = fresh(path, today, rules)
        assert service(path, today, rules).outlook() == expected  # a miss: evaluated, and kept
        again = service(path, today, rules)
        assert again.outlook() == expected
        assert again.journal.parse_count == 0  # kept: the journal was not read


def test_any_change_the_outlook_depends_on_is_a_miss(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    journal = written(Snapshot(), path)
    today = date(2026, 11, 25)
    assert service(path, today, None).outlook().top_message is not None  # kept: "No phase is open"
    # Another process opens a phase: the journal's stamp changes.
    with journal.transaction() as tx:
        tx.insert(Phase(0, PhaseKind.RESEARCH, "", datetime(2026, 11, 1), date(2027, 1, 1)))
        tx.summary = "phase"
    assert service(path, today, None).outlook() == fresh(path, today, None)
    # The next day, and a rules file of the user's: each a miss of its own.
    later = today + timedelta(days=40)
    assert service(path, later, None).outlook() == fresh(path, later, None)
    rules = tmp_path / "mine.yaml"
    rules.write_text("- id: phase-overdue\n  weight: 1\n", encoding="utf-8")
    assert service(path, later, rules).outlook() == fresh(path, later, rules)
    rules.write_text("- id: phase-overdue\n  weight: 2\n", encoding="utf-8")
    assert service(path, later, rules).outlook() == fresh(path, later, rules)


def outlook_file(tmp_path: Path) -> Path:
    [found] = (tmp_path / "xdg-cache" / "dualtui").glob("outlook-*.marshal")
    return found


@broken_kept_files
def test_a_broken_outlook_file_is_a_miss_and_is_replaced(cli, tmp_path: Path, damage) -> None:
    cli("add", "paper", "Attention Is All You Need")
    first = cli(*TODAY, "next")
    kept = outlook_file(tmp_path)
    kept.write_bytes(damage(kept.read_bytes()))
    again = cli(*TODAY, "next")
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    assert cli(*TODAY, "next", "--json").out == cli(*TODAY, "next", "--json").out


def test_an_outlook_of_another_journal_or_others_could_write_is_not_used(cli, tmp_path: Path) -> None:
    cli("add", "paper", "Attention Is All You Need")
    first = cli(*TODAY, "next")
    kept = outlook_file(tmp_path)
    other = tmp_path / "other.json"
    assert cli("--db", str(other), *TODAY, "add", "paper", "Other").code == 0
    # The other journal's outlook put where this journal's is: keyed by another path and stamp.
    cli("--db", str(other), *TODAY, "next")
    others = [f for f in kept.parent.glob("outlook-*.marshal") if f != kept]
    [foreign] = others
    os.replace(foreign, kept)
    assert cli(*TODAY, "next").out == first.out
    kept.chmod(0o666)
    assert cli(*TODAY, "next").out == first.out
    assert kept.stat().st_mode & 0o777 == 0o600  # replaced by one of the user's own


def test_next_from_the_kept_outlook_says_what_it_said_in_every_form(cli) -> None:
    cli("add", "paper", "Attention Is All You Need")
    cli("phase", "start", "research", "--length", "2 weeks")
    for form in ((), ("--json",), ("--all",), ("--all", "--json")):
        first = cli(*TODAY, "next", *form)
        second = cli(*TODAY, "next", *form)
        assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
        assert first.out
