"""Loading a rule set (defaults plus the user's file) and evaluating it against a snapshot.

Score of a suggestion = the rule's weight + one point per full week an item is past the rule's
day threshold (a clause like `days_since_finished >= 7` of a top-level `and`), at most 20 points.
Suggestions are ordered best first: the best suggestion of each rule, then all the others, each
group by score, then rule id, then item number; `next` shows the first group, `next --all` the whole
list, and the numbers of both agree.
"""

from __future__ import annotations

import ast
import gc
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from dualtui.domain import InvalidId, Snapshot, parse_ref

from .conditions import (
    ConditionError,
    Getter,
    Matcher,
    Threshold,
    clauses,
    fact_getter,
    getter,
    matcher,
    names,
    parse,
    thresholds,
)
from .facts import PHASE_KINDS, Context, Subject, items
from .model import ACTIONS, Clause, Reason, RuleProblem, Suggestion
from .template import Template, parse_template
from .yamlload import RawRule, brief, read_rules

DEFAULT_FILE = "default.yaml"
DEFAULT_WEIGHT = 50.0
MAX_WEIGHT = 1000
MAX_BONUS = 20
FIELDS = ("id", "about", "when", "say", "do", "weight", "phases", "enabled")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_YES = {"yes": True, "on": True, "y": True, "no": False, "off": False, "n": False}


@dataclass(slots=True)
class Rule:
    id: str
    about: Subject
    when: str
    say: Template
    do: str | None
    weight: float
    phases: frozenset[str]
    enabled: bool
    file: str
    line: int
    tree: ast.Expression = field(repr=False)
    match: Matcher = field(repr=False)
    thresholds: tuple[Threshold, ...] = ()
    _clauses: list[tuple[str, Getter, list[str]]] | None = field(default=None, repr=False)

    def clause_parts(self) -> list[tuple[str, Getter, list[str]]]:
        """Each clause's text, compiled getter and facts, compiled on the first explanation only."""
        if self._clauses is None:
            self._clauses = [
                (
                    ast.get_source_segment(self.when, node) or ast.unparse(node),
                    getter(node, self.about),
                    names(node),
                )
                for node in clauses(self.tree)
            ]
        return self._clauses

    def applies_in(self, phase_kind: str) -> bool:
        return not self.phases or phase_kind in self.phases


@dataclass(slots=True)
class RuleSet:
    rules: list[Rule]
    problems: list[RuleProblem]
    files: list[str]

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


class _FieldError(ValueError):
    def __init__(self, message: str, field_name: str | None = None) -> None:
        super().__init__(message)
        self.field = field_name


def default_rules_text() -> str:
    # Beside this module in every install (package data); importlib.resources would cost an import
    # of its own on every `dualtui next`.
    return (Path(__file__).parent / DEFAULT_FILE).read_text(encoding="utf-8")


def load_rules(user_file: Path | None = None, *, required: bool = False) -> RuleSet:
    """The default rules, with the user's file (if any) adding, overriding or disabling by id.

    A missing user file is fine unless `required` (the user named it); anything wrong with it is a
    problem in the result, never an exception."""
    user: tuple[str, str] | None = None
    problems: list[RuleProblem] = []
    if user_file is not None:
        name = str(user_file)
        try:
            user = (user_file.read_text(encoding="utf-8"), name)
        except FileNotFoundError:
            if required:
                problems.append(RuleProblem(name, None, None, "the rule file does not exist."))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(RuleProblem(name, None, None, f"the rule file cannot be read: {error}."))
    rules = build_rule_set(default_rules_text(), DEFAULT_FILE, user)
    rules.problems[:0] = problems
    return rules


def build_rule_set(default_text: str, default_name: str, user: tuple[str, str] | None) -> RuleSet:
    rules: dict[str, Rule] = {}
    raws: dict[str, RawRule] = {}
    problems: list[RuleProblem] = []
    sources = [(default_text, default_name)] + ([user] if user else [])
    for text, name in sources:
        found, read_problems = read_rules(text, name)
        problems.extend(read_problems)
        seen: dict[str, int] = {}
        for raw in found:
            rule_id = raw.id
            if rule_id is not None and rule_id in seen:
                problems.append(
                    RuleProblem(name, raw.line, rule_id, f"the id is already used at line {seen[rule_id]}.")
                )
                continue
            base = raws.get(rule_id) if rule_id is not None else None
            fields = {**base.fields, **raw.fields} if base is not None else raw.fields
            try:
                rule = compile_rule(raw, fields)
            except _FieldError as error:
                line = raw.lines.get(error.field, raw.line) if error.field else raw.line
                problems.append(RuleProblem(name, line, rule_id, str(error)))
                continue
            seen[rule.id] = raw.line
            rules[rule.id] = rule
            raws[rule.id] = RawRule(raw.file, raw.line, fields, raw.lines)
    order = {name: index for index, (_, name) in enumerate(sources)}
    problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))
    return RuleSet(list(rules.values()), problems, [name for _, name in sources])


def compile_rule(raw: RawRule, fields: dict[str, Any]) -> Rule:
    unknown = [name for name in fields if name not in FIELDS]
    if unknown:
        raise _FieldError(f"unknown field `{unknown[0]}` (fields: {', '.join(FIELDS)}).", unknown[0])
    rule_id = fields.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise _FieldError(
            "`id` must be lower-case letters, digits and dashes, like `paper-read-no-build`.", "id"
        )
    for required in ("about", "when", "say"):
        if fields.get(required) is None:
            raise _FieldError(f"`{required}` is missing (and `{rule_id}` is not a default rule to override).")
    about = _choice(fields["about"], [s.value for s in Subject], "about")
    subject = Subject(about)
    try:
        tree = parse(fields["when"], subject)
    except ConditionError as error:
        raise _FieldError(f"`when`: {error}", "when") from None
    try:
        say = parse_template(fields["say"], subject)
    except ConditionError as error:
        raise _FieldError(str(error), "say") from None
    action = fields.get("do")
    if action is not None:
        action = _choice(action, list(ACTIONS), "do")
    return Rule(
        id=rule_id,
        about=subject,
        when=fields["when"].strip(),
        say=say,
        do=action,
        weight=_weight(fields.get("weight", DEFAULT_WEIGHT)),
        phases=_phases(fields.get("phases")),
        enabled=_enabled(fields.get("enabled", True)),
        file=raw.file,
        line=raw.line,
        tree=tree,
        match=matcher(fields["when"], subject),
        thresholds=tuple(thresholds(tree, subject)),
    )


def _choice(value: Any, options: list[str], name: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise _FieldError(f"`{name}` is {brief(value)}; it must be one of {', '.join(options)}.", name)
    return value


def _weight(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_WEIGHT:
        raise _FieldError(
            f"`weight` is {brief(value)}; it must be a number from 0 to {MAX_WEIGHT}.", "weight"
        )
    return float(value)


def _phases(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    listed = [value] if isinstance(value, str) else value
    if (
        not isinstance(listed, list)
        or not listed
        or not all(isinstance(v, str) and v in PHASE_KINDS for v in listed)
    ):
        raise _FieldError(
            f"`phases` is {brief(value)}; it must be a list of {', '.join(PHASE_KINDS)}.", "phases"
        )
    return frozenset(listed)


def _enabled(value: Any) -> bool:
    # Booleans are only true/false in the loader; yes/no/on/off are read as the field intends.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES:
        return _YES[value.strip().lower()]
    raise _FieldError(f"`enabled` is {brief(value)}; it must be true or false.", "enabled")


# Evaluation


@dataclass(slots=True)
class Hits:
    """What one rule matched: (record, margin) pairs; suggestions are made from them on demand."""

    rule: Rule
    found: list[tuple[Any, float]]

    def best(self) -> tuple[Any, float]:
        """The hit ranked first: highest score, then lowest item number (as `_order` ranks).
        The score grows with the margin a week at a time, so the best score is that of the widest
        margin, and every hit at least that many weeks past the threshold shares it."""
        widest = max(margin for _, margin in self.found)
        cut = min(widest, 7 * bonus(widest))
        return min((hit for hit in self.found if hit[1] >= cut), key=_hit_number)


class Evaluation:
    """The suggestions of one evaluation, ranked: the best of each rule first (what `next` shows),
    then all the others. Suggestions are only made for what is asked, so a journal with thousands of
    open loops costs little until someone lists them all."""

    def __init__(self, context: Context, hits: list[Hits], snoozed: int, problems: list[RuleProblem]) -> None:
        self.context = context
        self.today = context.today
        self.hits = hits
        self.snoozed = snoozed
        self.problems = problems

    def __len__(self) -> int:
        return sum(len(h.found) for h in self.hits)

    def count(self, rule_id: str) -> int:
        return next((len(h.found) for h in self.hits if h.rule.id == rule_id), 0)

    @cached_property
    def leading(self) -> list[Suggestion]:
        best = [_suggest(h.rule, *h.best(), self.context) for h in self.hits]
        best.sort(key=_order)
        return best

    @cached_property
    def suggestions(self) -> list[Suggestion]:
        leaders = {s.key for s in self.leading}
        rest = [
            suggestion
            for h in self.hits
            for record, margin in h.found
            if (suggestion := _suggest(h.rule, record, margin, self.context)).key not in leaders
        ]
        rest.sort(key=_order)
        return self.leading + rest


def evaluate(
    rule_set: RuleSet, snapshot: Snapshot, today: date, *, respect_snoozes: bool = True
) -> Evaluation:
    """Run every enabled rule of the open phase's kind over the snapshot, as of `today`."""
    # Evaluation makes many small acyclic objects; a cyclic-GC pass triggered by them would walk the
    # whole journal in memory (measured: +60% at 100,000 records), so it waits until we are done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _evaluate(rule_set, snapshot, today, respect_snoozes)
    finally:
        if collecting:
            gc.enable()


def _evaluate(rule_set: RuleSet, snapshot: Snapshot, today: date, respect_snoozes: bool) -> Evaluation:
    x = Context(snapshot, today)
    hidden = _active_snoozes(snapshot, today) if respect_snoozes else {}
    found: list[Hits] = []
    problems: list[RuleProblem] = []
    snoozed = 0
    for rule in rule_set.rules:
        if not rule.enabled or not rule.applies_in(x.phase_kind):
            continue
        try:
            hits = rule.match(items(rule.about, x), x)
        except Exception as error:  # one rule failing must never stop the others
            problems.append(
                RuleProblem(rule.file, rule.line, rule.id, f"failed while evaluating: {error!r}.")
            )
            continue
        targets = hidden.get(rule.id)
        if targets:
            kept = [hit for hit in hits if _target_text(hit[0]) not in targets]
            snoozed += len(hits) - len(kept)
            hits = kept
        if hits:
            found.append(Hits(rule, hits))
    return Evaluation(x, found, snoozed, problems)


def suggestion_for(rule_set: RuleSet, snapshot: Snapshot, today: date, key: str) -> Suggestion | None:
    """The suggestion with this key (`rule:target`, or `rule` for the journal) if it holds today,
    snoozed or not: one rule on one record, without evaluating the rest."""
    rule_id, _, target = key.strip().partition(":")
    rule = rule_set.get(rule_id)
    x = Context(snapshot, today)
    if rule is None or not rule.enabled or not rule.applies_in(x.phase_kind):
        return None
    kind = rule.about.kind
    if kind is None:
        record = None
        if target:
            return None
    else:
        try:
            ref = parse_ref(target, kind)
        except InvalidId:
            return None
        record = snapshot.get(ref)
        if record is None or (rule.about is Subject.PHASE and record is not x.phase):
            return None
    hits = rule.match((record,), x)
    return _suggest(rule, *hits[0], x) if hits else None


def bonus(margin: float) -> int:
    """One point per full week past the rule's day threshold, at most MAX_BONUS."""
    return min(MAX_BONUS, max(0, int(margin // 7))) if margin == margin else 0


def _order(suggestion: Suggestion) -> tuple[float, str, int]:
    return (-suggestion.score, suggestion.rule, 0 if suggestion.target is None else suggestion.target.number)


def _hit_number(hit: tuple[Any, float]) -> int:
    return 0 if hit[0] is None else hit[0].id


def _target_text(record: Any) -> str:
    return "" if record is None else str(record.ref)


def _active_snoozes(snapshot: Snapshot, today: date) -> dict[str, set[str]]:
    active: dict[str, set[str]] = {}
    for snooze in snapshot.snoozes.values():
        if snooze.active_on(today):
            active.setdefault(snooze.rule, set()).add(snooze.target)
    return active


def _suggest(rule: Rule, record: Any, margin: float, x: Context) -> Suggestion:
    target = None if record is None else record.ref
    return Suggestion(
        rule=rule.id,
        key=rule.id if target is None else f"{rule.id}:{target}",
        target=target,
        action=rule.do,
        message=rule.say.render(record, x),
        weight=rule.weight,
        score=rule.weight + bonus(margin),
        _explain=partial(explain, rule, record, x),
    )


def explain(rule: Rule, record: Any, x: Context) -> Reason:
    """The rule, its condition, and each clause with the fact values it read (for any record, also one
    the rule does not match: that is how `why p12` says why nothing fires)."""
    parts = tuple(
        Clause(
            text, bool(check(record, x)), {name: fact_getter(rule.about, name)(record, x) for name in used}
        )
        for text, check, used in rule.clause_parts()
    )
    margin = max((_past(rule, t, record, x) for t in rule.thresholds), default=0.0)
    return Reason(rule.id, rule.when, parts, {"weight": rule.weight, "weeks past threshold": bonus(margin)})


def _past(rule: Rule, threshold: Threshold, record: Any, x: Context) -> float:
    value = fact_getter(rule.about, threshold.fact)(record, x)
    return value - threshold.limit if threshold.above else threshold.limit - value
