"""The text of a .bib file whatever it was saved in: the encoding asked for, else a byte-order mark,
else UTF-8, else the encoding the file declares (JabRef's `% Encoding: …`, Emacs's `-*- coding: … -*-`,
TeXShop's `% !TEX encoding = …`), else GBK when its bytes are Chinese in GBK, else Windows-1252 (the
usual encoding of older Windows exports; it reads every Latin-1 file the same), with a warning naming
the encoding used.

No detection library: charset-normalizer read all four real Latin files of the tests as Baltic
(cp775) or HP Roman-8 (`Kühnel` became `K³hnel`), and chardet (3.6 MB) guessed right with a confidence
of 0.03–0.10. What a guess must tell apart here is narrower: Chinese in GBK writes
every character as two bytes of 0xA1–0xFE, while a Latin file has its accented letters one byte each,
between ASCII letters.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .import_report import TransferError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    r"%\s*Encoding:\s*([\w.:-]+)"
    r"|-\*-.*?coding:\s*([\w.:-]+).*?-\*-"
    r"|%\s*!(?:TEX|BIB)\s+(?:TS-program\s*=\s*\S+\s+)?encoding\s*=\s*([\w.:-]+)",
    re.IGNORECASE,
)
_FALLBACK = "cp1252"
# A byte above ASCII starts a two-byte GBK character; of those, GB2312's (simplified Chinese, both
# bytes 0xA1–0xFE) are the common ones.
_GBK_PAIR = re.compile(rb"[\x81-\xfe].", re.DOTALL)
_GB2312_PAIR = re.compile(rb"[\xa1-\xfe]{2}")
# GBK's extension pairs hold rare and traditional characters: a few may stand among the common ones.
_GB2312_SHARE = 0.9


def bib_text(raw: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """The file's text, and a warning for the report when it was not read as UTF-8 (else "")."""
    if encoding:
        codec = _codec(encoding)
        if codec is None:
            raise TransferError(
                f"“{encoding}” is not an encoding Python knows: give one such as latin-1 or gbk."
            )
        return _strict(raw, path, codec, f"in the encoding asked for ({encoding})"), ""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, path, codec, "in the encoding its byte-order mark names"), ""
    if b"\0" in raw:
        raise TransferError(f"{path} holds binary data, not text: nothing was imported.")
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    declared = _declared(raw)
    if declared is not None:
        name, codec = declared
        try:
            return raw.decode(
                codec
            ), f"{path} is not UTF-8; it was read as {name}, as its first lines declare."
        except UnicodeDecodeError:
            pass
    undeclared = f"{path} is not UTF-8 (line {line} has a byte that is not) and declares no encoding"
    if _looks_gbk(raw):
        return raw.decode("gbk"), (
            f"{undeclared}; its bytes read as Chinese, so it was read as GBK: if letters look wrong, "
            "import it again with --encoding (for example big5, shift_jis or euc-kr)."
        )
    codec = _FALLBACK
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        codec, text = "latin-1", raw.decode("latin-1")
    name = "Windows-1252" if codec == _FALLBACK else "Latin-1"
    return text, (
        f"{undeclared}; it was read as {name}: if letters look wrong, import it again with --encoding "
        "(for example gbk or latin-2)."
    )


def _looks_gbk(raw: bytes) -> bool:
    """Are the bytes above ASCII GBK's two-byte characters, nearly all of them GB2312's?

    A Latin file fails: `für` is 0xFC then `r`, a pair outside GB2312 (and `é ` is no GBK at all).
    EUC-KR and EUC-JP use the same byte ranges and would pass; the warning names GBK, so a Korean or
    Japanese file is imported again with --encoding."""
    pairs = _GBK_PAIR.findall(raw)
    if not pairs:
        return False
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return False
    common = sum(1 for pair in pairs if _GB2312_PAIR.fullmatch(pair))
    return common >= _GB2312_SHARE * len(pairs)


def _codec(name: str) -> str | None:
    # Emacs names the line ends too (`latin-9-unix`), and writes `latin-9` for Python's `latin9`.
    bare = re.sub(r"-(unix|dos|mac)$", "", name)
    for candidate in (name, bare, bare.replace("-", "")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def _declared(raw: bytes) -> tuple[str, str] | None:
    found = _DECLARED.search(raw[:4096].decode("latin-1"))
    if not found:
        return None
    name = next(group for group in found.groups() if group)
    codec = _codec(name)
    return (name, codec) if codec else None


def _strict(raw: bytes, path: Path, codec: str, how: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise TransferError(
            f"{path} cannot be read {how}: line {line} has a byte that is not {codec}."
        ) from None
