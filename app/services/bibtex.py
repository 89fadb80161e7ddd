"""BibTeX and biblatex, both ways: entries → paper fields in clean Unicode, papers → a .bib file.

bibtexparser splits the file and its middlewares resolve @string macros, enclosing braces, field-key
case and author lists; pylatexenc turns LaTeX into Unicode. Only the fields a paper keeps are
decoded, not the whole entry as bibtexparser's LatexDecodingMiddleware would: on a Zotero export
most of that time goes to abstracts, and it reads the `%` of an URL as a comment.

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
from bibtexparser import middlewares as mw
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)
from bibtexparser.model import Entry as BibEntryBlock
from bibtexparser.model import Field as BibField
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from ..domain import Paper
from .import_report import Unreadable

# The report carries every reason; the library's own log lines would only repeat them on stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One readable entry: where it starts (1-based line), its key, and Paper keyword arguments."""

    line: int
    key: str
    fields: dict[str, Any]


@dataclass(slots=True)
class BibFile:
    entries: list[BibEntry] = field(default_factory=list)
    untitled: list[Unreadable] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


def read_bibtex(text: str) -> BibFile:
    """Parse BibTeX or biblatex text; never raises on bad entries, it lists them instead."""
    library = bibtexparser.parse_string(
        text,
        parse_stack=[
            mw.ResolveStringReferencesMiddleware(),
            mw.RemoveEnclosingMiddleware(),
            mw.NormalizeFieldKeys(),
            mw.SeparateCoAuthors(),
            mw.SplitNameParts(),
            mw.MergeNameParts(style="last"),
        ],
    )
    result = BibFile()
    for block in library.failed_blocks:
        result.unreadable.append(_problem(block))
    for entry in library.entries:
        values = {f.key: f.value for f in entry.fields}
        line = (entry.start_line or 0) + 1
        fields = paper_fields(values, entry.key, entry.entry_type)
        if fields["title"]:
            result.entries.append(BibEntry(line, entry.key, fields))
        else:
            result.untitled.append(Unreadable(line, entry.key, "it has no title"))
    result.unreadable.sort(key=lambda p: p.line)
    return result


def _problem(block: ParsingFailedBlock) -> Unreadable:
    line = (block.start_line or 0) + 1
    error = block.error
    inner = block.ignore_error_block
    if isinstance(inner, BibEntryBlock):
        key = inner.key
    else:
        found = _RAW_KEY.match(block.raw or "")
        key = found.group(1) if found else ""
    if isinstance(block, DuplicateBlockKeyBlock):
        key = block.key
        reason = f"its key “{key}” is already used by an earlier entry"
    elif isinstance(block, DuplicateFieldKeyBlock):
        reason = f"a field appears twice in it ({', '.join(sorted(block.duplicate_keys))})"
    elif isinstance(block, MiddlewareErrorBlock):
        reason = f"its author list cannot be read ({_first_line(str(error))})"
    elif isinstance(error, BlockAbortedException):
        reason = f"it is not valid BibTeX ({_first_line(error.abort_reason)})"
    else:
        reason = f"it is not valid BibTeX ({_first_line(str(error)) or type(error).__name__})"
    return Unreadable(line, key, reason)


_RAW_KEY = re.compile(r"\s*@\w+\s*[{(]\s*([^,\s{}()]+)\s*,")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip() if text.strip() else ""


# --- entry → paper fields ---------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")
# Text without these needs no LaTeX decoding (a property test holds this against the decoder).
_NEEDS_DECODING = re.compile(r"[\\{}$~%&^\"]|--|``|''|[?!]`|<<|>>|,,")
_SCHOLAR_BRACES = re.compile(r"\$\\[{}]\$")
_ESCAPED = re.compile(r"\\([_%&#~$])")
_URL_MACRO = re.compile(r"\\url\{([^}]*)\}")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_IN_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?"
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/" + _ARXIV_ID, re.IGNORECASE)
_ARXIV_TEXT = re.compile(r"arxiv[:\s]\s*" + _ARXIV_ID, re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\." + _ARXIV_ID + "$", re.IGNORECASE)
_ARXIV_BARE = re.compile(r"^(?:arxiv:)?" + _ARXIV_ID + "$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle")


def _decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    # Like bibtexparser's own decoder, keep a URL bare; and read `\textasciicircum` as the ASCII
    # caret the writer below means by it, not the modifier letter pylatexenc picks.
    context.add_context_category(
        "dualtui",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
        ],
    )
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="text")


_DECODER = _decoder()


def decode(value: str) -> str:
    """LaTeX to clean, single-spaced Unicode: `T{\\"u}rpe` → `Türpe`, `{{BCI}}` → `BCI`."""
    if _NEEDS_DECODING.search(value):
        # Google Scholar writes a protected group as `$\{$USENIX$\}$`: literal braces nobody means.
        value = _DECODER.latex_to_text(_SCHOLAR_BRACES.sub("", value))
    return _WHITESPACE.sub(" ", value).strip()


def _plain(value: str) -> str:
    """An identifier or URL as written, without the LaTeX dress: no braces, `\\url{}`, `\\_`."""
    value = _URL_MACRO.sub(r"\1", value)
    value = _ESCAPED.sub(r"\1", value).replace("{", "").replace("}", "")
    return _WHITESPACE.sub("", value)


def paper_fields(values: dict[str, Any], key: str, entry_type: str = "") -> dict[str, Any]:
    """Paper keyword arguments from one entry's lower-cased fields (and its type, kept for export)."""

    def text(name: str) -> str:
        value = values.get(name)
        return decode(value) if isinstance(value, str) else ""

    authors = values.get("author") or values.get("editor") or []
    if isinstance(authors, str):
        authors = [authors]
    venue = next((v for v in map(text, _VENUE_FIELDS) if v), "")
    url = _plain(str(values.get("url", "")))
    if not url:
        found = _URL_MACRO.search(str(values.get("howpublished", "")))
        url = _plain(found.group(1)) if found else ""
    doi = normal_doi(_plain(str(values.get("doi", ""))))
    if not doi and (in_url := _DOI_IN_URL.match(url)):
        doi = in_url.group(1)
    return {
        "title": text("title"),
        "authors": [name for name in (decode(n) for n in authors if isinstance(n, str)) if name],
        "year": _year(values),
        "venue": venue,
        "doi": doi,
        "arxiv": _arxiv(values, url, venue, doi),
        "url": url,
        "tags": _tags(text("keywords")),
        "bibkey": key,
        "bibtype": entry_type.lower(),
    }


def _year(values: dict[str, Any]) -> int | None:
    for name in ("year", "date"):
        found = _YEAR.search(str(values.get(name, "")))
        if found:
            return int(found.group(1))
    return None


def _arxiv(values: dict[str, Any], url: str, venue: str, doi: str) -> str:
    prefix = str(values.get("archiveprefix", "") or values.get("eprinttype", "")).strip("{} ").lower()
    if prefix == "arxiv":
        found = _ARXIV_BARE.match(_plain(str(values.get("eprint", ""))))
        if found:
            return found.group(1)
    for pattern, where in ((_ARXIV_URL, url), (_ARXIV_DOI, doi), (_ARXIV_TEXT, venue)):
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
        "{": r"\{",
        "}": r"\}",
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


def _encode_name(name: str) -> str:
    encoded = encode(name)
    # A name bibtexparser would split or reorder differently goes in braces, read back verbatim.
    reordered = parse_single_name_into_parts(encoded, strict=False).merge_last_name_first != encoded
    if reordered or not _PLAIN_NAME.match(encoded) or " and " in encoded.lower():
        return "{" + encoded + "}"
    return encoded


def write_bibtex(papers: Iterable[Paper]) -> str:
    """The reading list as BibTeX; titles are double-braced so styles keep their capitals."""
    library = bibtexparser.Library()
    used: set[str] = set()
    for paper in papers:
        fields = [BibField("title", "{" + encode(paper.title) + "}")]
        if paper.authors:
            fields.append(BibField("author", " and ".join(_encode_name(a) for a in paper.authors)))
        if paper.year is not None:
            fields.append(BibField("year", str(paper.year)))
        kind = paper.bibtype or ("article" if paper.venue else "misc")
        if paper.venue:
            where = "booktitle" if kind in _IN_A_BOOK else "journal"
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
    return bibtexparser.write_string(library)


# Entry types whose venue is the book or proceedings they appear in (`booktitle`), not a journal.
_IN_A_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook"})


def _unique_key(paper: Paper, used: set[str]) -> str:
    key = paper.bibkey if _VALID_KEY.match(paper.bibkey or "") else _made_key(paper)
    candidate, suffix = key, 0
    while candidate.lower() in used:
        suffix += 1
        candidate = f"{key}-{suffix}"
    used.add(candidate.lower())
    return candidate


def _made_key(paper: Paper) -> str:
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
