"""Words about things, written one way everywhere: user text on one line made harmless (the
one-line medium of `safe_text`), counts with their noun, a set of choices, a near miss."""

from __future__ import annotations

from collections.abc import Iterable, Sized

from .safe_text import widget_line as one_line

__all__ = [
    "BREAK_MARK", "a_or_an", "did_you_mean", "listing_line", "one_line", "one_of", "plural", "plural_noun",
]  # fmt: skip

BREAK_MARK = "⏎"  # a line break in text shown on one line, as the app's one-line inputs show it


def listing_line(text: str) -> str:
    """Text inside one line of a listing (a record a line): each line break shown as ⏎."""
    if "\n" not in text and "\r" not in text:
        return one_line(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").splitlines()
    return one_line(f" {BREAK_MARK} ".join(line.strip() for line in lines))


def plural(items: Sized | int, noun: str, many: str | None = None) -> str:
    """`1 paper`, `2 papers`: a count (or a collection's length) with its noun; `many` is the plural
    of a noun that does not just take an s (`plural(n, "entry", "entries")`)."""
    count = items if isinstance(items, int) else len(items)
    return f"{count} {plural_noun(count, noun, many)}"


def plural_noun(count: int, noun: str, many: str | None = None) -> str:
    """The noun alone, as `plural` writes it beside `count` (for a count styled apart from it)."""
    return noun if count == 1 else many or noun + "s"


def a_or_an(noun: str) -> str:
    """`an entry`, `a paper`: the article by the noun's first letter (the nouns dualtui names)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def one_of(values: Iterable[str]) -> str:
    """The one way a set of choices is written, in help and in errors: `one of a, b, c`."""
    return "one of " + ", ".join(values)


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean X?)` when one of `known` is close to `word`, else nothing: the one place a
    near miss is suggested, for command words, choices, options, statuses and fields alike."""
    import difflib  # only a refusal pays for it

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.7)
    return f" (did you mean {close[0]}?)" if close else ""
