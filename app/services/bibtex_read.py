"""A .bib file's entries as BibTeX reads them: `@string` macros and `#` concatenation expanded in file
order (with BibTeX's month macros), crossref parents' fields inherited, a repeated field read once,
and each entry's true line. LaTeX is left in; `bibtex.py` decodes what a paper keeps.

bibtexparser's splitter cuts the file into blocks, told where a value ends as BibTeX tells it (below).
Its middlewares are not used: they resolve a macro only when it is a field's whole value, know no
months, and its line count skips a line after every backslash that ends one (TUGboat writes `\\TeX\\`
at a line's end), so lines are counted here from where each block's text stands in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)
from bibtexparser.splitter import Splitter

from .import_report import READING, Progress, Unreadable

# The fields a paper is made from; the others (abstracts above all) are never expanded.
KEPT_FIELDS = frozenset((
    "title", "author", "editor", "year", "date", "journal", "journaltitle", "booktitle", "doi",
    "url", "howpublished", "eprint", "archiveprefix", "eprinttype", "primaryclass", "arxivid",
    "keywords", "crossref", "volume", "number", "pages",
))  # fmt: skip
# plain.bst and the standard styles define these; biblatex reads them as the numbers 1–12, which
# matters only where a month is concatenated into a kept field.
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS = {name[:3].lower(): name for name in _MONTH_NAMES}
# Entry types whose venue is the book or proceedings they appear in (`booktitle`), not a journal.
IN_A_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook"})
_MACRO_NAME = re.compile(r"[^\s#{}\"=,()]+")
# Escaped braces do not count, as bibtexparser's splitter (which found where the value ends) counts them.
_BRACES = re.compile(r"(?<!\\)[{}]")
_QUOTE_OR_BRACES = re.compile(r'(?<!\\)["{}]')
_TELL_EVERY = 64 * 1024  # characters split between two reports to the progress bar


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One entry: its 1-based line, key and type as written, kept fields (macros expanded, LaTeX in)."""

    line: int
    key: str
    entry_type: str
    fields: dict[str, str]
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class BibFile:
    entries: list[BibEntry] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


def read_entries(text: str, progress: Progress | None = None) -> BibFile:
    """Every entry of `text` in file order, and the blocks that are not valid BibTeX; `progress` is told
    how much of the text is split."""
    result = BibFile()
    macros = dict(MONTHS)
    pending: list[tuple[int, str, str, dict[str, str], list[str]]] = []
    for line, block in _blocks_with_lines(text, progress):
        inner = block.ignore_error_block if isinstance(block, DuplicateBlockKeyBlock) else block
        if isinstance(inner, String):
            notes: list[str] = []
            macros[inner.key.lower()] = _expand(inner.value, macros, notes) or ""
        elif isinstance(block, DuplicateFieldKeyBlock) or isinstance(inner, Entry):
            entry = block.ignore_error_block if isinstance(block, DuplicateFieldKeyBlock) else inner
            fields, notes = _fields(entry, macros)
            pending.append((line, entry.key, entry.entry_type.lower(), fields, notes))
        elif isinstance(block, ParsingFailedBlock):
            result.unreadable.append(_unreadable(line, block))
        elif not isinstance(block, Preamble | ExplicitComment | ImplicitComment):
            result.unreadable.append(Unreadable(line, "", "it is not valid BibTeX"))
    parents: dict[str, tuple[str, dict[str, str]]] = {}
    for _, key, kind, fields, _ in pending:
        parents.setdefault(key.lower(), (kind, fields))
    for line, key, kind, fields, notes in pending:
        if "crossref" in fields:
            _inherit(fields, kind, parents.get(fields["crossref"].strip().lower()), notes)
        result.entries.append(BibEntry(line, key, kind, fields, tuple(notes)))
    READING.tell(progress, 1, 1)
    return result


class _BibTeXSplitter(Splitter):
    """bibtexparser's splitter, but a value ends where BibTeX ends it: braces nest inside a quoted
    value too, and a quote closes it only outside them. bibtexparser ignores braces between quotes, so
    `"Einf{"u}hrung"` (babel's shorthand for ü) ended at the second quote and lost the entry, and
    `"x" # "{a"}"` lost its last part (a property test found it). It also tells the progress bar how
    far it has come, once a value starts past the next mark."""

    def __init__(self, text: str, progress: Progress | None) -> None:
        super().__init__(text)
        self._progress = progress
        self._tell_at = _TELL_EVERY

    def _move_to_comma_or_closing_delimiter(
        self, currently_quote_escaped: bool = False, num_open_curls: int = 0
    ) -> int:
        if self._progress is not None and self._current_char_index >= self._tell_at:
            READING.tell(self._progress, self._current_char_index, len(self.bibstr))
            self._tell_at = self._current_char_index + _TELL_EVERY
        quoted, depth = currently_quote_escaped, num_open_curls
        while True:
            mark = self._next_mark(accept_eof=False)
            char = mark.group(0)
            if char == '"' and depth == 0:
                quoted = not quoted
            elif char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif char in (",", self._closing_delimiter) and depth == 0 and not quoted:
                self._unaccepted_mark = mark
                return mark.start()
            elif char.startswith("@") and self._is_at_line_start(mark.start()):
                # A new block on a line of its own: this value was never closed (the splitter's own
                # recovery, as bibtexparser words it).
                self._unaccepted_mark = mark
                closing = '`"`' if quoted else "`}`" if depth else f"`,` or `{self._closing_delimiter}`"
                raise BlockAbortedException(
                    abort_reason=f"Unexpected block start: `{char}`. "
                    f"Was still looking for field-value closing {closing} ",
                    end_index=mark.start() - 1,
                )


def _blocks_with_lines(text: str, progress: Progress | None) -> Iterator[tuple[int, Block]]:
    """Each block with the line its text starts on, found from where its text stands in the file."""
    library = _BibTeXSplitter(text, progress).split()
    padded = "\n" + text  # as the splitter reads it
    position = line = 0
    for block in library.blocks:
        raw = block.raw or ""
        found = padded.find(raw, position) if raw else -1
        if found >= 0:
            line += padded.count("\n", position, found)
            position = found
        yield max(line, 1), block


def _fields(entry: Entry, macros: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    fields: dict[str, str] = {}
    notes: list[str] = []
    for bib_field in entry.fields:
        name = bib_field.key.lower()
        if name not in KEPT_FIELDS:
            continue
        if name in fields:
            notes.append(f"the field “{name}” appears twice; the first is kept, as BibTeX keeps it")
            continue
        value = _expand(bib_field.value, macros, notes)
        if value is None:
            notes.append(f"the value of “{name}” is not valid BibTeX; it is kept as written")
            value = bib_field.value
        fields[name] = value
    return fields, notes


def _expand(raw: str, macros: dict[str, str], notes: list[str]) -> str | None:
    """A field value as BibTeX reads it: `{…}`, `"…"`, numbers and macros joined by `#`; None if it is
    none of those. An undefined macro reads as nothing, as in BibTeX, and is noted."""
    parts: list[str] = []
    position, end = 0, len(raw)
    while True:
        while position < end and raw[position].isspace():
            position += 1
        if position >= end:
            return None
        opening = raw[position]
        if opening in '{"':
            closing = _closing(raw, position)
            if closing < 0:
                return None
            parts.append(raw[position + 1 : closing])
            position = closing + 1
        else:
            found = _MACRO_NAME.match(raw, position)
            if not found:
                return None
            name = found.group(0)
            if name.isdigit():
                parts.append(name)
            elif name.lower() in macros:
                parts.append(macros[name.lower()])
            else:
                notes.append(f"the @string macro “{name}” is not defined; BibTeX reads it as empty")
            position = found.end()
        while position < end and raw[position].isspace():
            position += 1
        if position >= end:
            return "".join(parts)
        if raw[position] != "#":
            return None
        position += 1


def _closing(raw: str, start: int) -> int:
    """Where the `{…}` or `"…"` opening at `start` closes (a `"` closes only outside braces), or -1."""
    quoted = raw[start] == '"'
    depth = 0 if quoted else 1
    for found in (_QUOTE_OR_BRACES if quoted else _BRACES).finditer(raw, start + 1):
        char = found.group(0)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quoted:
                return found.start()
            if depth < 0:
                return -1
        elif depth == 0:
            return found.start()
    return -1


def _inherit(
    fields: dict[str, str], kind: str, parent: tuple[str, dict[str, str]] | None, notes: list[str]
) -> None:
    """BibTeX's crossref: the child takes every field it lacks from its parent. Where the parent has
    no `booktitle`, its title is the child's book title, as biber reads it (BibTeX would leave none)."""
    if parent is None:
        notes.append(f"its crossref “{fields['crossref']}” names no entry of the file")
        return
    parent_kind, parent_fields = parent
    for name, value in parent_fields.items():
        if name != "crossref":
            fields.setdefault(name, value)
    if "booktitle" not in fields and kind in IN_A_BOOK and parent_kind != kind and "title" in parent_fields:
        fields["booktitle"] = parent_fields["title"]


def _unreadable(line: int, block: ParsingFailedBlock) -> Unreadable:
    found = _RAW_KEY.match(block.raw or "")
    key = found.group(1) if found else ""
    reason = getattr(block.error, "abort_reason", "") or str(block.error) or type(block.error).__name__
    return Unreadable(line, key, f"it is not valid BibTeX ({_first_line(reason)})")


_RAW_KEY = re.compile(r"\s*@\w+\s*[{(]\s*([^,\s{}()]+)\s*,")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip() if text.strip() else ""
