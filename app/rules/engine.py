"""Loading a rule set (defaults plus the user's file) and evaluating it against a snapshot.

Rules come compiled from the cache when their texts and the code are unchanged (cache.py), else from
the compiler, which only then is imported (compiler.py): evaluating needs none of it.

Score of a suggestion = the rule's weight + one point per full week an item is past the rule's
day threshold (a clause like `days_since_finished >= 7` of a top-level `and`), at most 20 points.
Suggestions are ordered best first: the best suggestion of each rule, then all the others, each
group by score, then rule id, then item number; `next` shows the first group, `next --all` the whole
list, and the numbers of both agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import Any, NamedTuple

from dualtui.domain import InvalidId, Snapshot, collector, parse_ref
from dualtui.domain.links import LinkIndex

from . import cache
from .compiled import CODE_GLOBALS, Compiled, CompiledRule
from .facts import Context, Subject, items
from .model import Clause, Reason, RuleProblem, Suggestion
from .template import Template
from .texts import DEFAULT_FILE, RuleTexts, read_rule_texts

MAX_BONUS = 20

# `match(records, context)` -> [(record, margin)]: the matching records, and how far past its day
# thresholds each one is (0 for a rule without any).
Matcher = Callable[[Iterable[Any], Context], list[tuple[Any, float]]]
Getter = Callable[[Any, Context], Any]


class Rule(NamedTuple):
    id: str
    about: Subject
    when: str
    say: Template
    do: str | None
    weight: float
    phases: frozenset[str]
    enabled: bool
    loop: str
    file: str
    line: int
    match: Matcher
    # (fact, limit, above): a clause like `days_since_finished >= 7`, whose margin adds to the score.
    thresholds: tuple[tuple[str, float, bool], ...]
    # (text, getter, fact names): each operand of the condition's top-level `and`/`or`.
    clauses: tuple[tuple[str, Getter, tuple[str, ...]], ...]
    # Every fact the condition or the message reads.
    getters: dict[str, Getter]

    def applies_in(self, phase_kind: str) -> bool:
        return not self.phases or phase_kind in self.phases


class RuleSet(NamedTuple):
    rules: list[Rule]
    problems: list[RuleProblem]
    files: list[str]

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def load_rules(
    user_file: Path | None = None,
    *,
    required: bool = False,
    cache_folder: Path | None = None,
    texts: RuleTexts | None = None,
) -> RuleSet:
    """The default rules, with the user's file (if any) adding, overriding or disabling by id.

    A missing user file is fine unless `required` (the user named it); anything wrong with it is a
    problem in the result, never an exception. With a `cache_folder`, rules compiled by an earlier
    run from the same texts are taken from there (see cache.py), and rules compiled now are kept.
    `texts`: the files as `read_rule_texts` read them already."""
    if texts is None:
        texts = read_rule_texts(user_file, required=required)
    stored = None if cache_folder is None else cache.load(cache_folder, texts.key)
    if stored is not None:
        compiled = Compiled.from_plain(stored)
    else:
        from .compiler import compile_rules

        compiled = compile_rules(texts.default_text, DEFAULT_FILE, texts.user)
        if cache_folder is not None:
            cache.save(cache_folder, texts.key, compiled.plain())
    rules = rule_set(compiled)
    rules.problems[:0] = texts.problems
    return rules


def build_rule_set(default_text: str, default_name: str, user: tuple[str, str] | None) -> RuleSet:
    """Rules compiled from texts, never cached: for checking and tests."""
    from .compiler import compile_rules

    return rule_set(compile_rules(default_text, default_name, user))


def rule_set(compiled: Compiled) -> RuleSet:
    """Rules from the compiler's output: its code objects become functions over CODE_GLOBALS."""
    # One copy of the globals for all of them: a rule's code cannot assign a global.
    namespace = dict(CODE_GLOBALS)
    return RuleSet(
        [thaw_rule(rule, namespace) for rule in compiled.rules],
        [RuleProblem(*problem) for problem in compiled.problems],
        list(compiled.files),
    )


def thaw_rule(compiled: CompiledRule, namespace: dict[str, Any]) -> Rule:
    # Evaluating each code object only defines its function: the code is the compiler's, made from
    # conditions that passed its gates, fresh or read back from the user's own private cache.
    getters = {name: eval(code, namespace) for name, code in compiled.facts.items()}
    return Rule(
        id=compiled.id,
        about=Subject(compiled.about),
        when=compiled.when,
        say=Template(compiled.say, tuple(getters[name] for name in compiled.say[1::2])),
        do=compiled.do,
        weight=compiled.weight,
        phases=compiled.phases,
        enabled=compiled.enabled,
        loop=compiled.loop,
        file=compiled.file,
        line=compiled.line,
        match=eval(compiled.matcher, namespace),
        thresholds=compiled.thresholds,
        clauses=tuple((text, eval(code, namespace), used) for text, code, used in compiled.clauses),
        getters=getters,
    )


# Evaluation


class Hits(NamedTuple):
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
        best = [make_suggestion(h.rule, *h.best(), self.context) for h in self.hits]
        best.sort(key=_order)
        return best

    @cached_property
    def suggestions(self) -> list[Suggestion]:
        leaders = {s.key for s in self.leading}
        rest = [
            suggestion
            for h in self.hits
            for record, margin in h.found
            if (suggestion := make_suggestion(h.rule, record, margin, self.context)).key not in leaders
        ]
        rest.sort(key=_order)
        return self.leading + rest


def evaluate(
    rule_set: RuleSet,
    snapshot: Snapshot,
    today: date,
    *,
    respect_snoozes: bool = True,
    respect_phases: bool = True,
    links: LinkIndex | None = None,
) -> Evaluation:
    """Run every enabled rule of the open phase's kind over the snapshot, as of `today`.
    `respect_phases=False`: the rules of the other phases' kinds too (the weekly review says which
    loops wait for their phase). `links`: the snapshot's link index, if the caller has one."""
    # Evaluation makes many small acyclic objects; a cyclic-GC pass triggered by them would walk the
    # whole journal in memory (measured: +60% at 100,000 records), so it waits until we are done.
    with collector.paused():
        return _evaluate(rule_set, Context(snapshot, today, links), respect_snoozes, respect_phases)


def _evaluate(rule_set: RuleSet, x: Context, respect_snoozes: bool, respect_phases: bool) -> Evaluation:
    snapshot, today = x.snapshot, x.today
    hidden = _active_snoozes(snapshot, today) if respect_snoozes else {}
    found: list[Hits] = []
    problems: list[RuleProblem] = []
    snoozed = 0
    phase_kind = x.phase_kind()
    for rule in rule_set.rules:
        if not rule.enabled or (respect_phases and not rule.applies_in(phase_kind)):
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
    if rule is None or not rule.enabled or not rule.applies_in(x.phase_kind()):
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
    return make_suggestion(rule, *hits[0], x) if hits else None


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


def make_suggestion(rule: Rule, record: Any, margin: float, x: Context) -> Suggestion:
    target = None if record is None else record.ref
    return Suggestion(
        rule=rule.id,
        key=rule.id if target is None else f"{rule.id}:{target}",
        target=target,
        action=rule.do,
        message=rule.say.render(record, x),
        weight=rule.weight,
        score=rule.weight + bonus(margin),
        explainer=partial(explain, rule, record, x),
    )


def explain(rule: Rule, record: Any, x: Context) -> Reason:
    """The rule, its condition, and each clause with the fact values it read (for any record, also one
    the rule does not match: that is how `why p12` says why nothing fires)."""
    getters = rule.getters
    parts = tuple(
        Clause(text, bool(check(record, x)), {name: getters[name](record, x) for name in used})
        for text, check, used in rule.clauses
    )
    margin = max(
        (_past(getters[fact](record, x), limit, above) for fact, limit, above in rule.thresholds), default=0.0
    )
    return Reason(rule.id, rule.when, parts, {"weight": rule.weight, "weeks past threshold": bonus(margin)})


def _past(value: float, limit: float, above: bool) -> float:
    return value - limit if above else limit - value
