"""The code generator: a checked condition (checker.py) made code over the records.

The fact names of the condition are replaced by each fact's source (facts.py): a field of the record,
`r.title`, or a method of the evaluation context, `x.paper_build_count(r)`. The whole rule becomes one
list comprehension over the records, yielding each match with its margin past the rule's day
thresholds; each clause and each fact the rule reads becomes a small function of its own, for the
reasons and the message. User text never reaches `eval`: the trees are the app's own templates around
a condition that passed the checker's three gates, with the app's own sources spliced in.

Compiling yields code objects, not functions: they are cached (`cache.py`), and the engine makes them
functions over `compiled.CODE_GLOBALS`. This module is imported only when rules are compiled.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from functools import cache
from types import CodeType
from typing import NamedTuple

from .checker import ORDERING
from .facts import CATALOGUE, FactType, Source, Subject

_COMPREHENSION = "lambda rs, x: [(r, MARGIN) for r in rs if CONDITION]"
_GETTER = "lambda r, x: CONDITION"


def _fresh(source: str) -> ast.expr:
    # Parsing again is several times faster than copy.deepcopy of the tree, and splicing needs a copy.
    return ast.parse(source, "<rule>", "eval").body


class _Splice(ast.NodeTransformer):
    """Replaces names: fact names with their sources, or a template's placeholders with expressions."""

    def __init__(self, replace: Callable[[str], ast.expr | None]) -> None:
        self.replace = replace

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return self.replace(node.id) or node


def _fill(template: str, holes: dict[str, ast.expr], subject: Subject) -> ast.Expression:
    """A template whose holes hold expressions (owned by the caller, changed in place) whose fact
    names are replaced by the facts' sources."""
    facts = CATALOGUE[subject]

    def fact_source(name: str) -> ast.expr | None:
        fact = facts.get(name)
        return None if fact is None else source_tree(fact.source, subject)

    filled = {hole: _Splice(fact_source).visit(expr) for hole, expr in holes.items()}
    return ast.Expression(_Splice(filled.get).visit(_fresh(template)))


def source_tree(source: Source, subject: Subject) -> ast.expr:
    """A fact's source as an expression over `r` and `x`: `r.title`, `x.paper_build_count(r)`,
    `x.days_since(r.finished)`, or `x.streak_days()` for a fact about the whole journal."""
    if source.method is None:
        assert source.field is not None
        return _record_field(source.field)
    if subject is Subject.JOURNAL:
        arguments: list[ast.expr] = []
    else:
        arguments = [
            _placed(ast.Name("r", ast.Load())) if source.field is None else _record_field(source.field)
        ]
    call = ast.Attribute(_placed(ast.Name("x", ast.Load())), source.method, ast.Load())
    return _placed(ast.Call(_placed(call), arguments, []))


def _record_field(name: str) -> ast.expr:
    return _placed(ast.Attribute(_placed(ast.Name("r", ast.Load())), name, ast.Load()))


def matcher_tree(condition: str, subject: Subject) -> ast.Expression:
    """A checked condition as one comprehension, `matcher(records, context)` -> [(record, margin)],
    also yielding each match's margin past its day thresholds (0 for a rule without any). A
    threshold's fact is computed once: the condition keeps its value (`:=`) for the margin."""
    tree = ast.Expression(_fresh(condition.strip()))
    limits = thresholds(tree, subject)
    kept = {id(limit.node): f"_m{index}" for index, limit in enumerate(limits)}
    condition_tree = _Keep(kept).visit(tree.body)
    margin = _margin([(ast.Name(kept[id(limit.node)], ast.Load()), limit) for limit in limits])
    return _fill(_COMPREHENSION, {"CONDITION": condition_tree, "MARGIN": margin}, subject)


def matcher_code(condition: str, subject: Subject) -> CodeType:
    return _compile(matcher_tree(condition, subject))


def _compile(tree: ast.Expression) -> CodeType:
    # Evaluating the code only defines the function (see the module's docstring).
    return compile(tree, "<rule>", "eval")


class _Keep(ast.NodeTransformer):
    def __init__(self, kept: dict[int, str]) -> None:
        self.kept = kept

    def visit_Name(self, node: ast.Name) -> ast.AST:
        variable = self.kept.get(id(node))
        return (
            node
            if variable is None
            else _placed(ast.NamedExpr(_placed(ast.Name(variable, ast.Store())), node))
        )


def _margin(terms: list[tuple[ast.Name, Threshold]]) -> ast.expr:
    parts: list[ast.expr] = []
    for value, limit in terms:
        bound = _placed(ast.Constant(limit.limit))
        _placed(value)
        parts.append(
            _placed(ast.BinOp(value, ast.Sub(), bound) if limit.above else ast.BinOp(bound, ast.Sub(), value))
        )
    if not parts:
        return _placed(ast.Constant(0))
    if len(parts) == 1:
        return parts[0]
    return _placed(ast.Call(_placed(ast.Name("max", ast.Load())), parts, []))


def _placed(node: ast.expr) -> ast.expr:
    # Nodes made here need a position to compile; every parsed node already has one, so the
    # whole-tree walk of ast.fix_missing_locations is not needed.
    node.lineno = node.end_lineno = 1
    node.col_offset = node.end_col_offset = 0
    return node


def getter_code(expression: ast.expr, subject: Subject) -> CodeType:
    """A part of a checked condition (a clause), or a fact name, as `getter(record, context)`."""
    return _compile(_fill(_GETTER, {"CONDITION": copy.deepcopy(expression)}, subject))


@cache
def fact_code(subject: Subject, name: str) -> CodeType:
    return getter_code(ast.Name(name, ast.Load()), subject)


def clauses(tree: ast.Expression) -> list[ast.expr]:
    """The parts a reason lists: the operands of a top-level `and`/`or`, or the whole condition."""
    body = tree.body
    return list(body.values) if isinstance(body, ast.BoolOp) else [body]


def names(node: ast.AST) -> list[str]:
    """Fact names in a condition or clause, in order of appearance, each once."""
    return list(dict.fromkeys(n.id for n in ast.walk(node) if isinstance(n, ast.Name)))


class Threshold(NamedTuple):
    """A clause like `days_since_finished >= 7`: how far past it an item is adds to its score."""

    fact: str
    limit: float
    above: bool
    # The fact's name node in the tree it was found in: the matcher keeps the value it computes there.
    node: ast.Name


def thresholds(tree: ast.Expression, subject: Subject) -> list[Threshold]:
    body = tree.body
    if isinstance(body, ast.BoolOp) and not isinstance(body.op, ast.And):
        return []
    found = []
    facts = CATALOGUE[subject]
    for clause in clauses(tree):
        if not (
            isinstance(clause, ast.Compare) and len(clause.ops) == 1 and isinstance(clause.ops[0], ORDERING)
        ):
            continue
        left, right, op = clause.left, clause.comparators[0], clause.ops[0]
        above = isinstance(op, ast.Gt | ast.GtE)
        if isinstance(right, ast.Name) and not isinstance(left, ast.Name):
            left, right, above = right, left, not above
        limit = _constant_number(right)
        if isinstance(left, ast.Name) and facts[left.id].type is FactType.DAYS and limit is not None:
            found.append(Threshold(left.id, limit, above, left))
    return found


def _constant_number(node: ast.AST) -> float | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant_number(node.operand)
        return None if inner is None else -inner
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return node.value
    return None
