"""`say` templates: text with `{fact}` holes, rendered without str.format.

A template is checked when its rule is compiled (`compiler.parse_template`): only a bare fact name
may stand in braces, so rendering joins plain strings and nothing in a template can reach an object's
attributes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

from .facts import Context


class Template(NamedTuple):
    # Literal text and fact names, alternating: (text, name, text, name, ..., text).
    parts: tuple[str, ...]
    # The compiled fact of each name, in order: `getter(record, context)`.
    getters: tuple[Callable[[Any, Context], Any], ...]

    def render(self, record: Any, context: Context) -> str:
        parts = self.parts
        out = [parts[0]]
        for index, getter in enumerate(self.getters):
            out.append(show(getter(record, context)))
            out.append(parts[2 * index + 2])
        return "".join(out)


def show(value: Any) -> str:
    """A fact value as a person reads it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "none" if math.isnan(value) else f"{value:g}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)
