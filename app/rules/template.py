"""`say` templates: text with `{fact}` holes, checked at load, rendered without str.format.

Only a bare fact name may stand in braces: no attribute or index (`{title.__class__}`, `{tags[0]}`),
no conversion (`!r`), no format spec (`:>99999`). Rendering joins plain strings, so nothing in a
template can reach an object's attributes.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass
from typing import Any

from .conditions import ConditionError, check_text, fact_getter
from .facts import CATALOGUE, Context, Subject

MAX_SAY = 500


@dataclass(frozen=True, slots=True)
class Template:
    subject: Subject
    # Literal text and fact names, alternating: (text, name, text, name, ..., text).
    parts: tuple[str, ...]

    def render(self, record: Any, context: Context) -> str:
        parts = self.parts
        out = [parts[0]]
        for index in range(1, len(parts), 2):
            out.append(show(fact_getter(self.subject, parts[index])(record, context)))
            out.append(parts[index + 1])
        return "".join(out)

    @property
    def names(self) -> tuple[str, ...]:
        return self.parts[1::2]


def parse_template(text: object, subject: Subject) -> Template:
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
    return Template(subject, tuple(parts))


def show(value: Any) -> str:
    """A fact value as a person reads it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "none" if math.isnan(value) else f"{value:g}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)
