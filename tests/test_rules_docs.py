"""docs/rules.md documents every fact with its type, every action, and every default rule."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from dualtui.rules.engine import MAX_BONUS, load_rules
from dualtui.rules.facts import CATALOGUE
from dualtui.rules.model import ACTIONS

DOC = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return DOC.split(f"\n{title}\n", 1)[1].split("\n#", 1)[0]


def test_every_fact_is_documented_with_its_type_under_its_subject() -> None:
    for subject, facts in CATALOGUE.items():
        table = section(f"### `{subject.value}`")
        for fact in facts.values():
            kind = f"{fact.type} or none" if fact.optional else str(fact.type)
            assert f"| `{fact.name}` | {kind} | {fact.doc}" in table, fact.name


def test_every_action_and_default_rule_is_documented() -> None:
    actions = section("## Actions (`do`)")
    assert all(f"| `{name}` | {meaning} |" in actions for name, meaning in ACTIONS.items())
    defaults = section("## The default rules")
    for rule in load_rules().rules:
        assert f"| `{rule.id}` | {rule.about.value} |" in defaults
        assert f"| {rule.do} | {rule.weight:g} |" in defaults.split(f"`{rule.id}`", 1)[1].split("\n", 1)[0]


def span(text: str) -> tuple[float, float]:
    """A table cell's `130` or `40–80` as (low, high)."""
    low, _, high = text.partition("–")
    return float(low), float(high or low)


def test_the_tier_table_holds_every_default_rule_at_its_weight_and_no_tier_can_climb_into_the_next() -> None:
    """docs/rules.md's table of how the defaults rank: each rule in one tier, its weight in the tier's
    range, its scores up to the most age adds, and each tier's lowest weight above the highest score
    the tier below can reach."""
    table = section("### How the defaults rank against each other")
    weights = {rule.id: rule.weight for rule in load_rules().rules}
    tiers: list[tuple[set[str], tuple[float, float]]] = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0][:1].isdigit():
            weight, score = span(cells[2]), span(cells[3])
            assert score == (weight[0], weight[1] + MAX_BONUS), line
            tiers.append((set(re.findall(r"`([a-z0-9_-]+)`", cells[1])), weight))
    assert [named for named, _ in tiers][-1] == set(), "the last tier is every other default"
    named = set().union(*(rules for rules, _ in tiers))
    for rules, (low, high) in tiers:
        members = rules or weights.keys() - named
        assert members and members <= weights.keys()
        assert all(low <= weights[rule] <= high for rule in members), {r: weights[r] for r in members}
    for (_, (low, _)), (_, (_, below)) in itertools.pairwise(tiers):
        assert low > below + MAX_BONUS
