"""Write a paper about every build: a Markdown draft from the journal, saved beside it.

The draft ends with a fingerprint of its own text. A file whose fingerprint still matches is an
untouched draft and may be redrafted; any other file (edited by its author, or not dualtui's) is
never overwritten unless asked with `force`. State goes none → draft → done on the build.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dualtui.domain import Build, Entry, EntryKind, Kind, Ref, Snapshot, UserError, WriteupState, safe_text
from dualtui.domain.links import (
    REAL_PARTS,
    LinkIndex,
    has_question,
    index_links,
    linked_entries,
    missing_real,
)
from dualtui.store import Journal
from dualtui.store.files import atomic_write, ensure_private_folder, not_trusted

from .clock import Clock
from .markdown import entry_line, md, reference

WRITEUP_FOLDER = "writeups"
MAX_DRAFT_BYTES = 16 * 1024 * 1024
_MARK = re.compile(r"\n<!-- dualtui draft of (b\d+), fingerprint ([0-9a-f]{16})[^\n]*-->\n?\Z")
_LESSONS = (
    EntryKind.FAILURE,
    EntryKind.INSIGHT,
    EntryKind.OBSERVATION,
    EntryKind.VALIDATED,
    EntryKind.REFUTED,
    EntryKind.NOTE,
)
PLACEHOLDER_ABSTRACT = "> One paragraph: the problem, what was built, what production showed."

HEADINGS = {
    "abstract": "Abstract",
    "problem": "Problem and constraints",
    "references": "Builds on",
    "principles": "Principles that made it work",
    "lessons": "What production taught",
    "questions": "Open research questions",
    "next": "Next steps",
}


class WriteupError(UserError):
    """The write-up could not be drafted or marked; nothing was changed."""


class NoDraft(WriteupError):
    """Marking done: the build has no write-up file yet (the app drafts one)."""


class PlaceholderAbstract(WriteupError):
    """Marking done: the abstract is still the template's placeholder (`force` means it)."""


@dataclass(frozen=True, slots=True)
class WriteupResult:
    build: Build
    path: Path
    replaced: bool


def render_writeup(snapshot: Snapshot, build: Build, today: date) -> str:
    """The draft's Markdown, fingerprint line included."""
    links = index_links(snapshot)
    papers = [snapshot.papers[n] for n in build.paper_ids if n in snapshot.papers]
    entries = sorted(
        (snapshot.entries[n] for n in links.entries_by_build.get(build.id, ()) if n in snapshot.entries),
        key=lambda e: (e.at, e.id),
    )
    # The insights applied to it (the one it came from, those linked to it) are its principles; an
    # insight logged about it is what production taught, until it is applied somewhere.
    insights = linked_entries(snapshot, links, build, EntryKind.INSIGHT)
    applied = {e.id for e in insights}
    lessons = [e for e in entries if e.kind in _LESSONS and e.id not in applied]
    questions = _questions(snapshot, entries, links)
    cite = {paper.id: number for number, paper in enumerate(papers, 1)}

    lines = [
        f"# {md(build.title)}",
        "",
        f"*Draft from the dualtui journal ({build.ref}), {today:%Y-%m-%d}.*",
        "",
    ]
    lines += _section("abstract", [PLACEHOLDER_ABSTRACT])
    lines += _section("problem", _problem(build))
    lines += _section(
        "references",
        [f"{cite[p.id]}. {reference(p)}" for p in papers] or ["No paper is linked to this build yet."],
    )
    lines += _section(
        "principles",
        [f"- {_cited(e, cite)}" for e in insights] or ["No insight logged yet."],
    )
    lines += _section(
        "lessons",
        [f"- {_cited(e, cite)}" for e in lessons] or ["Nothing logged from production yet."],
    )
    lines += _section(
        "questions",
        [f"- {_cited(q, cite)}" for q in questions] or ["No open question logged yet."],
    )
    lines += _section("next", _next_steps(snapshot, build, entries, links))
    # Each user text went through md(); this pass holds for whatever else a file may have put in.
    body = safe_text.markdown("\n".join(lines).rstrip() + "\n")
    return body + _mark(build.ref, body)


def _section(key: str, lines: list[str]) -> list[str]:
    return [f"## {HEADINGS[key]}", "", *lines, ""]


def _problem(build: Build) -> list[str]:
    lines = [md(build.description), ""] if build.description else []
    for label, field, ask in REAL_PARTS:
        value = getattr(build, field).strip()
        lines.append(f"- **{label.capitalize()}:** {md(value) if value else '**missing** *(' + ask + ')*'}")
    return lines


def _cited(entry: Entry, cite: dict[int, int]) -> str:
    source = f" [{cite[entry.paper_id]}]" if entry.paper_id in cite else ""
    return entry_line(entry) + source


def _questions(snapshot: Snapshot, entries: list[Entry], links: LinkIndex) -> list[Entry]:
    """Questions about the build, and those that answer its failures, still unanswered, in time order."""
    found = {e.id: e for e in entries if e.kind is EntryKind.QUESTION}
    for entry in entries:
        for follow in links.followups.get(entry.id, ()):
            candidate = snapshot.entries.get(follow)
            if candidate is not None and candidate.kind is EntryKind.QUESTION:
                found[candidate.id] = candidate
    still_open = (q for q in found.values() if not links.followups.get(q.id))
    return sorted(still_open, key=lambda e: (e.at, e.id))


def _next_steps(snapshot: Snapshot, build: Build, entries: list[Entry], links: LinkIndex) -> list[str]:
    steps = []
    unquestioned = [
        e for e in entries if e.kind is EntryKind.FAILURE and not has_question(snapshot, links, e.id)
    ]
    steps += [f"- Turn failure {e.ref} into a research question: “{md(e.text)}”" for e in unquestioned]
    missing = missing_real(build)
    if missing:
        steps.append(f"- Record the build's {', '.join(missing)}.")
    if not build.paper_ids:
        steps.append("- Link the papers this build puts into production.")
    steps.append(
        "- Write the abstract, then mark the write-up done: `dualtui writeup " + f"{build.ref} --done`."
    )
    return steps


def _fingerprint(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def _mark(ref: Ref, body: str) -> str:
    return (
        f"\n<!-- dualtui draft of {ref}, fingerprint {_fingerprint(body)}: dualtui redrafts this file only "
        "while it is unchanged -->\n"
    )


def is_untouched_draft(text: str) -> bool:
    found = _MARK.search(text)
    return found is not None and _fingerprint(text[: found.start()]) == found.group(2)


def slug(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return words[:48].rstrip("-") or "build"


def default_path(folder: Path, build: Build) -> Path:
    return folder / f"{build.ref}-{slug(build.title)}.md"


class WriteupService:
    """Drafting a build's write-up and marking it done, each one transaction on the journal."""

    def __init__(self, journal: Journal, clock: Clock, folder: Path | None = None) -> None:
        self.journal = journal
        self.clock = clock
        # The config's `writeups:`; None means a `writeups/` folder beside the journal.
        self.folder = folder

    @property
    def writeups_folder(self) -> Path:
        return (self.folder or self.journal.path.parent / WRITEUP_FOLDER).expanduser().absolute()

    def stored_path(self, build: Build) -> Path | None:
        """Where the build's last draft went, if dualtui may write or open it there: in the write-ups
        folder, or elsewhere (`-o`) only where a dualtui draft of this very build already is. A path
        an imported export set to anywhere else is dropped, so no file is ever created there."""
        if not build.writeup_path:
            return None
        path = Path(build.writeup_path).expanduser().absolute()
        if self.in_folder(path):
            return path
        return path if _holds_draft_of(path, build.ref) else None

    def in_folder(self, path: Path) -> bool:
        """True if `path`, its links followed, is inside the write-ups folder."""
        folder = Path(os.path.realpath(self.writeups_folder))
        return Path(os.path.realpath(path.expanduser().absolute())).is_relative_to(folder)

    def openable(self, build: Build) -> Path:
        """The build's write-up as a program may be handed it to open: an existing file inside the
        write-ups folder, links followed. An imported export can set `writeup_path` to any file (a
        script, a .desktop launcher) that the system's opener would run; WriteupError says why not."""
        if not build.writeup_path:
            raise WriteupError(f"{build.ref} has no write-up yet: w drafts one.")
        path = Path(build.writeup_path).expanduser().absolute()
        if not self.in_folder(path):
            raise WriteupError(
                f"{build.ref}'s write-up {path} is outside the write-ups folder "
                f"{self.writeups_folder}, so it is not opened."
            )
        if not path.is_file():
            raise WriteupError(f"{build.ref}'s write-up {path} is gone.")
        return Path(os.path.realpath(path))

    def draft(self, build_ref: Ref, *, output: Path | None = None, force: bool = False) -> WriteupResult:
        """Draft (or redraft) the write-up and record its path and state on the build, in one
        transaction. Where: `output`, else where its last draft went (in the write-ups folder), else
        the write-ups folder."""
        with self.journal.transaction() as tx:
            build = _build(tx.snapshot, build_ref)
            path = output or self.stored_path(build) or default_path(self.writeups_folder, build)
            path = path.expanduser().absolute()
            replaced = _check_overwrite(path, force)
            text = render_writeup(tx.snapshot, build, self.clock.today())
            try:
                ensure_private_folder(path.parent)
                if output is None:
                    problem = not_trusted(path.parent)
                    if problem is not None:
                        folder = path.parent
                        raise WriteupError(f"The write-ups folder {folder} cannot be trusted: {problem}.")
                atomic_write(path, text.encode())
            except OSError as error:
                raise WriteupError(f"Cannot write {path}: {error.strerror or error}.") from None
            changed = build.replace(
                writeup=WriteupState.DRAFT, writeup_path=str(path), writeup_changed=self.clock.now()
            )
            tx.update(changed)
            tx.summary = f"drafted the write-up of {build.ref} in {path.name}"
        return WriteupResult(changed, path, replaced)

    def mark_done(self, build_ref: Ref, *, force: bool = False) -> WriteupResult:
        """Mark the write-up done; refused while its abstract is still the template's placeholder,
        unless `force`."""
        with self.journal.transaction() as tx:
            build = _build(tx.snapshot, build_ref)
            # Only looked at, never written: the path as stored will do.
            path = Path(build.writeup_path) if build.writeup_path else None
            if path is None or not path.is_file():
                where = f" ({path} is gone)" if path else ""
                raise NoDraft(
                    f"{build.ref} has no write-up to mark done{where}: "
                    f"draft one with `dualtui writeup {build.ref}`."
                )
            if not force and _still_placeholder(path):
                raise PlaceholderAbstract(
                    f"The abstract of {path} is still the template's placeholder: write it first, "
                    f"or mark it done anyway with `dualtui writeup {build.ref} --done --force`."
                )
            changed = build.replace(writeup=WriteupState.DONE, writeup_changed=self.clock.now())
            tx.update(changed)
            tx.summary = f"{build.ref} write-up {build.writeup.value} → done"
        return WriteupResult(changed, path, False)


def _still_placeholder(path: Path) -> bool:
    try:
        return PLACEHOLDER_ABSTRACT in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _holds_draft_of(path: Path, ref: Ref) -> bool:
    """True if `path` is a regular file holding dualtui's mark for a draft of `ref` (edited or not)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_DRAFT_BYTES:
            return False
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    found = _MARK.search(text)
    return found is not None and found.group(1) == str(ref)


def _build(snapshot: Snapshot, ref: Ref) -> Build:
    if ref.kind is not Kind.BUILD:
        raise WriteupError(f"{ref} is a {ref.kind.value}: a write-up is about a build (b3).")
    build = snapshot.builds.get(ref.number)
    if build is None:
        raise WriteupError(f"There is no build {ref}.")
    return build


def _check_overwrite(path: Path, force: bool) -> bool:
    """True if `path` exists and may be replaced; raises if it holds someone's own words."""
    if path.is_dir():
        raise WriteupError(f"{path} is a folder: give a file name with -o.")
    if not path.exists():
        return False
    if force:
        return True
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    if not is_untouched_draft(text):
        raise WriteupError(
            f"{path} has changed since dualtui drafted it (or is not a dualtui draft), so it was left "
            "as is: use --force to overwrite it, or -o to draft into another file."
        )
    return True
