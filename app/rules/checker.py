"""The checker: a rule's condition, a Python-syntax expression over the facts, checked at load.

Three gates stand between a rule's text and the interpreter:
1. size: at most MAX_LENGTH characters, MAX_NODES syntax nodes, MAX_DEPTH levels of nesting;
2. evalidate's whitelist of AST node types (no calls, attributes, subscripts, comprehensions,
   lambdas, f-strings, `**`): an independent, maintained gate, kept even though gate 3 also refuses
   all of these, so that one mistake in either does not open the door;
3. a type checker over the fact catalogue: every name is a known fact, every operation fits the types
   (no `tags > 3`, no `status == 3`, no text times a number), a text fact with a closed set of values is
   only compared with one of them, numbers are bounded, and the whole condition is true/false.

Only a tree that passed all three reaches the code generator (codegen.py). Evaluation cannot raise:
types are checked, division is by a non-zero literal only, a day count that does not apply is NaN,
and no literal is large. This module is imported only when rules are compiled.
"""

from __future__ import annotations

import ast
import math
from typing import NamedTuple

from evalidate import EvalModel, SafeAST, ValidationException

from .facts import CATALOGUE, Fact, FactType, Subject

MAX_LENGTH = 1000
MAX_NODES = 200
MAX_DEPTH = 24
MAX_NUMBER = 10**9
MAX_TEXT = 200
MAX_ITEMS = 50

# Gate 2. Every node type a condition may contain; anything else is refused by evalidate.
GATE = EvalModel(
    nodes=[
        "Expression", "Constant", "Name", "Load",
        "BoolOp", "And", "Or", "UnaryOp", "Not", "USub", "UAdd",
        "BinOp", "Add", "Sub", "Mult", "Div", "FloorDiv", "Mod",
        "Compare", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "In", "NotIn",
        "List", "Tuple", "Set",
    ],
)  # fmt: skip


class ConditionError(ValueError):
    """One sentence saying what is wrong with a condition (the loader adds file, line and rule id)."""


class Typed(NamedTuple):
    """What a node evaluates to, for the checker: a fact type, or a literal collection for `in`."""

    type: FactType | None  # None: a tuple/list/set literal
    fact: Fact | None = None
    literal: object = None
    items: tuple[object, ...] = ()


_REFUSED = {
    ast.Call: "calling a function",
    ast.Attribute: "attribute access (`.name`)",
    ast.Subscript: "indexing or slicing (`[...]`)",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.Lambda: "a lambda",
    ast.IfExp: "an `if ... else` expression",
    ast.JoinedStr: "an f-string",
    ast.NamedExpr: "an assignment expression (`:=`)",
    ast.Dict: "a dictionary",
    ast.Starred: "unpacking (`*`)",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}
_OPERATOR_WORDS = {
    ast.Pow: "`**`",
    ast.MatMult: "`@`",
    ast.LShift: "`<<`",
    ast.RShift: "`>>`",
    ast.BitOr: "`|`",
    ast.BitAnd: "`&`",
    ast.BitXor: "`^`",
    ast.Invert: "`~`",
    ast.Is: "`is` (use `==`)",
    ast.IsNot: "`is not` (use `!=`)",
}
ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


def parse(text: object, subject: Subject) -> ast.Expression:
    """Gates 1 to 3: the checked syntax tree of a condition, or a ConditionError."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("`when` must be a condition written as text, like `build_count == 0`.")
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"the condition is {len(text)} characters long; the limit is {MAX_LENGTH}.")
    check_text(text, "the condition")
    try:
        tree = ast.parse(text.strip(), "<when>", "eval")
    except SyntaxError as error:
        column = f" at column {error.offset}" if error.offset else ""
        raise ConditionError(f"the condition is not valid syntax{column}: {error.msg}.") from None
    except (RecursionError, MemoryError):
        raise ConditionError("the condition is nested too deeply.") from None
    _check_size(tree)
    _check_refused(tree)
    try:
        SafeAST(GATE).visit(tree)
    except ValidationException as error:
        raise ConditionError(f"the condition uses something rules may not: {error}.") from None
    result = _Checker(CATALOGUE[subject]).check(tree.body)
    if result.type is not FactType.BOOL:
        raise ConditionError(f"the condition must be true or false, but {_describe(tree.body, result)}.")
    return tree


def check_text(text: str, what: str) -> None:
    """Refuse text that cannot be printed (a YAML escape such as "\\ud800" makes a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ConditionError(
            f"{what} holds a character that is not valid text at position {error.start + 1}."
        ) from None


def _check_size(tree: ast.AST) -> None:
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ConditionError(f"the condition is too long: more than {MAX_NODES} parts.")
        if depth > MAX_DEPTH:
            raise ConditionError(f"the condition is nested too deeply: more than {MAX_DEPTH} levels.")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _check_refused(tree: ast.AST) -> None:
    # Clear sentences for the classic attempts, before the generic gate speaks.
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id.startswith("__"):
            raise ConditionError(f"`{node.id}`: names with double underscores are not allowed.")
        if isinstance(node, ast.Attribute) and node.attr.startswith("__"):
            raise ConditionError(f"`.{node.attr}`: attribute access is not allowed, dunders least of all.")
        what = _REFUSED.get(type(node))
        if what is not None:
            raise ConditionError(f"{what} is not allowed in a condition: rules only compare facts.")
        operator = getattr(node, "op", None)
        if type(operator) in _OPERATOR_WORDS:
            raise ConditionError(f"{_OPERATOR_WORDS[type(operator)]} is not allowed in a condition.")
        if isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) in _OPERATOR_WORDS:
                    raise ConditionError(f"{_OPERATOR_WORDS[type(op)]} is not allowed in a condition.")


class _Checker:
    def __init__(self, facts: dict[str, Fact]) -> None:
        self.facts = facts

    def check(self, node: ast.AST) -> Typed:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise ConditionError(f"`{ast.unparse(node)}` is not allowed in a condition.")
        return method(node)

    def _Constant(self, node: ast.Constant) -> Typed:
        value = node.value
        if isinstance(value, bool):
            return Typed(FactType.BOOL, literal=value)
        if isinstance(value, int | float):
            if not math.isfinite(value) or abs(value) > MAX_NUMBER:
                raise ConditionError(
                    f"the number {_short(value)} is too large: keep numbers within ±{MAX_NUMBER}."
                )
            return Typed(FactType.NUMBER, literal=value)
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise ConditionError(
                    f"a text in the condition is {len(value)} characters; the limit is {MAX_TEXT}."
                )
            return Typed(FactType.TEXT, literal=value)
        if value is None:
            raise ConditionError(
                "`None` is not a value rules compare with: a day count that does not apply is “none”, "
                "and every comparison with it is false."
            )
        raise ConditionError(f"the value {_short(value)} is not allowed: use numbers, texts and True/False.")

    def _Name(self, node: ast.Name) -> Typed:
        fact = self.facts.get(node.id)
        if fact is None:
            raise ConditionError(_unknown(node.id, self.facts))
        return Typed(fact.type, fact=fact)

    def _BoolOp(self, node: ast.BoolOp) -> Typed:
        word = "and" if isinstance(node.op, ast.And) else "or"
        for value in node.values:
            typed = self.check(value)
            if typed.type is not FactType.BOOL:
                raise ConditionError(
                    f"both sides of `{word}` must be true or false, but {_describe(value, typed)}."
                )
        return Typed(FactType.BOOL)

    def _UnaryOp(self, node: ast.UnaryOp) -> Typed:
        typed = self.check(node.operand)
        if isinstance(node.op, ast.Not):
            if typed.type is not FactType.BOOL:
                raise ConditionError(
                    f"`not` needs something true or false, but {_describe(node.operand, typed)}."
                )
            return Typed(FactType.BOOL)
        if not _numeric(typed):
            raise ConditionError(f"a sign needs a number, but {_describe(node.operand, typed)}.")
        literal = -typed.literal if isinstance(node.op, ast.USub) and _number_literal(typed) else None
        return Typed(FactType.NUMBER, literal=literal)

    def _BinOp(self, node: ast.BinOp) -> Typed:
        left, right = self.check(node.left), self.check(node.right)
        symbol = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%"}[
            type(node.op)
        ]
        for side, typed in ((node.left, left), (node.right, right)):
            if not _numeric(typed):
                raise ConditionError(f"`{symbol}` works on numbers only, but {_describe(side, typed)}.")
        if symbol in ("/", "//", "%") and not (_number_literal(right) and right.literal != 0):
            raise ConditionError(
                f"`{symbol}` must be followed by a number other than 0, like `days_left / 7`."
            )
        # A day count stays a day count through arithmetic, so scoring still sees it as one.
        days = FactType.DAYS in (left.type, right.type)
        return Typed(FactType.DAYS if days else FactType.NUMBER)

    def _Compare(self, node: ast.Compare) -> Typed:
        left_node, left = node.left, self.check(node.left)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.check(right_node)
            self._compare(op, left_node, left, right_node, right)
            left_node, left = right_node, right
        return Typed(FactType.BOOL)

    def _compare(self, op: ast.cmpop, ln: ast.AST, left: Typed, rn: ast.AST, right: Typed) -> None:
        if isinstance(op, ast.In | ast.NotIn):
            self._membership(ln, left, rn, right)
        elif left.type is None or right.type is None:
            raise ConditionError("a list of values can only follow `in` or `not in`.")
        elif isinstance(op, ORDERING):
            for side, typed in ((ln, left), (rn, right)):
                if not _numeric(typed):
                    raise ConditionError(
                        f"`<`, `<=`, `>`, `>=` compare numbers only, but {_describe(side, typed)}."
                    )
        else:
            if _kind(left) != _kind(right):
                raise ConditionError(
                    f"`{ast.unparse(ln)}` and `{ast.unparse(rn)}` cannot be equal: "
                    f"{_describe(ln, left)}, and {_describe(rn, right)}."
                )
            _closed_set(left, right)
            _closed_set(right, left)

    def _membership(self, ln: ast.AST, left: Typed, rn: ast.AST, right: Typed) -> None:
        if left.type is None:
            raise ConditionError("a list of values can only follow `in` or `not in`.")
        if right.type is None:
            for item in right.items:
                if _kind(Typed(_literal_type(item))) != _kind(left):
                    raise ConditionError(
                        f"`{ast.unparse(rn)}` mixes in a value of another type than {_describe(ln, left)}."
                    )
                _closed_set(left, Typed(FactType.TEXT, literal=item))
            return
        if left.type is FactType.TEXT and right.type in (FactType.TEXT, FactType.TAGS):
            return
        raise ConditionError(
            f"`in` looks for a text in a text or a list of text, but {_describe(ln, left)} "
            f"and {_describe(rn, right)}."
        )

    def _collection(self, node: ast.List | ast.Tuple | ast.Set) -> Typed:
        if len(node.elts) > MAX_ITEMS:
            raise ConditionError(
                f"a list in the condition has {len(node.elts)} values; the limit is {MAX_ITEMS}."
            )
        values = []
        for element in node.elts:
            typed = self.check(element)
            if not isinstance(element, ast.Constant):
                raise ConditionError(
                    f"a list in a condition holds plain values only, not `{ast.unparse(element)}`."
                )
            values.append(typed.literal)
        return Typed(None, items=tuple(values))

    _List = _Tuple = _Set = _collection


def _literal_type(value: object) -> FactType:
    if isinstance(value, bool):
        return FactType.BOOL
    if isinstance(value, str):
        return FactType.TEXT
    return FactType.NUMBER


def _kind(typed: Typed) -> str:
    return "number" if _numeric(typed) else str(typed.type)


def _numeric(typed: Typed) -> bool:
    return typed.type is not None and typed.type.numeric


def _number_literal(typed: Typed) -> bool:
    return isinstance(typed.literal, int | float) and not isinstance(typed.literal, bool)


def _closed_set(fact_side: Typed, other: Typed) -> None:
    fact = fact_side.fact
    if (
        fact is not None
        and fact.values
        and isinstance(other.literal, str)
        and other.literal not in fact.values
    ):
        options = ", ".join(f'"{v}"' for v in fact.values)
        raise ConditionError(f'`{fact.name}` is never "{_short(other.literal)}": it is one of {options}.')


def _describe(node: ast.AST, typed: Typed) -> str:
    what = "a list of values" if typed.type is None else _article(str(typed.type))
    if typed.fact is not None:
        hint = ""
        if typed.type.numeric:
            hint = f" (compare it, like `{typed.fact.name} == 0`)"
        elif typed.type is FactType.TEXT:
            hint = f' (compare it, like `{typed.fact.name} == "…"`)'
        return f"`{typed.fact.name}` is {what}{hint}"
    return f"`{_short(ast.unparse(node))}` is {what}"


def _article(type_name: str) -> str:
    return {"true/false": "true or false", "list of text": "a list of text", "days": "a number of days"}.get(
        type_name, f"a {type_name}"
    )


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _unknown(name: str, facts: dict[str, Fact]) -> str:
    import difflib

    if name in ("true", "false", "none", "null", "yes", "no"):
        return f"`{name}` is not a fact: write True or False (and no None: see the docs on “none”)."
    close = difflib.get_close_matches(name, facts, n=1)
    hint = f" Did you mean `{close[0]}`?" if close else ""
    return f"`{name}` is not a fact here.{hint} Facts: {', '.join(facts)}."
