"""BibTeX and biblatex, both ways: entries → paper fields in clean Unicode, papers → a .bib file.

`bibtex_read` reads the file as BibTeX does (macros, crossref, lines), `bibtex_names` the name lists,
`latex_text` turns LaTeX into Unicode. Only the fields a paper keeps are decoded, not the whole entry
as bibtexparser's LatexDecodingMiddleware would: on a Zotero export most of that time goes to
abstracts, and it reads the `%` of an URL as a comment.

Import this module only inside the commands that need it: bibtexparser and pylatexenc cost ~60 ms.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import Entry as BibEntryBlock
from bibtexparser.model import Field as BibField

from ..domain import Paper, safe_text
from .bibtex_names import read_names
from .bibtex_read import IN_A_BOOK, BibEntry, read_entries
from .import_report import DECODING, Progress, Unreadable
from .latex_text import decode

# The report carries every reason; the library's own log lines would only repeat them on stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False


@dataclass(frozen=True, slots=True)
class BibPaper:
    """One entry that makes a paper: its 1-based line, key, Paper keyword arguments, and what the
    import report should say about how it was read."""

    line: int
    key: str
    fields: dict[str, Any]
    notes: tuple[str, ...] = ()
    issue: str = ""  # volume, number and pages as written: two entries that differ there are two works


@dataclass(slots=True)
class BibLibrary:
    papers: list[BibPaper] = field(default_factory=list)
    untitled: list[Unreadable] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    # How many entries kept a LaTeX macro as written, by the macro's name.
    unknown_macros: dict[str, int] = field(default_factory=dict)


def read_bibtex(text: str, progress: Progress | None = None) -> BibLibrary:
    """Parse BibTeX or biblatex text; never raises on bad entries, it lists them instead. `progress` is
    told how far the splitting and decoding have come."""
    bib = read_entries(text, progress)
    result = BibLibrary(unreadable=bib.unreadable)
    total = len(bib.entries)
    for done, entry in enumerate(bib.entries):
        if done % 100 == 0:
            DECODING.tell(progress, done, total)
        notes = list(entry.notes)
        unknown: set[str] = set()
        fields = paper_fields(entry, unknown, notes)
        if unknown:
            names = sorted(unknown)
            notes.append("kept as written the LaTeX macros it has no text for: " + ", ".join(names))
            for name in names:
                result.unknown_macros[name] = result.unknown_macros.get(name, 0) + 1
        if fields["title"]:
            issue = "|".join(" ".join(entry.fields.get(f, "").split()) for f in ("volume", "number", "pages"))
            result.papers.append(BibPaper(entry.line, entry.key, fields, tuple(notes), issue.strip("|")))
        else:
            result.untitled.append(Unreadable(entry.line, entry.key, "it has no title"))
    DECODING.tell(progress, 1, 1)
    return result


# --- entry → paper fields ---------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
_ESCAPED = re.compile(r"\\([_%&#~$])")
_URL_MACRO = re.compile(r"\\url\{([^}]*)\}")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_IN_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
# New-style ids (2101.00001) and old-style ones (cond-mat/0208083, math.AG/0309136).
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?"
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/" + _ARXIV_ID, re.IGNORECASE)
# "arXiv:2101.00001", "arXiv 2101.00001", and Google Scholar's "arXiv preprint arXiv:…" or "arXiv
# preprint cond-mat/…".
_ARXIV_TEXT = re.compile(r"arxiv(?:\s+preprint)?[:\s]\s*(?:arxiv:)?" + _ARXIV_ID, re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\." + _ARXIV_ID + "$", re.IGNORECASE)
_ARXIV_BARE = re.compile(r"^(?:arxiv:)?" + _ARXIV_ID + "$", re.IGNORECASE)
_OLD_ARXIV_NUMBER = re.compile(r"^\d{7}(?:v\d+)?$")
_YEAR_ALONE = re.compile(r"^(-?\d{1,4})$")
_YEAR = re.compile(r"(?<![\d-])(-?\d{4})(?!\d)")
_DATE_YEAR = re.compile(r"^\s*(-?\d{1,4})(?!\d)")
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle")


def _plain(value: str, *, spaces: str = "") -> str:
    """An identifier or URL as written, without the LaTeX dress: no braces, `\\url{}`, `\\_`.

    Identifiers lose their whitespace; an URL field keeps it single, as BibTeX reads it (two URLs
    in one field stay two)."""
    value = _URL_MACRO.sub(r"\1", value)
    value = _ESCAPED.sub(r"\1", value).replace("{", "").replace("}", "")
    return _WHITESPACE.sub(spaces, value).strip()


def paper_fields(entry: BibEntry, unknown: set[str], notes: list[str]) -> dict[str, Any]:
    """Paper keyword arguments from one entry (its type kept for the export)."""
    values = entry.fields

    def text(name: str) -> str:
        value = values.get(name)
        return decode(value, unknown) if value else ""

    authors = read_names(values.get("author", ""), unknown)
    editors = read_names(values.get("editor", ""), unknown)
    notes += authors.notes + editors.notes
    venue = next((v for v in map(text, _VENUE_FIELDS) if v), "")
    url = _plain(values.get("url", ""), spaces=" ")
    if not url:
        found = _URL_MACRO.search(values.get("howpublished", ""))
        url = _plain(found.group(1)) if found else ""
    doi = normal_doi(_plain(values.get("doi", "")))
    if not doi and (in_url := _DOI_IN_URL.match(url)):
        doi = in_url.group(1)
    return {
        "title": text("title"),
        "authors": authors.names,
        "et_al": authors.others,
        "editors": editors.names,
        "whole_names": authors.whole + editors.whole,
        "year": _year(text("year"), values.get("date", "")),
        "venue": venue,
        "doi": doi,
        "arxiv": _arxiv(values, url, venue, doi),
        "url": url,
        "tags": _tags(text("keywords")),
        "bibkey": entry.key,
        "bibtype": entry.entry_type,
    }


def _year(year: str, date: str) -> int | None:
    """The year as written, a minus kept (biblatex's `-0379` is 380 BC: year 0 is 1 BC)."""
    found = _YEAR_ALONE.match(year) or _YEAR.search(year) or _DATE_YEAR.match(date)
    return int(found.group(1)) if found else None


def _arxiv(values: dict[str, str], url: str, venue: str, doi: str) -> str:
    prefix = _plain(values.get("archiveprefix", "") or values.get("eprinttype", "")).lower()
    eprint = _plain(values.get("eprint", ""))
    if prefix == "arxiv" or (not prefix and _ARXIV_BARE.match(eprint)):
        subject = _plain(values.get("primaryclass", ""))
        if _OLD_ARXIV_NUMBER.match(eprint) and subject:
            # An old-style id split in two, as Mendeley writes it: eprint = {0208083},
            # primaryClass = {cond-mat}.
            eprint = f"{subject}/{eprint}"
        found = _ARXIV_BARE.match(eprint)
        if found:
            return found.group(1)
    sources = (
        (_ARXIV_BARE, _plain(values.get("arxivid", ""))),
        (_ARXIV_URL, url),
        (_ARXIV_DOI, doi),
        (_ARXIV_TEXT, venue),
    )
    for pattern, where in sources:
        found = pattern.search(where)
        if found:
            return found.group(1)
    return ""


def _tags(keywords: str) -> list[str]:
    tags: dict[str, str] = {}
    for word in re.split(r"[,;]", keywords):
        word = word.strip()
        if word:
            tags.setdefault(word.casefold(), word)
    return list(tags.values())


def normal_doi(doi: str) -> str:
    return _DOI_PREFIX.sub("", doi.strip())


# --- papers → .bib ----------------------------------------------------------------------------

_SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        # Not `\{`: BibTeX counts the brace of `\{` too, so a lone one would unbalance the field.
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "$": r"\$",
        "&": r"\&",
        "%": r"\%",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        '"': '{"}',
    }
)
# TeX ligatures (`--` → en dash, ``` `` ``` → “) are broken with an empty group so they read back as typed.
_LIGATURE = re.compile(r"([-`'!?<>,])(?=[-`'!?<>,])")
_PLAIN_NAME = re.compile(r"^[^\W_][\w .,'-]*$")
_KEY_CHARS = re.compile(r"[^A-Za-z0-9]")
_VALID_KEY = re.compile(r"^[^\s,{}()=\"#%'~\\]+$")


def encode(value: str) -> str:
    """Unicode to BibTeX that `decode` reads back unchanged; non-ASCII stays UTF-8."""
    return _LIGATURE.sub(r"\1{}", value.translate(_SPECIALS))


def _encode_name(name: str, whole: bool) -> str:
    encoded = encode(name)
    # A name BibTeX would split or reorder differently goes in braces, read back verbatim; so does a
    # corporate name with a comma (which would read as "Last, First"), and a person called "others".
    reordered = parse_single_name_into_parts(encoded, strict=False).merge_last_name_first != encoded
    if whole or reordered or not _PLAIN_NAME.match(encoded) or " and " in encoded.lower():
        return "{" + encoded + "}"
    if encoded.lower() == "others":
        return "{" + encoded + "}"
    return encoded


def _encode_names(names: list[str], paper: Paper, et_al: bool = False) -> str:
    encoded = [_encode_name(name, name in paper.whole_names) for name in names]
    return " and ".join(encoded + (["others"] if et_al else []))


def write_bibtex(papers: Iterable[Paper]) -> str:
    """The reading list as BibTeX; titles are double-braced so styles keep their capitals."""
    library = bibtexparser.Library()
    used: set[str] = set()
    for paper in papers:
        fields = [BibField("title", "{" + encode(paper.title) + "}")]
        if paper.authors or paper.et_al:
            fields.append(BibField("author", _encode_names(paper.authors, paper, paper.et_al)))
        if paper.editors:
            fields.append(BibField("editor", _encode_names(paper.editors, paper)))
        if paper.year is not None:
            fields.append(BibField("year", str(paper.year)))
        kind = paper.bibtype or ("article" if paper.venue else "misc")
        if paper.venue:
            where = "booktitle" if kind in IN_A_BOOK else "journal"
            fields.append(BibField(where, encode(paper.venue)))
        if paper.doi:
            fields.append(BibField("doi", paper.doi))
        if paper.arxiv:
            fields += [BibField("eprint", paper.arxiv), BibField("archiveprefix", "arXiv")]
        if paper.url:
            # Identifiers go in raw, as Zotero writes them: `\url` and biblatex read them verbatim.
            fields.append(BibField("url", paper.url))
        if paper.tags:
            fields.append(BibField("keywords", encode(", ".join(paper.tags))))
        library.add(BibEntryBlock(kind, _unique_key(paper, used), fields))
    return safe_text.bibtex(bibtexparser.write_string(library))


def _unique_key(paper: Paper, used: set[str]) -> str:
    key = paper.bibkey if _VALID_KEY.match(paper.bibkey or "") else made_key(paper)
    candidate, suffix = key, 0
    while candidate.lower() in used:
        suffix += 1
        candidate = f"{key}-{suffix}"
    used.add(candidate.lower())
    return candidate


def made_key(paper: Paper) -> str:
    """`vaswani2017attention`, in the way of Google Scholar; `p12` when there is nothing to use."""

    def ascii_word(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return _KEY_CHARS.sub("", folded).lower()

    first_author = paper.authors[0] if paper.authors else ""
    # "Last, First" as stored; a name without a comma ends with its surname.
    surname = ascii_word(first_author.split(",")[0] if "," in first_author else first_author.split(" ")[-1])
    words = [ascii_word(w) for w in paper.title.split()]
    first = next((w for w in words if len(w) > 3), words[0] if words else "")
    key = f"{surname}{paper.year or ''}{first}"
    return key or str(paper.ref)
