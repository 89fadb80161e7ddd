"""Text a user or a file supplied, made harmless for the place it is shown: one function per medium.

A title imported from a .bib file can hold an escape sequence that sets the terminal's title, writes
its clipboard (OSC 52), plants a hyperlink or clears the screen; a bidi override (U+202E) makes text
read backwards. Every C0 and C1 control character, DEL, the bidi controls and lone surrogates (the
bytes of a non-UTF-8 argument) are therefore shown as `less` shows them, visibly and inertly:

    ESC -> ^[    NUL -> ^@    DEL -> ^?    U+009B -> <U+009B>    U+202E -> <U+202E>    byte FF -> <FF>

The media:
- `terminal`: text the command line prints (line breaks and tabs kept);
- `widget`, `widget_line`: text in a Textual widget, an Input or a TextArea;
- `markdown`: the characters of a Markdown export or write-up (Markdown escaping is `services.markdown`'s);
- `bibtex`: a BibTeX export, in `<U+001B>` form only (`^` is special to LaTeX);
- `json_lossless`: serialised JSON, whose unsafe characters become `\\u` escapes: it reads back
  exactly as it was, and shows harmlessly on a terminal.
`is_safe` says whether a text needs none of this (for a format that must stay lossless, like YAML).
"""

from __future__ import annotations

import re

# Every character that must not reach a terminal as itself. Line breaks and tabs are matched too;
# each medium decides what becomes of them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_BUT_LAYOUT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# What a JSON serialiser leaves raw inside strings (it always escapes the C0 controls).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return _unicode_form(char)


def _unicode_form(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"<{code - 0xDC00:02X}>"  # a byte that was not UTF-8, as Python's surrogateescape keeps it
    return f"<U+{code:04X}>"


def is_safe(text: str) -> bool:
    """True when `text` holds no control character other than line breaks and tabs, no bidi control
    and no lone surrogate: it can reach a terminal as it is."""
    return _UNSAFE_BUT_LAYOUT.search(text) is None


def terminal(text: str) -> str:
    """What the command line prints: line breaks and tabs kept, everything else unsafe made visible.
    A lone carriage return is shown (`^M`): it would move the cursor back over what was printed."""
    if _UNSAFE_BUT_LAYOUT.search(text) is None:
        return text
    return _UNSAFE_BUT_LAYOUT.sub(lambda found: _shown(found.group()), text.replace("\r\n", "\n"))


def widget(text: str) -> str:
    """Text for a Textual widget that can show several lines (a Static, a TextArea, a toast): line
    breaks kept, a tab as a space, everything else unsafe made visible."""
    if _UNSAFE.search(text) is None:
        return text
    return terminal(text.replace("\t", " "))


def widget_line(text: str) -> str:
    """Text for one line of a widget (a pane's row, an Input): line breaks and tabs as spaces."""
    if _UNSAFE.search(text) is None:
        return text
    return terminal(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def markdown(text: str) -> str:
    """The characters of a Markdown document: line breaks and tabs kept, the rest made visible."""
    return terminal(text)


def bibtex(text: str) -> str:
    """A BibTeX document: line breaks and tabs kept, the rest as `<U+001B>` (never `^`, which LaTeX
    reads as a superscript)."""
    if _UNSAFE_BUT_LAYOUT.search(text) is None:
        return text
    return _UNSAFE_BUT_LAYOUT.sub(lambda found: _unicode_form(found.group()), text.replace("\r\n", "\n"))


def json_lossless(serialised: str) -> str:
    """Serialised JSON with every unsafe character inside its strings written as a `\\u` escape.

    Outside strings JSON holds only ASCII punctuation, digits and white space, and serialisers always
    escape the C0 controls, so every such character is inside a string, where the escape means exactly
    the same character: the data is unchanged."""
    if _UNSAFE_IN_JSON.search(serialised) is None:
        return serialised
    return _UNSAFE_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", serialised)
