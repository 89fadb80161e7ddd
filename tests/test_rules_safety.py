"""Nothing in a rule file can run code, touch files or exhaust memory; every refusal is one clear sentence."""

from __future__ import annotations

import pytest

from dualtui.rules.compiler import parse_template
from dualtui.rules.conditions import ConditionError, parse
from dualtui.rules.engine import build_rule_set, default_rules_text
from dualtui.rules.facts import CATALOGUE, SOURCE_GLOBALS, Subject

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


@pytest.mark.parametrize(
    "condition",
    [
        'status == "read" and build_count == 0 and days_since_finished >= 7',
        '"ml" in tags and not (priority < 2 or tag_count > 5)',
        'status in ["read", "reading"] and 0 <= days_since_added // 7 < 4',
        "-days_since_added + 3 * priority != 0.5",
        "year >= 2017",
    ],
)
def test_ordinary_conditions_pass(condition: str) -> None:
    parse(condition, Subject.PAPERS)


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
    assert len(rule_set.rules) == 15  # the defaults still run


def test_fact_sources_cannot_collide_with_the_names_the_compiler_uses() -> None:
    reserved = {"r", "x", "rs", "CONDITION", "MARGIN", *SOURCE_GLOBALS}
    for facts in CATALOGUE.values():
        assert not reserved & set(facts)


@pytest.mark.parametrize("text", ["a\x00 == 1", "\ud800 == 1", 'status == "\ud800"'])
def test_text_that_cannot_be_source_or_printed_is_refused(text: str) -> None:
    with pytest.raises(ConditionError, match="not valid"):
        parse(text, Subject.PAPERS)
    with pytest.raises(ConditionError, match="not valid text"):
        parse_template("\ud800", Subject.PAPERS)
