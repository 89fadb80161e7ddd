"""Checking the journal's health, and putting the newest good backup back."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .backups import backups, newest_good_backup
from .errors import StoreError
from .files import PRIVATE_DIR, PRIVATE_FILE, atomic_write, temp_prefix
from .journal import Journal
from .lock import exclusive_lock


@dataclass(frozen=True, slots=True)
class Finding:
    ok: bool
    text: str


def check(path: Path) -> list[Finding]:
    findings: list[Finding] = []
    if not path.exists():
        return [Finding(True, f"{path} does not exist yet; it is created at the first write.")]
    try:
        journal = Journal.open(path)
    except StoreError as error:
        findings.append(Finding(False, str(error)))
    else:
        snap = journal.snapshot()
        counts = (
            f"{len(snap.papers)} papers, {len(snap.builds)} builds, "
            f"{len(snap.entries)} entries, {len(snap.phases)} phases"
        )
        findings.append(Finding(True, f"{path} opens: schema {journal.schema_version()}, {counts}."))
    findings.append(_private(path, PRIVATE_FILE))
    findings.append(_private(path.parent, PRIVATE_DIR))
    stale = list(path.parent.glob(temp_prefix(path) + "*"))
    if stale:
        findings.append(
            Finding(
                False, f"{len(stale)} temp file(s) from an interrupted save; the next write removes them."
            )
        )
    saved = backups(path)
    if saved:
        findings.append(Finding(True, f"{len(saved)} backup(s); the newest is {saved[0]}."))
    else:
        findings.append(Finding(True, "No backups yet; the first write of each day makes one."))
    return findings


def _private(target: Path, wanted: int) -> Finding:
    mode = stat.S_IMODE(os.stat(target).st_mode)
    if mode & 0o077:
        return Finding(
            False, f"{target} can be read by others (mode {mode:o}); `chmod {wanted:o} {target}` fixes it."
        )
    return Finding(True, f"{target} is private (mode {mode:o}).")


def restore_newest_backup(path: Path, now: datetime) -> tuple[Path, Path | None]:
    """Put the newest good backup in place; the file it replaces is kept beside it, never deleted."""
    backup = newest_good_backup(path)
    if backup is None:
        raise StoreError(f"There is no good backup of {path} to restore.")
    with exclusive_lock(path):
        aside = None
        if path.exists():
            aside = path.with_name(f"{path.name}.replaced-{now:%Y%m%d-%H%M%S}")
            os.replace(path, aside)
        atomic_write(path, backup.read_bytes())
    return backup, aside
