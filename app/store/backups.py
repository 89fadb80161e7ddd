"""Daily backups beside the journal: `backups/journal-YYYY-MM-DD.json`, the newest 14 kept."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import orjson

from .files import atomic_write, ensure_private_folder

KEEP = 14


def backup_folder(journal: Path) -> Path:
    return journal.parent / "backups"


def backup_path(journal: Path, day: date) -> Path:
    return backup_folder(journal) / f"{journal.stem}-{day.isoformat()}{journal.suffix}"


def backups(journal: Path) -> list[Path]:
    """Existing backups, newest first (the date in the name sorts as text)."""
    folder = backup_folder(journal)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{journal.stem}-????-??-??{journal.suffix}"), reverse=True)


def back_up_before_first_write_of(journal: Path, day: date) -> Path | None:
    """Copy the journal as it is before today's first write; prune to the newest KEEP.

    The journal is read only when today has no backup yet: every later write costs one stat."""
    target = backup_path(journal, day)
    if target.exists() or not journal.exists():
        return None
    ensure_private_folder(target.parent)
    atomic_write(target, journal.read_bytes())
    for old in backups(journal)[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def newest_good_backup(journal: Path) -> Path | None:
    """The newest backup that parses as a journal object, or None."""
    for candidate in backups(journal):
        try:
            if isinstance(orjson.loads(candidate.read_bytes()), dict):
                return candidate
        except (OSError, orjson.JSONDecodeError):
            continue
    return None
