"""Checking the journal's health, and putting the newest good backup back.

A restore never leaves the journal missing, not even for an instant: the file it replaces is first
linked (or copied) under a name of its own that nothing else uses, then the backup is written to a
temp file and renamed over the journal. Killed at any moment, or out of disk, it leaves either the
old journal or the restored one, and the old one is kept beside it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from .backups import MAX_JOURNAL_BYTES, backup_folder, backup_problem, backups, newest_good_backup
from .checks import damaged_records
from .errors import StoreError
from .files import (
    PRIVATE_DIR,
    PRIVATE_FILE,
    atomic_write,
    fsync_folder,
    not_trusted,
    read_regular,
    temp_prefix,
)
from .journal import Journal
from .lock import exclusive_lock, lock_path


@dataclass(frozen=True, slots=True)
class Finding:
    ok: bool
    text: str


def check(path: Path) -> list[Finding]:
    try:
        exists = path.exists()
        if exists:
            os.stat(path)
    except OSError as error:
        return [Finding(False, f"{path} cannot be checked: {error.strerror or error}.")]
    if not exists:
        try:
            os.listdir(path.parent) if path.parent.exists() else None
        except OSError as error:
            return [Finding(False, f"The folder {path.parent} cannot be read: {error.strerror or error}.")]
        return [Finding(True, f"{path} does not exist yet; it is created at the first write.")]
    findings: list[Finding] = []
    try:
        journal = Journal.open(path)
    except StoreError as error:
        findings.append(Finding(False, str(error)))
        findings += [Finding(False, problem) for problem in _every_damaged_record(path)]
    else:
        snap = journal.snapshot()
        counts = (
            f"{len(snap.papers)} papers, {len(snap.builds)} builds, "
            f"{len(snap.entries)} entries, {len(snap.phases)} phases"
        )
        schema = f"schema {journal.file_schema}"
        if journal.file_schema < journal.schema_version():
            schema += f" (read as schema {journal.schema_version()}; written so at the next change)"
        findings.append(Finding(True, f"{path} opens: {schema}, {counts}."))
    findings.append(_private(path, PRIVATE_FILE))
    findings.append(_private(path.parent, PRIVATE_DIR))
    stale = list(path.parent.glob(temp_prefix(path) + "*"))
    if stale:
        findings.append(
            Finding(
                False, f"{len(stale)} temp file(s) from an interrupted save; the next write removes them."
            )
        )
    findings += _backup_findings(path)
    return findings


def _every_damaged_record(path: Path) -> list[str]:
    # The load names the first few; doctor names them all, one line each.
    try:
        data = orjson.loads(read_regular(path, MAX_JOURNAL_BYTES, "the journal")[0])
    except (OSError, StoreError, orjson.JSONDecodeError):
        return []
    if not isinstance(data, dict):
        return []
    with contextlib.suppress(AttributeError, TypeError):
        return damaged_records(data)
    return []


def _backup_findings(path: Path) -> list[Finding]:
    folder = backup_folder(path)
    if folder.exists():
        problem = not_trusted(folder)
        if problem is not None:
            return [Finding(False, f"The backups folder {folder} is not used: {problem}.")]
    saved = backups(path)
    if not saved:
        return [Finding(True, "No backups yet; the first write of each day makes one.")]
    good = newest_good_backup(path)
    if good is None:
        return [Finding(False, f"{len(saved)} backup(s), and none of them would open as a journal.")]
    return [Finding(True, f"{len(saved)} backup(s); the newest good one is {good}.")]


def _private(target: Path, wanted: int) -> Finding:
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError as error:
        return Finding(False, f"{target} cannot be checked: {error.strerror or error}.")
    if mode & 0o077:
        return Finding(
            False, f"{target} can be read by others (mode {mode:o}); `chmod {wanted:o} {target}` fixes it."
        )
    return Finding(True, f"{target} is private (mode {mode:o}).")


def restore_newest_backup(path: Path, now: datetime) -> tuple[Path, Path | None]:
    """Put the newest good backup in place; the file it replaces is kept beside it, never deleted.
    `now` is the real clock: it names the kept file."""
    with exclusive_lock(path):
        backup = newest_good_backup(path)
        if backup is None:
            raise StoreError(f"There is no good backup of {path} to restore.")
        if backup_problem(backup) is not None:  # checked again under the lock, just before use
            raise StoreError(f"The backup {backup} changed while it was being restored; nothing was changed.")
        content, _ = read_regular(backup, MAX_JOURNAL_BYTES, "a backup")
        aside = _keep_aside(path, now) if path.exists() else None
        try:
            atomic_write(path, content)
        except OSError as error:
            raise StoreError(
                f"Could not restore {path}: {error.strerror or error}. The journal on disk is unchanged."
            ) from None
    return backup, aside


def _keep_aside(path: Path, now: datetime) -> Path:
    """The journal as it is, under `journal.json.replaced-<time>` (then `-2`, `-3`… if taken), while
    the journal itself stays in place."""
    base = path.with_name(f"{path.name}.replaced-{now:%Y%m%d-%H%M%S}")
    for attempt in range(1, 1000):
        aside = base if attempt == 1 else base.with_name(f"{base.name}-{attempt}")
        try:
            os.link(path, aside)  # a second name for the same file: atomic, and it never overwrites
        except FileExistsError:
            continue
        except OSError:
            # No hard links here (some shared or foreign file systems): an exclusive new copy.
            try:
                fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
            except FileExistsError:
                continue
            with os.fdopen(fd, "wb") as handle:
                handle.write(path.read_bytes())
                handle.flush()
                os.fsync(handle.fileno())
        fsync_folder(path.parent)
        return aside
    raise StoreError(f"Could not find a free name beside {path} to keep it under; nothing was changed.")


def is_journal_file(journal: Path, target: Path) -> bool:
    """True if writing `target` would write over the journal, one of its backups or its lock (by any
    name: a link, a relative path, another spelling)."""
    resolved = Path(os.path.realpath(target))
    real_journal = Path(os.path.realpath(journal))
    if resolved in (real_journal, Path(os.path.realpath(lock_path(journal)))):
        return True
    if resolved.parent == Path(os.path.realpath(backup_folder(journal))):
        return True
    with contextlib.suppress(OSError):
        return target.exists() and os.path.samefile(target, real_journal)
    return False
