"""Reading a rule file: safe YAML, line numbers kept, duplicate keys and YAML 1.1 surprises caught.

The loader is a subclass of PyYAML's SafeLoader (the C one when libyaml is there), so only plain
tags are constructed: `!!python/object` and friends are refused. Its implicit typing follows YAML
1.2's core schema instead of 1.1's: only `true`/`false` are booleans (`on`, `NO`, `y` stay text),
`12:30` is text (not the sexagesimal 750), and dates stay text. Each rule is built on its own from the
node tree, so one bad rule (a duplicate key, a strange tag) is reported with its line and skipped.
"""

from __future__ import annotations

import re
import reprlib
from typing import Any, NamedTuple

import yaml

from .model import RuleProblem

MAX_FILE_BYTES = 1_000_000

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleLoader(_Base):  # type: ignore[misc, valid-type]
    pass


_KEEP = "tag:yaml.org,2002:null"
RuleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _KEEP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
RuleLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
RuleLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
RuleLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$"),
    list("-+.0123456789"),
)


class RawRule(NamedTuple):
    """One rule as written: its fields, where it is, and the line of each field."""

    file: str
    line: int
    fields: dict[str, Any]
    lines: dict[str, int]

    @property
    def id(self) -> str | None:
        value = self.fields.get("id")
        return value if isinstance(value, str) else None


def read_rules(text: str, file: str) -> tuple[list[RawRule], list[RuleProblem]]:
    """The rules of one file, and a problem for each part that could not be read."""
    if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        return [], [RuleProblem(file, None, None, f"the file is larger than {MAX_FILE_BYTES:,} bytes.")]
    loader = RuleLoader(text)
    try:
        return _read_nodes(loader, text, file)
    finally:
        loader.dispose()


def _read_nodes(loader: Any, text: str, file: str) -> tuple[list[RawRule], list[RuleProblem]]:
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        return [], [RuleProblem(file, _line(error, text), None, f"not valid YAML: {_problem(error)}.")]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        line = root.start_mark.line + 1
        return [], [
            RuleProblem(file, line, None, "a rule file is a list of rules, each starting with `- id:`.")
        ]
    rules: list[RawRule] = []
    problems: list[RuleProblem] = []
    for node in root.value:
        rule, problem = _read_rule(loader, node, file)
        if rule is not None:
            rules.append(rule)
        if problem is not None:
            problems.append(problem)
    return rules, problems


def _read_rule(loader: Any, node: yaml.Node, file: str) -> tuple[RawRule | None, RuleProblem | None]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return None, RuleProblem(file, line, None, "each rule is a mapping of fields, starting with `id:`.")
    rule_id = _peek_id(node)
    try:
        loader.flatten_mapping(node)
        fields: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                return None, RuleProblem(file, key_line, rule_id, f"the field name {brief(key)} is not text.")
            if key in fields:
                return None, RuleProblem(
                    file,
                    key_line,
                    rule_id,
                    f"the field `{key}` appears twice (lines {lines[key]} and {key_line}).",
                )
            fields[key] = loader.construct_object(value_node, deep=True)
            lines[key] = key_line
    except yaml.YAMLError as error:
        return None, RuleProblem(file, _line(error) or line, rule_id, f"{_problem(error)}.")
    return RawRule(file, line, fields, lines), None


_BRIEF = reprlib.Repr()
_BRIEF.maxlevel, _BRIEF.maxlist, _BRIEF.maxdict, _BRIEF.maxstring, _BRIEF.maxother = 2, 4, 4, 40, 40


def brief(value: object) -> str:
    """A short repr for messages: a YAML alias bomb must not be spelled out in full."""
    return _BRIEF.repr(value)


def _peek_id(node: yaml.MappingNode) -> str | None:
    for key_node, value_node in node.value:
        if (
            isinstance(key_node, yaml.ScalarNode)
            and key_node.value == "id"
            and isinstance(value_node, yaml.ScalarNode)
        ):
            return value_node.value
    return None


def _line(error: yaml.YAMLError, text: str = "") -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return mark.line + 1
    if isinstance(error, yaml.reader.ReaderError):  # a bad character: it knows its offset only
        return text.count("\n", 0, error.position) + 1
    return None


def _problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.reader.ReaderError):
        return f"character #x{error.character:04x} is not allowed in a rule file"
    problem = getattr(error, "problem", None) or str(error).split("\n", 1)[0]
    if "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit("tag", 1)[-1].strip(" '")
        return f"the tag {tag} is not allowed: rule files hold only text, numbers, true/false and lists"
    return problem.rstrip(".")
