"""Name lists of .bib files (`author`, `editor`) as BibTeX splits them, stored as "von Last, Jr, First".

bibtexparser splits the list at `and` and a name into its parts as BibTeX does; before that, accents
written as LaTeX commands become the letters they print (`\\"Unal`, `\\L{}ukasz`, `Brise\\~no`), so that
an unbraced accent neither hides a capital from BibTeX's von rule nor reads as a space (`\\~` is
not a tie). biblatex's extended form (`family=Hüsken, given=Anne`) is read as biber reads it; the
last name `others` means "and more" (BibTeX's "et al."), not a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from .latex_text import decode, letters

_DANGLING_AND = re.compile(r"^\s*and\s+|\s+and\s*$", re.IGNORECASE)
# biblatex's extended name format: every part of the name is `key=value`.
_EXTENDED_PART = re.compile(r"^\s*([A-Za-z-]+)\s*=\s*(.*?)\s*$", re.DOTALL)


@dataclass(slots=True)
class Names:
    """A decoded name list: the people (or bodies) in order, whether it ended with `and others`,
    the names that hold a comma but are one name (a braced corporate name), and notes for the report."""

    names: list[str] = field(default_factory=list)
    others: bool = False
    whole: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_names(value: str, unknown: set[str]) -> Names:
    """The names of one `author` or `editor` value (macros expanded, LaTeX not yet decoded)."""
    result = Names()
    if "\\" in value:
        value = letters(value)
    # An `and` left at an end by a macro that expanded to nothing (`MCDERMOTT # { and Sussman}`).
    parts = split_multiple_persons_names(_DANGLING_AND.sub("", value))
    if parts and parts[-1].strip().lower() == "others":
        result.others = True
        parts.pop()
    for part in parts:
        name = _extended(part) if "=" in part else None
        if name == "":
            continue
        if name is None:
            name, note = _bibtex_name(part)
            if note:
                result.notes.append(note)
        text = decode(name, unknown)
        if not text:
            continue
        result.names.append(text)
        if "," in text and _is_one_group(part):
            result.whole.append(text)
    return result


def _bibtex_name(name: str) -> tuple[str, str]:
    """ "von Last, Jr, First" and a note when BibTeX would complain of the name (too many commas)."""
    note = ""
    if _commas_outside_braces(name) > 2:
        note = (
            f"the name “{decode(name)}” has too many commas (is an “and” missing?); "
            "read as BibTeX reads it: Last, Jr, First"
        )
    return parse_single_name_into_parts(name, strict=False).merge_last_name_first, note


def _extended(name: str) -> str | None:
    """biblatex's `family=…, given=…, prefix=…, suffix=…` as "prefix family, suffix, given"; "" for
    a part that holds only options (`useprefix=false`, which biber reads as no name); None if `name`
    is not in the extended form."""
    parts: dict[str, str] = {}
    for piece in _split_outside_braces(name):
        found = _EXTENDED_PART.match(piece)
        if not found:
            return None
        parts[found.group(1).lower()] = _unwrap(found.group(2))
    if "family" not in parts:
        return "" if all(key.startswith("use") or key == "id" for key in parts) else None
    last = " ".join(p for p in (parts.get("prefix", ""), parts["family"]) if p)
    return ", ".join(p for p in (last, parts.get("suffix", ""), parts.get("given", "")) if p)


def _unwrap(value: str) -> str:
    if len(value) >= 2 and value[0] + value[-1] in ("{}", '""'):
        return value[1:-1]
    return value


def _is_one_group(name: str) -> bool:
    """Is the whole name one braced group (`{Barnes and Noble, Inc.}`), BibTeX's way of saying "as is"?"""
    name = name.strip()
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for position, char in enumerate(name):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return position == len(name) - 1
    return False


def _split_outside_braces(text: str) -> list[str]:
    pieces, depth, start = [], 0, 0
    for position, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            pieces.append(text[start:position])
            start = position + 1
    pieces.append(text[start:])
    return pieces


def _commas_outside_braces(text: str) -> int:
    return len(_split_outside_braces(text)) - 1
