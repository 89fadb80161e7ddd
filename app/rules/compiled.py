"""The compiler's output, by name: what the cache stores and the engine turns into rules.

The compiler makes these; the cache writes them with `marshal`, which takes plain tuples only, so
`Compiled.plain` and `Compiled.from_plain` go between the two. The engine reads the fields by name
and makes the code objects functions over `CODE_GLOBALS`. Cheap to import: `dualtui next` reads a
cached rule set through this module without importing the compiler.
"""

from __future__ import annotations

from types import CodeType
from typing import Any, NamedTuple

# The only names compiled code may look up besides `r` (the record) and `x` (the evaluation
# context): every fact reads a field of `r` or calls a method of `x`, and the margin of a rule with
# several day thresholds is the widest.
CODE_GLOBALS: dict[str, Any] = {"__builtins__": {}, "max": max}


class CompiledRule(NamedTuple):
    id: str
    about: str  # a Subject value
    when: str
    say: tuple[str, ...]  # literal text and fact names, alternating: (text, name, ..., text)
    do: str | None
    weight: float
    phases: frozenset[str]
    enabled: bool
    loop: str  # the weekly review's name for the loop the rule watches; "" for a rule about no loop
    file: str
    line: int
    matcher: CodeType  # `lambda rs, x: [(r, margin) for r in rs if ...]`
    # (fact, limit, above) per day threshold, like `days_since_finished >= 7`: above is True for
    # `>`/`>=` (the margin is value - limit), else False (limit - value).
    thresholds: tuple[tuple[str, float, bool], ...]
    # (text, code, fact names) per operand of the condition's top-level `and`/`or`; the code is
    # `lambda r, x: ...`, true when the clause holds.
    clauses: tuple[tuple[str, CodeType, tuple[str, ...]], ...]
    facts: dict[str, CodeType]  # every fact the condition or the message reads: `lambda r, x: ...`


class Compiled(NamedTuple):
    rules: tuple[CompiledRule, ...]
    problems: tuple[tuple[Any, ...], ...]  # (file, line, rule id, message), as RuleProblem takes them
    files: tuple[str, ...]  # the rule files read, in order

    def plain(self) -> tuple[Any, ...]:
        """The same as plain tuples, for marshal."""
        return (tuple(map(tuple, self.rules)), self.problems, self.files)

    @classmethod
    def from_plain(cls, data: tuple[Any, ...]) -> Compiled:
        rules, problems, files = data
        return cls(tuple(map(CompiledRule._make, rules)), problems, files)
