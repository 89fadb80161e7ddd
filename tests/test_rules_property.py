"""Property: over any journal, however odd (dangling links, dates in the future, missing stamps),
evaluating the rules never raises, and every suggestion renders and explains itself."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.domain import Snapshot
from dualtui.rules.checker import parse
from dualtui.rules.engine import build_rule_set, evaluate, load_rules
from dualtui.rules.facts import CATALOGUE, Subject
from dualtui.rules.texts import default_rules_text
from tests.support.journals import snapshots

TODAY = date(2026, 11, 25)
RULES = load_rules()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 1, 1)))
def test_evaluating_the_default_rules_never_raises(snapshot: Snapshot, today: date) -> None:
    evaluation = evaluate(RULES, snapshot, today)
    assert evaluation.problems == []
    # The best of each rule comes first, ranked as the whole list ranks each rule's suggestions.
    everything = evaluation.suggestions
    assert everything[: len(evaluation.leading)] == evaluation.leading
    for leader in evaluation.leading:
        same_rule = [s for s in everything if s.rule == leader.rule]
        first = min(same_rule, key=lambda s: (-s.score, s.target.number if s.target else 0))
        assert leader.key == first.key
    for suggestion in evaluation.suggestions:
        assert suggestion.message
        reason = suggestion.reason()
        if reason.condition.count(" or ") == 0:
            assert all(clause.holds for clause in reason.clauses)


# Random well-typed conditions over the paper facts: whatever a user may write, it evaluates.
PAPER_FACTS = CATALOGUE[Subject.PAPERS]
NUMERIC = [name for name, fact in PAPER_FACTS.items() if fact.type.numeric]
literals = st.integers(-(10**9), 10**9).map(str) | st.floats(-1e9, 1e9, allow_nan=False).map(repr)


def arithmetic(depth: int) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(NUMERIC) | literals
    if depth == 0:
        return leaf
    inner = arithmetic(depth - 1)
    return (
        leaf
        | st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
        | st.tuples(inner, st.sampled_from(["/", "//", "%"]), st.integers(1, 99)).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        )
    )


comparisons = st.tuples(
    arithmetic(2), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), arithmetic(2)
).map(" ".join)
conditions = st.recursive(
    comparisons | st.just('status == "read"') | st.just('"ml" in tags'),
    lambda inner: (
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
        | inner.map(lambda c: f"not ({c})")
    ),
    max_leaves=6,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions, snapshots())
def test_any_well_typed_condition_compiles_and_never_raises(condition: str, snapshot: Snapshot) -> None:
    parse(condition, Subject.PAPERS)
    text = (
        f"- id: random\n  about: papers\n  when: '{condition}'\n  say: '{{title}} {{days_since_finished}}'\n"
    )
    rule_set = build_rule_set(default_rules_text(), "default.yaml", (text, "mine.yaml"))
    assert rule_set.problems == []
    evaluation = evaluate(rule_set, snapshot, TODAY)
    assert evaluation.problems == []
    for suggestion in evaluation.suggestions:
        suggestion.reason()
