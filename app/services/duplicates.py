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
from dataclasses import dataclass

from dualtui.domain import Paper, Snapshot

_NOT_WORD = re.compile(r"[\W_]+")


def normal_title(title: str) -> str:
    """Case, accents, spacing and punctuation removed: `Türpe: A-B` and `turpe a b` match."""
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

    def __init__(self, snapshot: Snapshot) -> None:
        self._by: dict[tuple[str, str], list[_Seen]] = defaultdict(list)
        for paper in snapshot.papers.values():
            self.remember(paper, str(paper.ref))

    def reason(self, paper: Paper, issue: str = "") -> str:
        """Why `paper` is a work already seen ("a duplicate of p12: …"), or "" if it is new."""
        doi, arxiv, surnames = _doi(paper), normal_arxiv(paper.arxiv), _surnames(paper)
        if doi:
            for seen in self._by[("doi", doi)]:
                if not _conflict(arxiv, seen.arxiv):
                    return f"a duplicate of {seen.where}: the same DOI {paper.doi}"
        if arxiv:
            for seen in self._by[("arxiv", arxiv)]:
                if not _conflict(doi, seen.doi) and (
                    surnames & seen.surnames or not surnames or not seen.surnames
                ):
                    return f"a duplicate of {seen.where}: the same arXiv id {paper.arxiv}"
        for seen in self._by[("title", normal_title(paper.title))]:
            if any(
                map(_conflict, (doi, arxiv, paper.url, issue), (seen.doi, seen.arxiv, seen.url, seen.issue))
            ):
                continue
            same_people = bool(surnames & seen.surnames) or not surnames or not seen.surnames
            same_year = paper.year is None or seen.year is None or paper.year == seen.year
            if same_people and same_year:
                return f"a duplicate of {seen.where}: the same title, authors and year"
        return ""

    def remember(self, paper: Paper, where: str, issue: str = "") -> None:
        seen = _Seen(
            where, _doi(paper), normal_arxiv(paper.arxiv), paper.url, issue, _surnames(paper), paper.year
        )
        if seen.doi:
            self._by[("doi", seen.doi)].append(seen)
        if seen.arxiv:
            self._by[("arxiv", seen.arxiv)].append(seen)
        self._by[("title", normal_title(paper.title))].append(seen)


def _doi(paper: Paper) -> str:
    return paper.doi.strip().lower()


def _surnames(paper: Paper) -> frozenset[str]:
    # A volume of proceedings has editors, not authors.
    return frozenset(filter(None, map(surname, paper.authors or paper.editors)))


def _conflict(mine: str, theirs: str) -> bool:
    return bool(mine and theirs and mine != theirs)
