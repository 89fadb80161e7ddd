"""Property tests of the .bib import: `@string` macros and `#` against a model of BibTeX's rules, and the
export → import round trip of the name fields (editors, `and others`, names kept whole).

The model never reads BibTeX text: a file is drawn as a list of blocks (a macro definition or an entry),
each value as a list of parts, and the model computes what BibTeX makes of them while the text written
from the same blocks goes through the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from dualtui.domain import Paper
from dualtui.services.bibtex import read_bibtex, write_bibtex
from dualtui.services.bibtex_read import read_entries

# --- @string and # -----------------------------------------------------------------------------

# BibTeX's standard styles predefine the months; a file may define them again.
MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November",
    "dec": "December",
}  # fmt: skip
NAMES = st.sampled_from(["stoc", "acm", "knuth", "j_x", "p2", "jan", "may", "dec"])


@dataclass(frozen=True)
class Literal:
    """`{text}` or `"text"`: its text is the value, inner braces and all."""

    text: str
    quoted: bool

    def written(self) -> str:
        return f'"{self.text}"' if self.quoted else "{" + self.text + "}"


@dataclass(frozen=True)
class Number:
    digits: str

    def written(self) -> str:
        return self.digits


@dataclass(frozen=True)
class Macro:
    name: str  # lower case; written in any case, as BibTeX folds it
    spelling: str

    def written(self) -> str:
        return self.spelling


Part = Literal | Number | Macro
plain = st.text(st.sampled_from("abcXYZ 019,.;:-'=#@!?&$%"), max_size=8)


# Braces nest; inside a group a quote is text even in a quoted value.
def _braced(pieces: list[str]) -> str:
    return "{" + "".join(pieces) + "}"


group = st.recursive(
    plain, lambda inner: st.lists(inner | plain.map(lambda t: t + '"'), max_size=3).map(_braced), max_leaves=6
)
braced_text = st.lists(plain | group, max_size=4).map("".join)
quoted_text = st.lists(plain.map(lambda t: t.replace('"', "")) | group, max_size=4).map("".join)
literal = st.builds(Literal, braced_text, st.just(False)) | st.builds(Literal, quoted_text, st.just(True))
number = st.integers(0, 99999).map(lambda n: Number(str(n)))


@st.composite
def macro(draw) -> Macro:
    name = draw(NAMES)
    spelling = "".join(c.upper() if draw(st.booleans()) else c for c in name)
    return Macro(name, spelling)


value = st.lists(st.one_of(literal, number, macro()), min_size=1, max_size=5)
space = st.sampled_from(["", " ", "  ", "\n  ", "\t"])


@st.composite
def written(draw, parts: list[Part]) -> str:
    """The parts joined by `#`, with the spacing people leave around it."""
    return f"{draw(space)}#{draw(space)}".join(part.written() for part in parts)


@dataclass(frozen=True)
class Definition:
    name: str
    spelling: str
    parts: list[Part]


@dataclass(frozen=True)
class Entry:
    parts: list[Part]


definition = NAMES.flatmap(
    lambda name: st.builds(
        Definition, st.just(name), st.sampled_from([name, name.upper(), name.title()]), value
    )
)
block = definition | st.builds(Entry, value)


def model(blocks: list[Definition | Entry]) -> list[tuple[str, list[str]]]:
    """BibTeX's reading: in file order, a macro is what its last definition so far made it (case folded);
    an undefined one is empty and warned of; parts are joined as they are."""
    macros = dict(MONTHS)
    entries = []
    for item in blocks:
        undefined: list[str] = []
        text = ""
        for part in item.parts:
            if isinstance(part, Literal):
                text += part.text
            elif isinstance(part, Number):
                text += part.digits
            elif part.name in macros:
                text += macros[part.name]
            else:
                undefined.append(part.spelling)
        if isinstance(item, Definition):
            macros[item.name] = text
        else:
            entries.append((text, undefined))
    return entries


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_macros_and_concatenation_expand_as_bibtex_expands_them(data):
    blocks = data.draw(st.lists(block, min_size=1, max_size=8))
    lines = []
    for number_, item in enumerate(blocks):
        text = data.draw(written(item.parts))
        if isinstance(item, Definition):
            at = data.draw(st.sampled_from(["@string", "@STRING", "@String"]))
            lines.append(f"{at}{{{item.spelling} = {text}}}")
        else:
            lines.append(f"@misc{{k{number_},\n  title = {text},\n}}")
    read = read_entries("\n".join(lines) + "\n")
    assert not read.unreadable
    expected = model(blocks)
    assert [entry.fields["title"] for entry in read.entries] == [title for title, _ in expected]
    notes = [
        [f"the @string macro “{name}” is not defined; BibTeX reads it as empty" for name in undefined]
        for _, undefined in expected
    ]
    assert [list(entry.notes) for entry in read.entries] == notes


# --- the round trip of editors, `and others` and names kept whole ------------------------------

letters = st.text(st.characters(categories=["L"]), min_size=1, max_size=10)
person = st.builds(lambda last, first: f"{last}, {first}" if first else last, letters, letters | st.just(""))
# A name without a comma, of any printable text (braced on export when BibTeX would reorder it).
words = (
    st.text(st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters=","), max_size=30)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
# A body's name with a comma, one name all the same ("Ministeriet for By, Bolig og Landdistrikter").
body = st.builds(lambda a, b: f"{a}, {b}", words, words)
name = st.tuples(person | words, st.just(False)) | st.tuples(body, st.just(True))


@settings(max_examples=200, deadline=None)
@given(
    authors=st.lists(name, max_size=4),
    editors=st.lists(name, max_size=3),
    et_al=st.booleans(),
)
def test_editors_others_and_whole_names_survive_a_bibtex_round_trip(authors, editors, et_al):
    whole = [text for text, is_whole in authors + editors if is_whole]
    paper = Paper(
        1,
        "A title",
        datetime(2026, 1, 1),
        authors=[text for text, _ in authors],
        editors=[text for text, _ in editors],
        et_al=et_al,
        whole_names=whole,
    )
    (entry,) = read_bibtex(write_bibtex([paper])).papers
    got = entry.fields
    # A paper marks names whole by their text: the same text as a person elsewhere is whole there too.
    marked = [text for text, _ in authors + editors if text in whole]
    assert (got["authors"], got["editors"], got["et_al"], got["whole_names"]) == (
        paper.authors,
        paper.editors,
        et_al,
        marked,
    )
