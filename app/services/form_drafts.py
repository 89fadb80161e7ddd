"""What was typed in a form when the app was stopped (SIGTERM, SIGHUP), kept to be offered back.

One draft per journal, beside it in `.journal.json.unsaved-form` (0600): which form it was (a plain
recipe the app can reopen it from), the text of each field the user had changed, and when. The next
launch takes it (reading removes it) and reopens the form with that text in place.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import orjson

from dualtui.store import StoreError
from dualtui.store.files import atomic_write, not_trusted, read_regular, written_path

MAX_DRAFT_BYTES = 1024 * 1024


def draft_path(journal: Path) -> Path:
    target = written_path(journal)
    return target.with_name(f".{target.name}.unsaved-form")


def keep(journal: Path, draft: dict[str, Any]) -> None:
    """Keep `draft` (JSON-ready) for the next launch; a failure to keep it is not an error worth a
    crash while the app is being stopped."""
    with contextlib.suppress(OSError, TypeError):
        atomic_write(draft_path(journal), orjson.dumps(draft))


def take(journal: Path) -> dict[str, Any] | None:
    """The kept draft, removed from the disk, or None: none kept, or one that is not the user's own
    or does not read as a draft."""
    path = draft_path(journal)
    if not path.exists():
        return None
    try:
        if not_trusted(path) is not None:
            return None
        draft = orjson.loads(read_regular(path, MAX_DRAFT_BYTES, "a form draft")[0])
    except (OSError, StoreError, orjson.JSONDecodeError):
        draft = None
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
    valid = (
        isinstance(draft, dict)
        and isinstance(draft.get("recipe"), dict)
        and isinstance(draft.get("values"), dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in draft["values"].items())
    )
    return draft if valid else None
