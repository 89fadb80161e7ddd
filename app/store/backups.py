"""Daily backups beside the journal: `backups/journal-YYYY-MM-DD.json`, the newest 14 kept.

Backups are named and ordered by the real clock (the day of the write, and the time the file was
written), never by `--today` or `--date`: a command run "as if" in 2099 would otherwise make a backup
that sorts newest for good, and have every real day's backup pruned as soon as it is made. A good
backup is one the journal would open: it parses, its schema is one this version knows, and every
record validates. A backups folder or file that is not the user's own, or that others can write,
is never used.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import orjson

from .checks import damaged_records, meta_problem
from .errors import StoreError
from .files import atomic_write, ensure_private_folder, not_trusted, read_regular, written_path
from .schema import SCHEMA_VERSION, schema_of

KEEP = 14
# A journal of 100,000 records is about 19 MB; the cap leaves room for millions.
MAX_JOURNAL_BYTES = 512 * 1024 * 1024


def backup_folder(journal: Path) -> Path:
    return written_path(journal).parent / "backups"


def backup_path(journal: Path, day: date) -> Path:
    target = written_path(journal)
    return backup_folder(journal) / f"{target.stem}-{day.isoformat()}{target.suffix}"


def backups(journal: Path) -> list[Path]:
    """Existing backups, newest first: by when each was written, then by name."""
    folder = backup_folder(journal)
    if not folder.is_dir():
        return []
    target = written_path(journal)
    found = []
    for candidate in folder.glob(f"{target.stem}-????-??-??{target.suffix}"):
        with contextlib.suppress(OSError):
            found.append((candidate.lstat().st_mtime_ns, candidate.name, candidate))
    return [path for _, _, path in sorted(found, reverse=True)]


def back_up_before_first_write_of(journal: Path, day: date) -> Path | None:
    """Copy the journal as it is before the first write of `day` (the real one); prune to the newest
    KEEP. The journal is read only when the day has no backup yet: every later write costs one stat."""
    target = backup_path(journal, day)
    if target.exists() or not journal.exists():
        return None
    ensure_private_folder(target.parent)
    problem = not_trusted(target.parent)
    if problem is not None:
        raise StoreError(
            f"The backups folder {target.parent} cannot be trusted: {problem}; nothing was saved."
        )
    atomic_write(target, journal.read_bytes())
    for old in backups(journal)[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def backup_problem(candidate: Path) -> str | None:
    """Why `candidate` is not a good backup (one the journal would open), or None."""
    problem = not_trusted(candidate.parent) or not_trusted(candidate)
    if problem is not None:
        return problem
    try:
        raw, _ = read_regular(candidate, MAX_JOURNAL_BYTES, "a backup")
        data = orjson.loads(raw)
    except (OSError, StoreError, orjson.JSONDecodeError) as error:
        return str(error)
    problem = meta_problem(data)
    if problem is not None:
        return problem
    if schema_of(data) < 1:
        # Every journal dualtui writes (so every backup it made) names its schema; `{}` is no backup.
        return "it is not a journal dualtui wrote (it names no schema)"
    if schema_of(data) > SCHEMA_VERSION:
        return f"it was written by a newer dualtui (schema {schema_of(data)})"
    damaged = damaged_records(data)
    return f"{len(damaged)} damaged record(s)" if damaged else None


def newest_good_backup(journal: Path) -> Path | None:
    """The newest backup that would open as a journal, or None."""
    for candidate in backups(journal):
        if backup_problem(candidate) is None:
            return candidate
    return None
