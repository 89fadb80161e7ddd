"""Merging another copy of the journal into it (issue 17): a file named on the command line, the
conflict copies a sync tool leaves beside it, and git's three sides of a merge."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dualtui.domain.text import plural
from dualtui.store import CopyUnreadable, Journal, StoreError, read_copy
from dualtui.store.conflicts import conflict_copies, set_aside

if TYPE_CHECKING:
    from dualtui.store.merge import Merged


class MergeReport(NamedTuple):
    """What a merge did (or, dry, would do): one line per decision."""

    source: str  # the other copy, as the headline names it
    lines: list[str]
    changes: int  # changes of the other copy's history this journal lacked
    records: int  # records it changed here

    def headline(self, *, dry_run: bool = False) -> str:
        did = "would merge" if dry_run else "merged"
        if not self.records and not self.changes:
            return f"{self.source}: nothing to merge, this journal already holds all of it"
        return (
            f"{did} {self.source}: {plural(self.changes, 'change')} of its history, "
            f"{plural(self.records, 'record')} changed here"
        )


class MergeService:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def merge_file(self, path: Path, *, dry_run: bool = False) -> MergeReport:
        """Merge the copy at `path` into the journal in one transaction (or show what it would do)."""
        path = path.expanduser()
        if path.resolve() == self.journal.path.resolve():
            raise StoreError(f"{path} is the journal itself: give another copy of it to merge.")
        theirs = read_copy(path)
        if dry_run:
            return _report(path.name, self.journal.merged_with(theirs, source=str(path)))
        with self.journal.transaction() as tx:
            merged = tx.merge(theirs, source=str(path))
            report = _report(path.name, merged)
            tx.summary = report.headline()
        return report

    def merge_conflict_copies(self) -> list[str]:
        """Find the conflict copies beside the journal, merge each, set it aside into backups/; one
        line each (a copy that does not parse or validate stays where it is, and its line says why)."""
        lines = []
        for copy in conflict_copies(self.journal.path):
            try:
                report = self.merge_file(copy)
            except CopyUnreadable as problem:
                lines.append(f"conflict copy not merged: {problem}")
                continue
            kept = set_aside(copy, self.journal.path)
            lines.append(f"{report.headline()} (the copy is kept in {kept.parent.name}/)")
        return lines


def merge_driver(base: Path, ours: Path, theirs: Path) -> MergeReport:
    """git's merge driver (`dualtui merge-driver %O %A %B`): theirs merged into ours, base being
    their common ancestor, the result written over ours. These are git's files, not a journal's
    folder: no lock file and no backups are made beside them."""
    theirs_data = read_copy(theirs)
    ancestor = read_copy(base) if base.is_file() and base.stat().st_size else None
    journal = Journal.open(ours, actor="git merge", scratch=True)
    with journal.transaction() as tx:
        merged = tx.merge(theirs_data, base=ancestor, source="the other branch")
        report = _report("the other branch", merged)
        tx.summary = report.headline()
    return report


def _report(source: str, merged: Merged) -> MergeReport:
    # Nothing to merge: the decisions it took again (a record kept against a deletion) are old news.
    lines = merged.report if merged.rows or merged.imported else []
    return MergeReport(source, lines, len(merged.imported), len(merged.rows))


GIT_ATTRIBUTE = "merge=dualtui"
GIT_DRIVER = "dualtui merge-driver %O %A %B"


def git_merge_setup(journal: Path) -> list[tuple[bool, str]]:
    """When the journal's folder is a git work tree: whether git merges the journal with dualtui
    (the attribute and the driver, as the README's "Two machines" sets them up). [] otherwise."""
    import subprocess

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(journal.parent), *args], capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    if git("rev-parse", "--is-inside-work-tree") != "true":
        return []
    attribute = git("check-attr", "merge", "--", journal.name) or ""
    driver = git("config", "--get", "merge.dualtui.driver") or ""
    return [
        (
            attribute.endswith(": merge: dualtui"),
            f"git: {journal.name} is merged by dualtui (.gitattributes: {journal.name} {GIT_ATTRIBUTE})"
            if attribute.endswith(": merge: dualtui")
            else f"git: {journal.name} is not merged by dualtui: add “{journal.name} {GIT_ATTRIBUTE}” "
            "to .gitattributes",
        ),
        (
            "merge-driver" in driver,
            f"git: the dualtui merge driver is set ({driver})"
            if "merge-driver" in driver
            else f'git: no dualtui merge driver: git config merge.dualtui.driver "{GIT_DRIVER}"',
        ),
    ]
