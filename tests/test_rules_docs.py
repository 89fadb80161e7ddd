"""docs/rules.md documents every fact with its type, every action, and every default rule."""

from __future__ import annotations

from pathlib import Path

from dualtui.rules.engine import load_rules
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
