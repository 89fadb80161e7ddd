"""Property: one definition of an open loop. Over any journal, on any day, every open loop the
weekly review lists is a suggestion `next --all` makes, or snoozed (and the review says until when),
or held by the phase (and the review says which phase it waits for); and every suggestion of a loop
rule is an open loop of the review. A loop snoozed twice waits for the later day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.domain import Snapshot, Snooze
from dualtui.rules.engine import evaluate, load_rules
from dualtui.rules.facts import Context
from dualtui.services.review import LoopState, review_loops
from tests.support.journals import snapshots

RULES = load_rules()
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 1, 1))


def snooze_some(data: st.DataObject, snapshot: Snapshot, today: date) -> None:
    """Snooze (until a day, maybe past) or dismiss a few of the loops open today, so every state occurs."""
    loops = review_loops(RULES, snapshot, today).items
    if not loops:
        return
    chosen = data.draw(st.lists(st.sampled_from(loops), max_size=4, unique_by=lambda item: item.key))
    for number, item in enumerate(chosen, len(snapshot.snoozes) + 1):
        until = data.draw(st.none() | st.dates(today - timedelta(days=3), today + timedelta(days=60)))
        target = "" if item.ref is None else str(item.ref)
        # One snooze per rule and item, as the service and the merge keep them: this one replaces any.
        for old in [n for n, s in snapshot.snoozes.items() if (s.rule, s.target) == (item.rule, target)]:
            del snapshot.snoozes[old]
        snapshot.snoozes[number] = Snooze(number, item.rule, target, datetime(2024, 1, 1), until)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), days, st.data())
def test_every_open_loop_of_the_review_is_a_suggestion_snoozed_or_held_by_the_phase(
    snapshot: Snapshot, today: date, data: st.DataObject
) -> None:
    snooze_some(data, snapshot, today)
    review = review_loops(RULES, snapshot, today)
    suggested = {s.key: s for s in evaluate(RULES, snapshot, today).suggestions}
    phase_kind = Context(snapshot, today).phase_kind()
    snoozes = [s for s in snapshot.snoozes.values() if s.active_on(today)]
    for item in review.items:
        rule = RULES.get(item.rule)
        assert rule is not None and rule.loop == item.loop
        target = "" if item.ref is None else str(item.ref)
        snoozed = [s for s in snoozes if (s.rule, s.target) == (item.rule, target)]
        if item.state is LoopState.OPEN:
            assert item.key in suggested
            assert suggested[item.key].message == item.message
        elif item.state is LoopState.SNOOZED:
            assert item.key not in suggested
            # Snoozed twice (a hand-edited journal), the loop waits for the later day.
            untils = [s.until for s in snoozed]
            assert None not in untils and item.until == max(untils)  # type: ignore[type-var]
            assert item.state_text() == f"snoozed until {item.until:%Y-%m-%d}"
        else:
            assert item.state is LoopState.HELD
            assert item.key not in suggested and not rule.applies_in(phase_kind)
            assert set(item.waits_for) == set(rule.phases) and "waits for a" in item.state_text()
    listed = {item.key for item in review.items if item.state is LoopState.OPEN}
    for key, suggestion in suggested.items():
        if RULES.get(suggestion.rule).loop:  # type: ignore[union-attr]
            assert key in listed
    # A dismissed loop is counted, not listed; a snooze hides nothing once its day has come.
    hits = review_loops(RULES, Snapshot(*_tables(snapshot)), today).items
    dismissed = {(s.rule, s.target) for s in snoozes if s.until is None}
    assert review.dismissed == sum((i.rule, "" if i.ref is None else str(i.ref)) in dismissed for i in hits)


def _tables(snapshot: Snapshot) -> tuple[dict, ...]:
    """The snapshot's tables without its snoozes."""
    return (snapshot.phases, snapshot.papers, snapshot.builds, snapshot.entries, {})
