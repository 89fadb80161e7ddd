"""LaTeX in .bib fields to clean, single-spaced Unicode, as a reader of the typeset bibliography sees it.

pylatexenc does the decoding. Stock pylatexenc drops every macro it has no text for, with its argument:
`{\\TeX} at CalTech` became "at CalTech". Here the macros BibTeX users write get their text (the
logos, `\\slash`, `\\hyphen`, font switches), a macro with an argument keeps the argument's text
(`\\texttt{x}` → x), and any other macro keeps its name (`\\tubissue`) and is counted, so the import
report can say which names it kept.

pylatexenc costs about a millisecond a value, more than bibtexparser's whole parse of an entry, so
most values never reach it: accents (`{\\"u}`, `\\'e`, `\\L{}`) become their letters through a cache,
and text whose only LaTeX is then braces, ties and TeX's ligatures (`--`, ``` `` ```) is read by a
table made from pylatexenc's own output (a property test holds the two paths equal).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.macrospec import MacroSpec

_WHITESPACE = re.compile(r"\s+")
# Text with none of these needs pylatexenc; without these either, no decoding at all.
_NEEDS_PARSER = re.compile(r"[\\$%&^\"]")
_LIGATURES = ("---", "--", "``", "''", "!`", "?`")
# What the table reads: a control word that takes no argument (its spaces after, eaten as TeX eats
# them; its letters as pylatexenc reads them, `é` too), an escaped character, a brace, a tie, a ligature.
_SIMPLE_TOKEN = re.compile(
    r"\\([^\W\d_]+)\s*|\\([&%_#$ \n/@])|[{}~]|" + "|".join(re.escape(ligature) for ligature in _LIGATURES)
)
# A LaTeX accent or special letter, braced (`{\"u}`, `{\v S}`, `{\L}`) or not (`\"u`, `\'\i`, `\L{}`).
_LETTER = r"(?:\{\\?[A-Za-z]\}|\\?[A-Za-z])"
_SYMBOL_ACCENT = r"\\[`'^\"~=.]\s*" + _LETTER
_LETTER_ACCENT = r"\\[uvHckrdbt](?:\s*\{\\?[A-Za-z]\}|\s+\\?[A-Za-z])"
_SPECIAL = r"\\(?:ss|aa|AA|ae|AE|oe|OE|[oOlLij])"
_ACCENT = "(?:" + _SYMBOL_ACCENT + "|" + _LETTER_ACCENT + ")"
_ACCENTED = re.compile(
    r"\{(?:" + _ACCENT + "|" + _SPECIAL + r")\}|" + _ACCENT + "|" + _SPECIAL + r"(?:\{\}|(?![A-Za-z])\s*)"
)
# Google Scholar writes a protected group as `$\{$USENIX$\}$`: literal braces nobody means.
_SCHOLAR_BRACES = re.compile(r"\$\\[{}]\$")
# In LaTeX a bare `%` starts a comment and a bare `&` is an alignment tab; in a .bib field people mean
# the characters (`50% off`, `R&D`), and BibTeX keeps them. So does a `$` that opens no formula.
_BARE = re.compile(r"(?<!\\)[%&]")
_DOLLAR = re.compile(r"(?<!\\)\$")

# The logos and names TeX users type as macros, as they print.
_LOGOS = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2ε",
    "LaTeXTeX": "(La)TeX",
    "AllTeX": "(La)TeX",
    "BibTeX": "BibTeX",
    "BibLaTeX": "BibLaTeX",
    "AmS": "AMS",
    "AMS": "AMS",
    "AmSTeX": "AMS-TeX",
    "AMSTeX": "AMS-TeX",
    "AmSLaTeX": "AMS-LaTeX",
    "AMSLaTeX": "AMS-LaTeX",
    "LAMSTeX": "LAMS-TeX",
    "MF": "Metafont",
    "METAFONT": "METAFONT",
    "MP": "MetaPost",
    "METAPOST": "METAPOST",
    "PS": "PostScript",
    "eTeX": "ε-TeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "ConTeXt": "ConTeXt",
    "PiCTeX": "PiCTeX",
    "SliTeX": "SliTeX",
    "MiKTeX": "MiKTeX",
    "ExTeX": "ExTeX",
    "plainTeX": "plain TeX",
    "TUB": "TUGboat",
    "TUGboat": "TUGboat",
    "tug": "TUG",
    "TUG": "TUG",
    "TeXLive": "TeX Live",
    "LyX": "LyX",
    "OMEGA": "Omega",
    "NTS": "NTS",
    "CTAN": "CTAN",
    "DVI": "DVI",
    "PDF": "PDF",
    "HTML": "HTML",
    "XML": "XML",
    "SGML": "SGML",
    "VAX": "VAX",
    "UNIX": "UNIX",
    "DVD": "DVD",
    "WEB": "WEB",
    "CWEB": "CWEB",
}
# Symbols and punctuation macros, as they print.
_SYMBOLS = {
    "slash": "/",
    "hyphen": "-",
    "textunderscore": "_",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "S": "§",
    "P": "¶",
    "pounds": "£",
    "TM": "™",
    "nobreakspace": " ",
    "thinspace": " ",
    "\n": " ",  # a backslash at a line's end: TeX's control space
    "Dash": "—",
    "dash": "—",
    "bs": "\\",
}
# Macros with one argument that the parser must be told of, so their argument is theirs: what they print.
_ONE_ARGUMENT = {
    "acro": "%s",  # TUGboat's acronyms
    "noopsort": "",  # sorts and prints nothing (xampl.bib's @preamble defines it so; BibTeX users copy it)
    "hbox": "%s",
}
# Macros that print nothing themselves: spacing, line-break hints, font and size switches.
_SILENT = (
    "@", "/", "relax", "protect", "allowbreak", "newblock", "linebreak", "nolinebreak", "break", "unskip",
    "null", "strut", "bf", "it", "em", "rm", "sf", "tt", "sc", "sl", "up", "md", "normalfont", "itshape",
    "bfseries", "scshape", "upshape", "mdseries", "slshape", "rmfamily", "sffamily", "ttfamily", "tiny",
    "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge",
)  # fmt: skip


class _Decoder:
    """pylatexenc with the catalogue above; `unknown` collects the names of macros kept as written."""

    def __init__(self) -> None:
        context = get_default_latex_context_db()
        macros = [MacroTextSpec(name, simplify_repl=text) for name, text in {**_LOGOS, **_SYMBOLS}.items()]
        macros += [
            MacroTextSpec(name, simplify_repl=text) if text else MacroTextSpec(name, discard=True)
            for name, text in _ONE_ARGUMENT.items()
        ]
        macros += [MacroTextSpec(name, discard=True) for name in _SILENT]
        # Like bibtexparser's own decoder, keep a URL bare; and read `\textasciicircum` as the ASCII
        # caret the export writes for `^`, not the modifier letter pylatexenc picks.
        macros += [
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
        ]
        context.add_context_category("dualtui", prepend=True, macros=macros)
        context.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=self._unknown))
        self.latex = LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="text")
        self.parsing = latexwalker.get_default_latex_context_db()
        self.parsing.add_context_category(
            "dualtui", prepend=True, macros=[MacroSpec(name, "{") for name in _ONE_ARGUMENT]
        )
        self.unknown: set[str] = set()

    def _unknown(self, node, l2tobj) -> str:
        arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
        if any(arguments):
            # A macro the parser knows takes arguments (`\texttt{x}`, `\mbox{x}`): its text is theirs.
            return "".join(l2tobj.node_to_text(argument) for argument in arguments if argument is not None)
        self.unknown.add("\\" + node.macroname)
        # TeX reads a control word up to its first non-letter, so a space after it keeps it apart.
        return "\\" + node.macroname + (" " if node.macroname[:1].isalpha() else "")


_DECODER = _Decoder()
_SIMPLE_TEXT = {"{": "", "}": "", "~": " "} | {lig: _DECODER.latex.latex_to_text(lig) for lig in _LIGATURES}
_SIMPLE_WORDS = {**_LOGOS, **_SYMBOLS, **dict.fromkeys(_SILENT, "")}
_SIMPLE_SYMBOLS = {" ": " ", "\n": " ", "/": "", "@": ""}


def decode(value: str, unknown: set[str] | None = None) -> str:
    """LaTeX to clean, single-spaced Unicode: `T{\\"u}rpe` → `Türpe`, `{{BCI}}` → `BCI`, `\\TeX` → TeX.

    The names of macros kept as written (no text known for them) are added to `unknown`."""
    if "\\" in value:
        value = letters(value)
    simple = _simple(value)
    if simple is None:
        simple, kept = _parsed(value)
        if unknown is not None:
            unknown.update(kept)
    return _WHITESPACE.sub(" ", simple).strip()


def _simple(value: str) -> str | None:
    """What pylatexenc would make of `value`, if only the table's tokens are LaTeX in it; else None."""
    if not _SIMPLE_TOKEN.search(value):
        return None if _NEEDS_PARSER.search(value) else value
    out: list[str] = []
    position = 0
    for found in _SIMPLE_TOKEN.finditer(value):
        between = value[position : found.start()]
        if _NEEDS_PARSER.search(between):
            return None
        word, symbol = found.group(1), found.group(2)
        if word is not None:
            text = _SIMPLE_WORDS.get(word)
            if text is None:
                return None
        elif symbol is not None:
            text = _SIMPLE_SYMBOLS.get(symbol, symbol)
        else:
            text = _SIMPLE_TEXT[found.group(0)]
        out += (between, text)
        position = found.end()
    rest = value[position:]
    if _NEEDS_PARSER.search(rest):
        return None
    out.append(rest)
    return "".join(out)


def letters(value: str) -> str:
    """`value` with each LaTeX accent or special letter replaced by the letter it prints."""
    return _ACCENTED.sub(_letter, value)


def _letter(match: re.Match[str]) -> str:
    return _accented_letter(match.group(0))


@lru_cache(maxsize=4096)
def _accented_letter(command: str) -> str:
    text = _DECODER.latex.latex_to_text(command, latex_context=_DECODER.parsing)
    return text if len(text) == 1 else command


@lru_cache(maxsize=4096)
def _parsed(value: str) -> tuple[str, frozenset[str]]:
    value = _BARE.sub(r"\\\g<0>", _SCHOLAR_BRACES.sub("", value))
    if len(_DOLLAR.findall(value)) % 2:
        value = _DOLLAR.sub(r"\\$", value)
    _DECODER.unknown = set()
    return _DECODER.latex.latex_to_text(value, latex_context=_DECODER.parsing), frozenset(_DECODER.unknown)
