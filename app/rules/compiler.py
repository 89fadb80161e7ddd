"""Compiling rule files: YAML text in, checked and compiled rules out, in a form `marshal` can cache.

The defaults and the user's file are read (`yamlload`), merged by id, each field checked, each `when`
passed through the gates of `checker` and compiled by `codegen`, each `say` checked. The result holds only
what `marshal` writes (text, numbers, tuples, dicts, frozensets, code objects): the engine turns it
into rules (`engine.rule_set`), from here or from the cache. Only a cache miss imports this module,
and with it PyYAML, evalidate and the checker.
"""

from __future__ import annotations

import ast
import re
import string
from typing import Any

from .checker import ConditionError, check_text, parse
from .codegen import clauses, fact_code, getter_code, matcher_code, names, thresholds
from .compiled import Compiled, CompiledRule
from .facts import CATALOGUE, PHASE_KINDS, Subject
from .model import ACTIONS, RuleProblem
from .yamlload import RawRule, brief, read_rules

DEFAULT_WEIGHT = 50.0
MAX_WEIGHT = 1000
MAX_SAY = 500
FIELDS = ("id", "about", "when", "say", "do", "weight", "phases", "enabled", "loop")
MAX_LOOP = 60
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_YES = {"yes": True, "on": True, "y": True, "no": False, "off": False, "n": False}


class _FieldError(ValueError):
    def __init__(self, message: str, field_name: str | None = None) -> None:
        super().__init__(message)
        self.field = field_name


def compile_rules(default_text: str, default_name: str, user: tuple[str, str] | None) -> Compiled:
    """The default rules, with the user's (text, name), if any, adding, overriding or disabling by id.
    A bad rule is a problem naming its file, line and id; the others still compile."""
    rules: dict[str, CompiledRule] = {}
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
            rule_id = rule.id
            seen[rule_id] = raw.line
            rules[rule_id] = rule
            raws[rule_id] = RawRule(raw.file, raw.line, fields, raw.lines)
    order = {name: index for index, (_, name) in enumerate(sources)}
    problems.sort(key=lambda p: (order.get(p.file, -1), p.line or 0))
    return Compiled(tuple(rules.values()), tuple(map(tuple, problems)), tuple(name for _, name in sources))


def compile_rule(raw: RawRule, fields: dict[str, Any]) -> CompiledRule:
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
    subject = Subject(_choice(fields["about"], [s.value for s in Subject], "about"))
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
    when = fields["when"].strip()
    read = dict.fromkeys([*names(tree), *say[1::2]])
    return CompiledRule(
        id=rule_id,
        about=subject.value,
        when=when,
        say=say,
        do=action,
        weight=_weight(fields.get("weight", DEFAULT_WEIGHT)),
        phases=_phases(fields.get("phases")),
        enabled=_enabled(fields.get("enabled", True)),
        loop=_loop(fields.get("loop", "")),
        file=raw.file,
        line=raw.line,
        matcher=matcher_code(when, subject),
        thresholds=tuple((t.fact, t.limit, t.above) for t in thresholds(tree, subject)),
        clauses=tuple(
            (
                ast.get_source_segment(when, node) or ast.unparse(node),
                getter_code(node, subject),
                tuple(names(node)),
            )
            for node in clauses(tree)
        ),
        facts={name: fact_code(subject, name) for name in read},
    )


def parse_template(text: object, subject: Subject) -> tuple[str, ...]:
    """A `say` as literal text and fact names, alternating: (text, name, text, ..., text).

    Only a bare fact name may stand in braces: no attribute or index (`{title.__class__}`,
    `{tags[0]}`), no conversion (`!r`), no format spec (`:>99999`)."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("`say` must be the message to show, as text.")
    if len(text) > MAX_SAY:
        raise ConditionError(f"`say` is {len(text)} characters long; the limit is {MAX_SAY}.")
    check_text(text, "`say`")
    facts = CATALOGUE[subject]
    parts: list[str] = []
    literal = ""
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ConditionError(
            f"`say` has unbalanced braces ({error}); write {{{{ and }}}} for literal ones."
        ) from None
    for text_part, name, spec, conversion in pieces:
        literal += text_part
        if name is None:
            continue
        if conversion or spec:
            raise ConditionError(
                f"`say` may hold only bare fact names in braces, like {{title}}, not {{{name}…}}."
            )
        if name not in facts:
            if not name.isidentifier():
                raise ConditionError(
                    f"`say` may hold only bare fact names in braces, like {{title}}, not {{{name}}}."
                )
            raise ConditionError(
                f"`say` uses {{{name}}}, which is not a fact here. Facts: {', '.join(facts)}."
            )
        parts.extend((literal, name))
        literal = ""
    parts.append(literal)
    return tuple(parts)


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


def _loop(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_LOOP or "\n" in value:
        raise _FieldError(
            f"`loop` is {brief(value)}; it must be a name of up to {MAX_LOOP} characters, "
            "like “paper read, nothing built”.",
            "loop",
        )
    try:
        check_text(value, "`loop`")
    except ConditionError as error:
        raise _FieldError(str(error), "loop") from None
    return value.strip()


def _enabled(value: Any) -> bool:
    # Booleans are only true/false in the loader; yes/no/on/off are read as the field intends.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES:
        return _YES[value.strip().lower()]
    raise _FieldError(f"`enabled` is {brief(value)}; it must be true or false.", "enabled")
