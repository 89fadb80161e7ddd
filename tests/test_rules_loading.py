"""Rule files: safe YAML with lines kept, YAML 1.1 surprises caught, defaults overridden by id, and a
bad rule skipped with its file, line and id while everything else runs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dualtui.rules.engine import build_rule_set, load_rules
from dualtui.rules.texts import default_rules_text

DEFAULT_COUNT = 19


def rules_from(text: str):
    return build_rule_set(default_rules_text(), "default.yaml", (text, "mine.yaml"))


def only_problem(rule_set) -> str:
    [problem] = rule_set.problems
    return str(problem)


NEW_RULE = '- id: {id}\n  about: papers\n  when: status == "queued"\n  say: "Read {{title}}"\n'


def test_the_default_rules_load_without_problems_and_cover_the_practice() -> None:
    rule_set = load_rules()
    assert rule_set.problems == []
    assert len(rule_set.rules) == DEFAULT_COUNT
    assert all(rule.enabled and rule.file == "default.yaml" and rule.line > 0 for rule in rule_set.rules)


def test_a_user_rule_is_added_and_a_default_is_overridden_field_by_field_or_disabled() -> None:
    rule_set = rules_from(
        NEW_RULE.format(id="read-queued")
        + "- id: paper-read-no-build\n  weight: 95\n  phases: [research, production]\n"
        + "- id: too-much-reading\n  enabled: false\n"
    )
    assert rule_set.problems == []
    assert len(rule_set.rules) == DEFAULT_COUNT + 1
    overridden = rule_set.get("paper-read-no-build")
    assert overridden.weight == 95 and overridden.phases == {"research", "production"}
    assert overridden.when.startswith('status == "read"') and overridden.file == "mine.yaml"
    assert rule_set.get("too-much-reading").enabled is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '- id: twice\n  about: papers\n  when: status == "read"\n  when: build_count == 0\n  say: x\n',
            "mine.yaml:4: rule “twice”: the field `when` appears twice (lines 3 and 4).",
        ),
        (
            NEW_RULE.format(id="same") + NEW_RULE.format(id="same"),
            "mine.yaml:5: rule “same”: the id is already used at line 1.",
        ),
        (
            '- id: typo\n  about: papers\n  when: status == "read"\n  sya: x\n',
            "mine.yaml:4: rule “typo”: unknown field `sya`",
        ),
        ("- id: lonely\n  about: papers\n", "mine.yaml:1: rule “lonely”: `when` is missing"),
        (
            NEW_RULE.format(id="heavy") + "  weight: 12:30\n",
            "mine.yaml:5: rule “heavy”: `weight` is '12:30'; it must be a number from 0 to 1000.",
        ),
        (NEW_RULE.format(id="neg") + "  weight: -1\n", "`weight` is -1"),
        (NEW_RULE.format(id="yes") + "  weight: yes\n", "`weight` is 'yes'"),
        (
            NEW_RULE.format(id="when-on") + "  phases: [on]\n",
            "`phases` is ['on']; it must be a list of research",
        ),
        (NEW_RULE.format(id="fly") + "  do: fly\n", "`do` is 'fly'; it must be one of build-from-paper"),
        (
            NEW_RULE.format(id="maybe") + "  enabled: maybe\n",
            "`enabled` is 'maybe'; it must be true or false",
        ),
        (NEW_RULE.format(id="Bad Id"), "`id` must be lower-case letters"),
        ("rules:\n  - id: x\n", "mine.yaml:1: a rule file is a list of rules"),
        ("- id: broken\n  when: [unclosed\n", "mine.yaml:3: not valid YAML"),
        ("- id: bell\n  say: a\x07b\n", "mine.yaml:2: not valid YAML: character #x0007 is not allowed"),
    ],
)
def test_each_bad_rule_is_one_problem_naming_file_line_and_id_and_the_defaults_still_run(
    text, expected
) -> None:
    rule_set = rules_from(text)
    assert expected in only_problem(rule_set)
    assert len([r for r in rule_set.rules if r.file == "default.yaml"]) == DEFAULT_COUNT


def test_yaml_1_1_words_stay_text_where_text_is_meant_and_are_read_as_meant_for_enabled() -> None:
    rule_set = rules_from(
        '- id: no\n  about: journal\n  when: phase_kind == "none"\n  say: on\n'
        "- id: too-much-reading\n  enabled: off\n"
        "- id: nothing-logged\n  enabled: NO\n"
        "- id: build-stuck\n  enabled: False\n"
    )
    assert rule_set.problems == []
    assert rule_set.get("no").say.parts == ("on",)
    assert [rule_set.get(i).enabled for i in ("too-much-reading", "nothing-logged", "build-stuck")] == [
        False
    ] * 3


def test_a_broken_override_is_reported_and_the_default_keeps_running() -> None:
    rule_set = rules_from("- id: nothing-logged\n  when: days_since_last_entry >= 'seven'\n")
    assert "mine.yaml:2: rule “nothing-logged”: `when`:" in only_problem(rule_set)
    kept = rule_set.get("nothing-logged")
    assert kept.file == "default.yaml" and kept.when == "days_since_last_entry >= 7"


def test_a_yaml_alias_bomb_is_refused_quickly_without_spelling_it_out() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [
        f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]"
        for n in range(1, 10)
    ]
    text = (
        "- id: bomb\n  about: journal\n  "
        + "\n  ".join(lines)
        + '\n  say: boom\n  when: phase_kind == "none"\n'
    )
    text += "  phases: *a9\n"
    started = time.perf_counter()
    rule_set = rules_from(text)
    assert time.perf_counter() - started < 2
    problem = only_problem(rule_set)
    assert len(problem) < 300 and "rule “bomb”" in problem


def test_a_missing_named_file_is_a_problem_but_a_missing_default_place_is_fine(tmp_path: Path) -> None:
    assert load_rules(tmp_path / "absent.yaml").problems == []
    named = load_rules(tmp_path / "absent.yaml", required=True)
    assert "absent.yaml: the rule file does not exist." in only_problem(named)
    assert len(named.rules) == DEFAULT_COUNT


def test_a_file_that_is_not_text_is_a_problem(tmp_path: Path) -> None:
    binary = tmp_path / "rules.yaml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    assert "cannot be read" in only_problem(load_rules(binary))
