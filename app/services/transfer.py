"""Import into the journal: BibTeX/biblatex into the reading queue, or dualtui's own export into an
empty journal. Every import is one journal transaction: all of it lands, or none of it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from dualtui.domain import Paper, Ref, Snapshot
from dualtui.store import Journal
from dualtui.store.files import atomic_write

from .clock import Clock
from .import_report import Added, ImportReport, Skipped, TransferError

MAX_IMPORT_BYTES = 64 * 1024 * 1024
BIBTEX_SUFFIXES = (".bib", ".bibtex", ".biblatex")
EXPORT_SUFFIXES = (".json", ".yaml", ".yml")


EXPORT_FORMATS = ("markdown", "json", "yaml", "bibtex")


class TransferService:
    """The journal in and out: imports (one transaction each) and exports (read from the journal)."""

    def __init__(self, journal: Journal, clock: Clock) -> None:
        self.journal = journal
        self.clock = clock

    def import_file(self, path: Path, *, dry_run: bool = False) -> ImportReport:
        return import_file(self.journal, self.clock, path, dry_run=dry_run)

    def export(self, fmt: str) -> str:
        """The whole journal as text: Markdown to read, JSON or YAML to restore, BibTeX for the papers."""
        snapshot = self.journal.snapshot()
        if fmt == "markdown":
            from .journal_markdown import journal_markdown

            return journal_markdown(snapshot, self.clock.today())
        if fmt == "bibtex":
            from .bibtex import write_bibtex

            return write_bibtex(snapshot.papers.values())
        if fmt in ("json", "yaml"):
            from . import dump

            data = dump.export_data(snapshot, self.journal.meta)
            return dump.to_json(data) if fmt == "json" else dump.to_yaml(data)
        raise TransferError(f"“{fmt}” is not an export format: use {', '.join(EXPORT_FORMATS)}.")

    def write_export(self, path: Path, text: str) -> None:
        write_export(path, text)


def import_file(journal: Journal, clock: Clock, path: Path, *, dry_run: bool = False) -> ImportReport:
    """Import `path` by its kind: .bib adds papers, .json/.yaml restores an export into an empty journal."""
    suffix = path.suffix.lower()
    if suffix not in BIBTEX_SUFFIXES + EXPORT_SUFFIXES:
        raise TransferError(
            f"{path} is not a file dualtui imports: give a BibTeX file (.bib) or a dualtui export "
            f"(.json, .yaml)."
        )
    text = read_text(path)
    if suffix in BIBTEX_SUFFIXES:
        return import_bibtex(journal, clock, path, text, dry_run=dry_run)
    from .dump import restore

    return restore(journal, path, text, "json" if suffix == ".json" else "yaml", dry_run=dry_run)


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise TransferError(
                f"{path} is {size // (1024 * 1024)} MB; dualtui imports files up to "
                f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TransferError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise TransferError(f"{path} is a folder, not a file to import.") from None
    except OSError as error:
        raise TransferError(f"Cannot read {path}: {error.strerror or error}.") from None
    if b"\0" in raw:
        raise TransferError(f"{path} holds binary data, not text: nothing was imported.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise TransferError(
            f"{path} is not UTF-8 text (line {line} has a byte that is not): "
            "save it as UTF-8 and import again."
        ) from None


def write_export(path: Path, text: str) -> None:
    """Write an export atomically; private (0600), like the journal it copies."""
    target = path.expanduser()
    if target.is_dir():
        raise TransferError(f"{target} is a folder: give a file name with -o.")
    try:
        atomic_write(target, text.encode())
    except OSError as error:
        raise TransferError(f"Cannot write {target}: {error.strerror or error}.") from None


# --- BibTeX ------------------------------------------------------------------------------------


def import_bibtex(
    journal: Journal, clock: Clock, path: Path, text: str, *, dry_run: bool = False
) -> ImportReport:
    from .bibtex import read_bibtex

    bib = read_bibtex(text)
    report = ImportReport(source=path, dry_run=dry_run)
    report.unreadable = list(bib.unreadable)
    report.skipped = [Skipped(p.line, p.key, p.reason) for p in bib.untitled]
    if not bib.entries and not bib.untitled and not bib.unreadable:
        raise TransferError(f"{path} holds no BibTeX entries: nothing was imported.")
    if not bib.entries:
        return report
    now = clock.now()

    def plan(snapshot: Snapshot) -> list[tuple[int, Paper]]:
        seen = Duplicates(snapshot)
        fresh: list[tuple[int, Paper]] = []
        for entry in bib.entries:
            paper = Paper(id=0, added=now, **entry.fields)
            reason = seen.reason(paper, entry.line)
            if reason:
                report.skipped.append(Skipped(entry.line, paper.title, reason))
            else:
                fresh.append((entry.line, paper))
        return fresh

    if dry_run:
        journal.refresh()
        fresh = plan(journal.snapshot())
        report.added = [Added(line, Ref(Paper.KIND, 0), paper.title) for line, paper in fresh]
    else:
        with journal.transaction() as tx:
            fresh = plan(tx.snapshot)
            report.added = [Added(line, tx.insert(paper).ref, paper.title) for line, paper in fresh]
    report.skipped.sort(key=lambda s: s.line)
    return report


_NOT_WORD = re.compile(r"[\W_]+")


def normal_title(title: str) -> str:
    """Case, accents, spacing and punctuation removed: `Türpe: A-B` and `turpe a b` match."""
    folded = unicodedata.normalize("NFKD", title.casefold())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_WORD.sub("", letters) or title.casefold()


def normal_arxiv(arxiv: str) -> str:
    return re.sub(r"v\d+$", "", arxiv.strip().lower().removeprefix("arxiv:"))


class Duplicates:
    """Finds a paper already in the journal, or earlier in the same file: same DOI, arXiv id or title."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._seen: dict[tuple[str, str], str] = {}
        for paper in snapshot.papers.values():
            self._remember(paper, str(paper.ref))

    def reason(self, paper: Paper, line: int) -> str:
        """Why `paper` is a duplicate (and of what), or "" after remembering it as new."""
        for kind, value in self._keys(paper):
            where = self._seen.get((kind, value))
            if where is not None:
                return f"same {kind} as {where}"
        self._remember(paper, f"the entry at line {line}")
        return ""

    def _remember(self, paper: Paper, where: str) -> None:
        for key in self._keys(paper):
            self._seen.setdefault(key, where)

    @staticmethod
    def _keys(paper: Paper) -> list[tuple[str, str]]:
        keys = []
        if paper.doi:
            keys.append(("DOI", paper.doi.strip().lower()))
        if paper.arxiv:
            keys.append(("arXiv id", normal_arxiv(paper.arxiv)))
        keys.append(("title", normal_title(paper.title)))
        return keys
