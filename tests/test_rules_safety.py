"""Nothing in a rule file can run code, touch files or exhaust memory; every refusal is one clear sentence."""

from __future__ import annotations

import ast
from datetime import date, datetime
from typing import get_type_hints

import pytest

from dualtui.domain import Build, Paper, PaperStatus, Snapshot
from dualtui.rules.checker import ConditionError, parse
from dualtui.rules.codegen import matcher_code, matcher_tree
from dualtui.rules.compiled import CODE_GLOBALS
from dualtui.rules.compiler import parse_template
from dualtui.rules.engine import build_rule_set
from dualtui.rules.facts import CATALOGUE, RECORD_CLASSES, Context, FactType, Subject
from dualtui.rules.texts import default_rules_text

ESCAPES = {
    '__import__("os").system("touch /tmp/pwned")': "calling a function is not allowed",
    "().__class__.__bases__": "attribute access is not allowed",
    "().__class__.__bases__[0].__subclasses__()": "calling a function is not allowed",
    "title.__class__": "attribute access is not allowed",
    'open("/etc/passwd")': "calling a function is not allowed",
    '"a" * 10**10': "`**` is not allowed",
    '"a" * 1000000000 == ""': "`*` works on numbers only",
    "tags[0] == 'x'": "indexing or slicing",
    "[x for x in tags]": "a comprehension is not allowed",
    "(lambda: 1) == 1": "a lambda is not allowed",
    "__builtins__ == 1": "names with double underscores are not allowed",
    "(y := 3) == 3": "an assignment expression",
    "f'{title}' == ''": "an f-string is not allowed",
    "build_count == 99999999999999999999999": "too large",
    "1e400 > 0": "too large",
    "-" * 60 + "1 == 1": "nested too deeply",
    "not " * 60 + "True": "nested too deeply",
    "(" * 300 + "1" + ")" * 300: "not valid syntax",
    " and ".join(["0<1"] * 120): "too long",
    "build_count == 0 or " * 60 + "True": "1000",
}


@pytest.mark.parametrize("condition", list(ESCAPES))
def test_classic_escapes_are_refused_at_load_with_a_clear_sentence(condition: str, tmp_path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(ConditionError) as refused:
        parse(condition.replace("/tmp/pwned", str(marker)), Subject.PAPERS)
    message = str(refused.value)
    assert ESCAPES[condition] in message
    assert message.count(".") >= 1 and "\n" not in message
    assert not marker.exists()


TYPE_MISTAKES = {
    "tags > 3": "compare numbers only, but `tags` is a list of text",
    "status == 3": "cannot be equal",
    'status == "raed"': '`status` is never "raed": it is one of "queued", "reading", "read", "dropped"',
    "build_count": "must be true or false, but `build_count` is a number",
    "build_count and True": "both sides of `and` must be true or false",
    "not title": "`not` needs something true or false",
    "title < 'b'": "compare numbers only",
    "days_since_added / 0 > 1": "a number other than 0",
    "days_since_added % build_count > 1": "a number other than 0",
    "3 in tags": "`in` looks for a text",
    'status in ("read", 3)': "mixes in a value of another type",
    "bild_count == 0": "Did you mean `build_count`?",
    "days_since_added is None": "`is` (use `==`)",
    "build_count == None": "`None` is not a value",
    "build_count == true": "write True or False",
}


@pytest.mark.parametrize("condition", list(TYPE_MISTAKES))
def test_type_mistakes_and_unknown_names_are_load_time_errors(condition: str) -> None:
    with pytest.raises(ConditionError, match=None) as refused:
        parse(condition, Subject.PAPERS)
    assert TYPE_MISTAKES[condition] in str(refused.value)


ORDINARY = {
    'status == "read" and build_count == 0 and days_since_finished >= 7': (
        "lambda rs, x: [(r, _m0 - 7) for r in rs if r.status == 'read' and x.paper_build_count(r) == 0"
        " and ((_m0 := x.days_since(r.finished)) >= 7)]"
    ),
    '"ml" in tags and not (priority < 2 or tag_count > 5)': (
        "lambda rs, x: [(r, 0) for r in rs if 'ml' in r.tags"
        " and (not (r.priority < 2 or x.tag_count(r) > 5))]"
    ),
    'status in ["read", "reading"] and 0 <= days_since_added // 7 < 4': (
        "lambda rs, x: [(r, 0) for r in rs if r.status in ['read', 'reading']"
        " and 0 <= x.days_since(r.added) // 7 < 4]"
    ),
    "-days_since_added + 3 * priority != 0.5": (
        "lambda rs, x: [(r, 0) for r in rs if -x.days_since(r.added) + 3 * r.priority != 0.5]"
    ),
    "year >= 2017": "lambda rs, x: [(r, 0) for r in rs if x.or_none(r.year) >= 2017]",
}
# Which of the papers below each condition matches, and its margin past its day threshold.
ORDINARY_MATCHES = {
    'status == "read" and build_count == 0 and days_since_finished >= 7': [(1, 3)],
    '"ml" in tags and not (priority < 2 or tag_count > 5)': [(2, 0)],
    'status in ["read", "reading"] and 0 <= days_since_added // 7 < 4': [(1, 0), (3, 0)],
    "-days_since_added + 3 * priority != 0.5": [(1, 0), (2, 0), (3, 0)],
    "year >= 2017": [(2, 0)],
}


@pytest.mark.parametrize("condition", list(ORDINARY))
def test_ordinary_conditions_compile_to_one_comprehension_over_fields_and_context_methods(
    condition: str,
) -> None:
    tree = parse(condition, Subject.PAPERS)
    assert ast.unparse(tree) == ast.unparse(ast.parse(condition, mode="eval"))  # checked, unchanged
    assert ast.unparse(matcher_tree(condition, Subject.PAPERS)) == ORDINARY[condition]
    journal = Snapshot()
    day = datetime(2026, 11, 1)
    journal.papers[1] = Paper(1, "read, nothing built", day, status=PaperStatus.READ, finished=day, year=2001)
    journal.papers[2] = Paper(2, "tagged", day, tags=["ml"], priority=3, year=2017)
    journal.papers[3] = Paper(3, "built", day, status=PaperStatus.READ, finished=day)
    journal.builds[1] = Build(1, "from p3", day, paper_ids=[3])
    match = eval(matcher_code(condition, Subject.PAPERS), dict(CODE_GLOBALS))
    found = match(journal.papers.values(), Context(journal, date(2026, 11, 11)))
    assert [(paper.id, margin) for paper, margin in found] == ORDINARY_MATCHES[condition]


_RETURNS = {FactType.NUMBER: int, FactType.DAYS: float, FactType.BOOL: bool, FactType.TEXT: str}


@pytest.mark.parametrize("subject", list(Subject))
def test_every_fact_reads_a_field_of_its_record_or_a_typed_method_of_the_context(subject: Subject) -> None:
    record = RECORD_CLASSES[subject]
    for fact in CATALOGUE[subject].values():
        source = fact.source
        if source.method is None:
            assert record is not None and source.field in record.__slots__, fact.name
            continue
        hints = get_type_hints(getattr(Context, source.method))
        wanted = float if fact.optional else _RETURNS.get(fact.type, list[str])
        assert hints["return"] == wanted, fact.name
        if source.field is not None:
            assert record is not None and source.field in record.__slots__, fact.name
        arguments = [name for name in hints if name != "return"]
        assert len(arguments) == (0 if subject is Subject.JOURNAL else 1), fact.name


@pytest.mark.parametrize(
    ("say", "problem"),
    [
        ("{title.__class__}", "only bare fact names"),
        ("{title.__class__.__mro__}", "only bare fact names"),
        ("{tags[0]}", "only bare fact names"),
        ("{title!r}", "only bare fact names"),
        ("{title:>99999999}", "only bare fact names"),
        ("{}", "only bare fact names"),
        ("{0}", "only bare fact names"),
        ("{secret}", "not a fact here"),
        ("{title", "unbalanced braces"),
    ],
)
def test_say_templates_cannot_reach_attributes_or_pad_memory(say: str, problem: str) -> None:
    with pytest.raises(ConditionError) as refused:
        parse_template(say, Subject.PAPERS)
    assert problem in str(refused.value)


def rules_from(text: str):
    return build_rule_set(default_rules_text(), "default.yaml", (text, "mine.yaml"))


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object:os.system {{}}",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_yaml_python_tags_construct_nothing(tag: str, tmp_path) -> None:
    marker = tmp_path / "pwned"
    text = f"- id: evil\n  about: journal\n  when: {tag.format(marker=marker)}\n  say: hi\n"
    rule_set = rules_from(text)
    assert not marker.exists()
    assert rule_set.get("evil") is None
    [problem] = rule_set.problems
    assert problem.file == "mine.yaml" and problem.line == 3 and problem.rule == "evil"
    assert "is not allowed: rule files hold only text, numbers, true/false and lists" in problem.message
    assert len(rule_set.rules) == 19  # the defaults still run


def test_fact_sources_cannot_collide_with_the_names_the_compiler_uses() -> None:
    reserved = {"r", "x", "rs", "CONDITION", "MARGIN", *CODE_GLOBALS}
    for facts in CATALOGUE.values():
        assert not reserved & set(facts)


@pytest.mark.parametrize("text", ["a\x00 == 1", "\ud800 == 1", 'status == "\ud800"'])
def test_text_that_cannot_be_source_or_printed_is_refused(text: str) -> None:
    with pytest.raises(ConditionError, match="not valid"):
        parse(text, Subject.PAPERS)
    with pytest.raises(ConditionError, match="not valid text"):
        parse_template("\ud800", Subject.PAPERS)
