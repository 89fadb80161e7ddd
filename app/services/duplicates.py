"""When an imported entry is a paper the journal (or the file, further up) already holds: the same work.

The same work is the same DOI with no conflicting arXiv id; the same arXiv id with no conflicting DOI
and authors in common (Mendeley has been seen to copy one arXiv id onto unrelated papers); or the same
title, normalised, with no conflicting DOI, arXiv id or URL, authors in common (or none on one side:
xampl's minimal entries) and the same year (or none on one side). A shared title alone is not enough:
"Introduction" and "From the President" head many different works, a year apart or by other people,
and a journal's column ("AMS site report") comes out twice a year by the same people, each issue at
its own URL. Two entries of one file also differ when their volume, number and pages do (a journal
does not keep those).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dualtui.domain import Kind, Paper, Snapshot

if TYPE_CHECKING:
    from dualtui.store import Transaction

_NOT_WORD = re.compile(r"[\W_]+")


# Every ASCII character but letters and digits: dropped by one `translate`, which for an ASCII title
# gives what the Unicode path gives, five times faster (a hand-added paper is checked against them all).
_ASCII_DROP = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum()))


def normal_title(title: str) -> str:
    """Case, accents, spacing and punctuation removed: `Türpe: A-B` and `turpe a b` match."""
    if title.isascii():
        return title.lower().translate(_ASCII_DROP) or title.casefold()
    folded = unicodedata.normalize("NFKD", title.casefold())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_WORD.sub("", letters) or title.casefold()


def normal_arxiv(arxiv: str) -> str:
    return re.sub(r"v\d+$", "", arxiv.strip().lower().removeprefix("arxiv:"))


def surname(name: str) -> str:
    """The family name of a stored name ("Last, First", or "First Last"), folded for comparing."""
    family = name.split(",")[0] if "," in name else (name.split() or [""])[-1]
    return normal_title(family)


@dataclass(frozen=True, slots=True)
class _Seen:
    where: str  # "p12", or "the entry at line 33" (a dry run gives file entries no id)
    doi: str
    arxiv: str
    url: str
    issue: str  # volume, number and pages, for entries of the file being imported
    surnames: frozenset[str]
    year: int | None


class Duplicates:
    """The papers seen so far (the journal's, then each new one), indexed by DOI, arXiv id and title."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        self._by: dict[tuple[str, str], list[_Seen]] = defaultdict(list)
        for paper in papers:
            self.remember(paper, str(paper.ref))

    def reason(self, paper: Paper, issue: str = "") -> str:
        """Why `paper` is a work already seen ("a duplicate of p12: …"), or "" if it is new."""
        found = self.match(paper, issue)
        return "" if found is None else f"a duplicate of {found[0]}: {found[1]}"

    def match(self, paper: Paper, issue: str = "") -> tuple[str, str] | None:
        """Where `paper` was seen already and what they share ("the same DOI …"), or None."""
        doi, arxiv, surnames = _folded_doi(paper.doi), normal_arxiv(paper.arxiv), _surnames(paper)
        if doi:
            for seen in self._by[("doi", doi)]:
                if not _conflict(arxiv, seen.arxiv):
                    return seen.where, f"the same DOI {paper.doi}"
        if arxiv:
            for seen in self._by[("arxiv", arxiv)]:
                if not _conflict(doi, seen.doi) and (
                    surnames & seen.surnames or not surnames or not seen.surnames
                ):
                    return seen.where, f"the same arXiv id {paper.arxiv}"
        for seen in self._by[("title", normal_title(paper.title))]:
            if any(
                map(_conflict, (doi, arxiv, paper.url, issue), (seen.doi, seen.arxiv, seen.url, seen.issue))
            ):
                continue
            same_people = bool(surnames & seen.surnames) or not surnames or not seen.surnames
            same_year = paper.year is None or seen.year is None or paper.year == seen.year
            if same_people and same_year:
                return seen.where, "the same title, authors and year"
        return None

    def remember(self, paper: Paper, where: str, issue: str = "") -> None:
        seen = _Seen(
            where,
            _folded_doi(paper.doi),
            normal_arxiv(paper.arxiv),
            paper.url,
            issue,
            _surnames(paper),
            paper.year,
        )
        if seen.doi:
            self._by[("doi", seen.doi)].append(seen)
        if seen.arxiv:
            self._by[("arxiv", seen.arxiv)].append(seen)
        self._by[("title", normal_title(paper.title))].append(seen)


class KnownPapers:
    """The journal's papers as a paper added by hand is checked against them. Once `index` has run (the
    app runs it after its first frame), they are indexed by normal title, DOI and arXiv id and kept
    between checks: records are replaced, never changed, so a check only indexes the papers that are
    not the objects it indexed last time (a pass of identity tests), and an entry a replaced or deleted
    paper left behind is dropped when it is looked up. Until then a check is one pass over them."""

    def __init__(self) -> None:
        self._seen: dict[int, Paper] = {}
        self._by: dict[str, list[int]] = {}

    def duplicate_of(self, tx: Transaction, paper: Paper) -> tuple[Paper, str] | None:
        """The paper of the journal (as `tx` reads it) that `paper` is the same work as, and what they
        share; or None."""
        if self._seen:
            snapshot = tx.snapshot
            papers, keys = snapshot.papers, set(_keys(paper))
            self.index(snapshot)
            numbers = sorted({n for key in keys for n in self._by.get(key, ())})
            candidates = [papers[n] for n in numbers if n in papers and not keys.isdisjoint(_keys(papers[n]))]
        else:
            # Not indexed (a command adds one paper and ends): one pass over the stored titles and
            # identifiers is cheaper than an index, and builds only the papers that share one.
            title, doi, arxiv = normal_title(paper.title), _folded_doi(paper.doi), normal_arxiv(paper.arxiv)

            def shares_one(other_title: str, other_doi: str, other_arxiv: str) -> bool:
                return (
                    normal_title(other_title) == title
                    or bool(doi and _folded_doi(other_doi) == doi)
                    or bool(arxiv and other_arxiv and normal_arxiv(other_arxiv) == arxiv)
                )

            found_papers = tx.records_where(Kind.PAPER, ("title", "doi", "arxiv"), shares_one)
            candidates = [other for other in found_papers if isinstance(other, Paper)]
        found = Duplicates(candidates).match(paper)
        if found is None:
            return None
        other = next(c for c in candidates if str(c.ref) == found[0])
        if found[1].startswith("the same title"):
            # By hand, often a title alone: say what the two have in common, not what might be.
            shared = ["title"]
            shared += ["authors"] if paper.authors and other.authors else []
            shared += ["year"] if paper.year is not None and other.year is not None else []
            return other, "the same " + _listed(shared)
        return other, found[1]

    def index(self, snapshot: Snapshot) -> None:
        """Index the papers not indexed as they are now."""
        seen, by = self._seen, self._by
        for number, paper in snapshot.papers.items():
            if seen.get(number) is not paper:
                seen[number] = paper
                for key in _keys(paper):
                    by.setdefault(key, []).append(number)


def _keys(paper: Paper) -> list[str]:
    """The index's keys of a paper: its normal title, and its DOI and arXiv id if it has them (each
    marked, so a title never matches an identifier)."""
    keys = [normal_title(paper.title)]
    if paper.doi:
        keys.append("doi:" + _folded_doi(paper.doi))
    if paper.arxiv:
        keys.append("arxiv:" + normal_arxiv(paper.arxiv))
    return keys


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _folded_doi(doi: str) -> str:
    return doi.strip().lower()


def _surnames(paper: Paper) -> frozenset[str]:
    # A volume of proceedings has editors, not authors.
    return frozenset(filter(None, map(surname, paper.authors or paper.editors)))


def _conflict(mine: str, theirs: str) -> bool:
    return bool(mine and theirs and mine != theirs)
