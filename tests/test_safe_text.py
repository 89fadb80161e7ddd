"""The sanitising functions, one per medium: nothing unsafe survives, and JSON stays lossless."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dualtui.domain import safe_text

HOSTILE = "T \x1b]0;pwn\x07 \x1b]52;c;aGk=\x07 \x1b[2J\x00 \u202egnp.exe\u202c \x9b31m \x7f \udcff"
UNSAFE = (
    {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))}
    | set("\u061c\u200e\u200f")
    | {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)
LAYOUT = {"\n", "\t"}
texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=60) | st.just(HOSTILE)


def unsafe_in(text: str, allowed: set[str] = frozenset()) -> set[str]:
    return {c for c in text if (c in UNSAFE or 0xD800 <= ord(c) <= 0xDFFF) and c not in allowed}


def test_the_hostile_string_is_shown_as_less_shows_it():
    assert safe_text.terminal(HOSTILE) == (
        "T ^[]0;pwn^G ^[]52;c;aGk=^G ^[[2J^@ <U+202E>gnp.exe<U+202C> <U+009B>31m ^? <FF>"
    )
    assert safe_text.bibtex("a\x1b[2Jb") == "a<U+001B>[2Jb"


@given(texts)
def test_no_medium_lets_an_unsafe_character_through(text):
    assert not unsafe_in(safe_text.terminal(text), LAYOUT)
    assert not unsafe_in(safe_text.markdown(text), LAYOUT)
    assert not unsafe_in(safe_text.bibtex(text), LAYOUT)
    assert not unsafe_in(safe_text.widget(text), {"\n"})
    assert not unsafe_in(safe_text.widget_line(text))
    assert safe_text.is_safe(text) == (not unsafe_in(text, LAYOUT))


@given(texts)
def test_safe_text_passes_unchanged(text):
    if safe_text.is_safe(text):
        for medium in (safe_text.terminal, safe_text.markdown, safe_text.bibtex):
            assert medium(text) == text
    if not unsafe_in(text):
        for medium in (safe_text.widget, safe_text.widget_line):
            assert medium(text) == text


@given(st.dictionaries(texts, st.lists(texts, max_size=3), max_size=4))
def test_json_made_harmless_reads_back_exactly(data):
    serialised = safe_text.json_lossless(json.dumps(data, ensure_ascii=False, indent=2))
    assert not unsafe_in(serialised, LAYOUT)
    assert json.loads(serialised) == data
