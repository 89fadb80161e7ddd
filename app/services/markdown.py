"""Markdown pieces shared by the journal export and the write-ups: user text shown literally,
papers as references."""

from __future__ import annotations

import re

from dualtui.domain import Entry, Paper, safe_text

# Emphasis, code, links, and `<` where it would open an HTML tag or autolink; the rest reads as is.
_SPECIAL = re.compile(r"([\\`*_\[\]]|<(?=[A-Za-z/!?]))")


def md(text: str) -> str:
    """User text on one line, its Markdown characters escaped so it reads exactly as typed, and its
    control characters shown (`safe_text.markdown`)."""
    return _SPECIAL.sub(r"\\\1", safe_text.markdown(" ".join(str(text).split())))


def link(address: str) -> str:
    """`<address>` as an autolink when it can be one, else the address as text."""
    address = address.strip()
    if not address or not safe_text.is_safe(address) or any(c in address for c in " \t\n<>"):
        return md(address)
    return f"<{address}>"


def reference(paper: Paper) -> str:
    """`Vaswani, Shazeer (2017). *Attention Is All You Need*. NeurIPS. doi:…` in one line."""
    parts = []
    if paper.authors:
        # Names are stored "Last, First", so they are set apart with semicolons.
        names = "; ".join(paper.authors[:6]) + ("; et al." if len(paper.authors) > 6 else "")
        parts.append(md(names) + (f" ({paper.year})." if paper.year else "."))
    elif paper.year:
        parts.append(f"({paper.year}).")
    parts.append(f"*{md(paper.title)}*.")
    if paper.venue:
        parts.append(md(paper.venue) + ".")
    address = paper_link(paper)
    if address:
        parts.append(link(address))
    return " ".join(parts)


def paper_link(paper: Paper) -> str:
    """Where a paper can be read: its DOI, else its arXiv page, else its URL ("" when none)."""
    if paper.doi:
        return f"https://doi.org/{paper.doi}"
    if paper.arxiv:
        return f"https://arxiv.org/abs/{paper.arxiv}"
    return paper.url


def entry_line(entry: Entry, *, with_date: bool = True) -> str:
    when = f"{entry.at:%Y-%m-%d} " if with_date else ""
    return f"{when}**{entry.kind.value}** ({entry.ref}): {md(entry.text)}"
