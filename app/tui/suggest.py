"""What the app needs of a suggestion, and where suggestions come from (the rules, off the UI thread)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..domain import Ref, Snapshot


@dataclass(frozen=True, slots=True)
class Suggestion:
    say: str
    rule: str
    target: Ref | None = None
    do: str | None = None
    # Explaining reads every fact of the condition: done only when `?` asks.
    explain: Callable[[], dict[str, Any]] | None = None

    def explanation(self) -> dict[str, Any]:
        reason = self.explain() if self.explain is not None else {}
        return {"say": self.say, "rule": self.rule, "do": self.do, **reason}


@dataclass(frozen=True, slots=True)
class Suggestions:
    items: list[Suggestion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def top(self) -> Suggestion | None:
        return self.items[0] if self.items else None


Suggester = Callable[[Snapshot], Suggestions]


def no_suggestions(_: Snapshot) -> Suggestions:
    return Suggestions()


def rules_suggester(rules_file: Path | None, today: Callable[[], date]) -> Suggester:
    """Suggestions from the default rules and the user's file, loaded once, on first use (in the worker)."""
    loaded: list[Any] = []

    def suggest(snapshot: Snapshot) -> Suggestions:
        from ..rules.engine import evaluate, load_rules

        if not loaded:
            loaded.append(load_rules(rules_file))
        rule_set = loaded[0]
        evaluation = evaluate(rule_set, snapshot, today())
        items = [
            Suggestion(s.message, s.rule, s.target, s.action, lambda s=s: _reason(s.reason()))
            for s in evaluation.leading
        ]
        errors = [str(problem) for problem in (*rule_set.problems, *evaluation.problems)]
        return Suggestions(items, errors)

    return suggest


def _reason(reason: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for clause in reason.clauses:
        facts.update(clause.facts)
    return {"when": reason.condition, "facts": facts, "clauses": [(c.text, c.holds) for c in reason.clauses]}


def copy_for_worker(snapshot: Snapshot) -> Snapshot:
    """A shallow copy a worker thread can read while the UI thread writes (records are replaced, not
    changed, so copying the tables is enough)."""
    return Snapshot(
        dict(snapshot.phases),
        dict(snapshot.papers),
        dict(snapshot.builds),
        dict(snapshot.entries),
        dict(snapshot.snoozes),
        snapshot.version,
    )
