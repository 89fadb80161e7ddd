"""Conflict copies of the journal that file-syncing tools leave beside it when two machines changed it
at once: found by their names, and set aside into `backups/` once merged (never deleted).

    Syncthing            journal.sync-conflict-20261120-081530-ABCDEF7.json
    Dropbox              journal (Jane's conflicted copy 2026-11-20).json
    Nextcloud, ownCloud  journal (conflicted copy 2026-11-20 081530).json
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .backups import backup_folder
from .files import ensure_private_folder


def _patterns(journal: Path) -> list[re.Pattern[str]]:
    stem, suffix = re.escape(journal.stem), re.escape(journal.suffix)
    return [
        re.compile(rf"{stem}\.sync-conflict-\d{{8}}-\d{{6}}-[A-Za-z0-9]+{suffix}"),
        re.compile(rf"{stem} \(.+'s conflicted copy \d{{4}}-\d{{2}}-\d{{2}}(?: \(\d+\))?\){suffix}"),
        re.compile(rf"{stem} \(conflicted copy \d{{4}}-\d{{2}}-\d{{2}} \d{{6}}\){suffix}"),
    ]


def conflict_copies(journal: Path) -> list[Path]:
    """The conflict copies beside the journal, oldest name first: one listing of its folder on every
    command and every poll of the app, the patterns only for names that could be one."""
    try:
        names = os.listdir(journal.parent)
    except OSError:
        return []
    stem, suffix = journal.stem, journal.suffix
    maybe = [n for n in names if n.startswith(stem) and n.endswith(suffix) and "conflict" in n]
    if not maybe:
        return []
    patterns = _patterns(journal)
    found = [name for name in maybe if any(p.fullmatch(name) for p in patterns)]
    return [journal.parent / name for name in sorted(found)]


def set_aside(copy: Path, journal: Path) -> Path:
    """Move a merged conflict copy into the journal's backups folder (a number added if the name is
    taken there); returns where it went."""
    folder = backup_folder(journal)
    ensure_private_folder(folder)
    target = folder / copy.name
    count = 1
    while target.exists():
        count += 1
        target = folder / f"{copy.stem}.{count}{copy.suffix}"
    os.replace(copy, target)
    return target
