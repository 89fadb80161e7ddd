"""Import into the journal: BibTeX/biblatex into the reading queue, or dualtui's own export into an
empty journal. Every import is one journal transaction: all of it lands, or none of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from dualtui.domain import Paper, Ref, Snapshot
from dualtui.domain.text import plural
from dualtui.store import Journal, StoreError
from dualtui.store.files import atomic_write, read_regular, remove_stale_temps
from dualtui.store.repair import is_journal_file

from .clock import Clock
from .duplicates import Duplicates
from .import_report import ADDING, SAVING, Added, ImportReport, Progress, Skipped, TransferError

MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_IMPORT_ENTRIES = 100_000
_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
BIBTEX_SUFFIXES = (".bib", ".bibtex", ".biblatex")
EXPORT_SUFFIXES = (".json", ".yaml", ".yml")


EXPORT_FORMATS = ("markdown", "json", "yaml", "bibtex")


class TransferService:
    """The journal in and out: imports (one transaction each) and exports (read from the journal)."""

    def __init__(self, journal: Journal, clock: Clock) -> None:
        self.journal = journal
        self.clock = clock

    def import_file(
        self,
        path: Path,
        *,
        dry_run: bool = False,
        encoding: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        return import_file(
            self.journal, self.clock, path, dry_run=dry_run, encoding=encoding, progress=progress
        )

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
        write_export(path, text, self.journal.path)


def import_file(
    journal: Journal,
    clock: Clock,
    path: Path,
    *,
    dry_run: bool = False,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import `path` by its kind: .bib adds papers, .json/.yaml restores an export into an empty journal.

    `encoding` overrides how a .bib file's bytes are read; `progress(doing, share)` is told what a
    .bib import is doing and how much of it is done, from reading the file to saving the journal."""
    suffix = path.suffix.lower()
    if suffix not in BIBTEX_SUFFIXES + EXPORT_SUFFIXES:
        raise TransferError(
            f"{path} is not a file dualtui imports: give a BibTeX file (.bib) or a dualtui export "
            f"(.json, .yaml)."
        )
    raw = read_bytes(path)
    if suffix in BIBTEX_SUFFIXES:
        from .text_encoding import bib_text

        text, warning = bib_text(raw, path, encoding)
        report = import_bibtex(journal, clock, path, text, dry_run=dry_run, progress=progress)
        if warning:
            report.warnings.append(warning)
        return report
    from .dump import restore

    text = export_text(raw, path)
    return restore(journal, path, text, "json" if suffix == ".json" else "yaml", dry_run=dry_run)


def read_bytes(path: Path) -> bytes:
    try:
        return read_regular(path, MAX_IMPORT_BYTES, "imports")[0]
    except FileNotFoundError:
        raise TransferError(f"There is no file {path}.") from None
    except StoreError as error:
        raise TransferError(str(error)) from None


def export_text(raw: bytes, path: Path) -> str:
    """A dualtui export is UTF-8, as dualtui writes it."""
    if b"\0" in raw:
        raise TransferError(f"{path} holds binary data, not text: nothing was imported.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise TransferError(
            f"{path} is not UTF-8 text (line {line} has a byte that is not): "
            "a dualtui export is UTF-8, so it was changed since it was written."
        ) from None


def write_export(path: Path, text: str, journal: Path) -> None:
    """Write an export atomically; private (0600), like the journal it copies. Never over the journal,
    its backups or its lock; temp files a killed export of the same file left are removed first."""
    target = path.expanduser()
    if target.is_dir():
        raise TransferError(f"{target} is a folder: give a file name with -o.")
    if is_journal_file(journal, target):
        raise TransferError(
            f"{target} is the journal, one of its backups or its lock: give the export another name."
        )
    try:
        remove_stale_temps(target)
        atomic_write(target, text.encode())
    except OSError as error:
        raise TransferError(f"Cannot write {target}: {error.strerror or error}.") from None


# --- BibTeX ------------------------------------------------------------------------------------


def import_bibtex(
    journal: Journal,
    clock: Clock,
    path: Path,
    text: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    from .bibtex import read_bibtex

    # bibtexparser holds every block of the file at once (a million entries peaked at 2.2 GB): the
    # number of entries is bounded before it parses anything.
    entries = len(_ENTRY_START.findall(text))
    if entries > MAX_IMPORT_ENTRIES:
        raise TransferError(
            f"{path} holds {entries:,} entries; dualtui imports up to {MAX_IMPORT_ENTRIES:,} at once: "
            "split the file and import each part."
        )
    bib = read_bibtex(text, progress)
    report = ImportReport(source=path, dry_run=dry_run, unknown_macros=bib.unknown_macros)
    report.unreadable = list(bib.unreadable)
    report.skipped = [Skipped(p.line, p.key, p.reason) for p in bib.untitled]
    if not bib.papers and not bib.untitled and not bib.unreadable:
        raise TransferError(f"{path} holds no BibTeX entries: nothing was imported.")
    if not bib.papers:
        return report
    now = clock.now()

    def add_all(snapshot: Snapshot, insert: Callable[[Paper], Paper] | None) -> None:
        """Decide each entry in file order; `insert` stores a paper and gives it back numbered (None: a
        dry run)."""
        seen = Duplicates(snapshot.papers.values())
        keys = Keys(snapshot)
        for done, entry in enumerate(bib.papers):
            if done % 100 == 0:
                ADDING.tell(progress, done, len(bib.papers))
            paper = Paper(id=0, added=now, **entry.fields)
            reason = seen.reason(paper, entry.issue)
            if reason:
                report.skipped.append(Skipped(entry.line, paper.title, reason))
                continue
            key, renamed = keys.fresh(paper, entry.line)
            if key != paper.bibkey:
                paper = paper.replace(bibkey=key)
            ref = insert(paper).ref if insert else Ref(Paper.KIND, 0)
            where = f"{ref} (line {entry.line})" if insert else f"the entry at line {entry.line}"
            seen.remember(paper, where, entry.issue)
            keys.remember(key, where)
            notes = (renamed, *entry.notes) if renamed else entry.notes
            report.added.append(Added(entry.line, ref, paper.title, notes))

    if dry_run:
        journal.refresh()
        add_all(journal.snapshot(), None)
    else:
        with journal.transaction() as tx:
            add_all(tx.snapshot, tx.insert)
            count = len(report.added)
            tx.summary = f"imported {plural(count, 'paper')} from {path.name}"
            # The journal is written as the transaction closes.
            SAVING.tell(progress, 0, 1)
    SAVING.tell(progress, 1, 1)
    report.skipped.sort(key=lambda s: s.line)
    return report


class Keys:
    """Citation keys in use (the journal's and the file's so far), case folded as BibTeX compares them.

    A key names an entry in a file, not a work: an entry whose key is taken or empty is imported under
    a fresh one, and the report says so."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._used = {p.bibkey.lower(): str(p.ref) for p in snapshot.papers.values() if p.bibkey}

    def fresh(self, paper: Paper, line: int) -> tuple[str, str]:
        """The key to store `paper` under, and the report's note when it is not the one it came with."""
        from .bibtex import made_key

        key = paper.bibkey
        if key and key.lower() not in self._used:
            return key, ""
        base = key or made_key(paper)
        candidate, suffix = base, 1
        while candidate.lower() in self._used:
            suffix += 1
            candidate = f"{base}-{suffix}"
        if not key:
            return candidate, f"it has no key; imported under “{candidate}”"
        return (
            candidate,
            f"its key “{key}” is already used by {self._used[key.lower()]}; imported under “{candidate}”",
        )

    def remember(self, key: str, where: str) -> None:
        self._used.setdefault(key.lower(), where)
