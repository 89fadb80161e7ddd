"""What the rule engine hands out: problems with rule files, suggestions, and their reasons.

NamedTuples, not dataclasses: `dualtui next` defines these on every run, and a NamedTuple costs a
fraction of a dataclass to define. None of them is ever changed after it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from dualtui.domain import Ref

# The actions a rule's `do` may name; the app knows how to perform each from a suggestion.
ACTIONS: dict[str, str] = {
    "build-from-paper": "start a build linked to the target paper",
    "write-up": "draft the write-up of the target build, or open the draft or mark it done",
    "ask-question": "log a research question that answers the target failure",
    "apply-insight": "start a build (or improvement) that applies the target insight, or link it to one",
    "address-question": "add a paper to read for the target question, or link a build that tests it",
    "answer-question": "log what answers the target question (an insight, observation or result)",
    "test-claim": "log whether production validated or refuted the claim the suggestion names",
    "describe-build": "name the target build's real data source, constraints and users",
    "switch-phase": "end the open phase with a review and start the next one",
    "start-phase": "start a phase, with its kind and goal",
    "add-paper": (
        "add a paper to the reading queue (for a stuck build: linked to it and to its oldest open question)"
    ),
    "start-build": "add a build, saved as building",
    "log-entry": "log an entry in the validation log",
    "advance": (
        "choose the target's next status, the usual one first "
        "(for the reading limit: which paper in reading, then its move)"
    ),
}


class RuleProblem(NamedTuple):
    """A rule file, or one rule in it, that could not be used; the rest still runs."""

    file: str
    line: int | None
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        who = f" rule “{self.rule}”:" if self.rule else ""
        return f"{where}:{who} {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "rule": self.rule, "message": self.message}


class Clause(NamedTuple):
    """One operand of the condition's top-level `and`/`or`, whether it held, and the facts it read."""

    text: str
    holds: bool
    facts: dict[str, Any]


class Reason(NamedTuple):
    rule: str
    condition: str
    clauses: tuple[Clause, ...]
    score_terms: dict[str, float]


class Suggestion(NamedTuple):
    rule: str
    key: str
    target: Ref | None
    action: str | None
    message: str
    weight: float
    score: float
    # Makes the reason: explaining costs nothing until someone asks.
    explainer: Callable[[], Reason]

    def reason(self) -> Reason:
        return self.explainer()
