"""The first view: what the app's main screen drew last, kept for its next launch.

At 100,000 records the journal takes about half a second to parse and build, and the panes' order
and links another tenth; most launches meet the journal exactly as the last run left it. So the
app keeps the records its first frame shows (each pane's first rows, the open phase, the links those
rows name) beside the kept outlook, and a launch on the same journal draws its first frame from
them, then reads the journal. The key is everything the drawing reads: the journal's stamp (inode,
size, mtime, as `Journal.refresh` trusts), the day (ages, a phase's day), and the code that draws
(the domain, the services and the app's own folders, which the front end names). A missing, stale,
corrupt or foreign file is a miss, never an error; the payload is the front end's plain data.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from dualtui.rules import cache

if TYPE_CHECKING:
    from dualtui.store.journal import Stamp

# Bump when the payload's layout changes in a way the modules' stats would not catch.
FORMAT = 1
_PACKAGES = tuple(Path(__file__).parent.parent / name for name in ("domain", "services"))


class Place(NamedTuple):
    """Where one journal's first view is kept, and what it was drawn from besides the code."""

    folder: Path
    journal: Path
    stamp: Stamp | None
    today: date
    # The front end's folders of code that draws the view (its rows, panes, bars).
    drawn_by: tuple[Path, ...]

    @property
    def file(self) -> Path:
        return cache.journal_file(self.folder, "first-view", self.journal)

    def key(self) -> tuple[Any, ...]:
        code = tuple(cache.sources(folder) for folder in (*_PACKAGES, *self.drawn_by))
        return (FORMAT, os.path.abspath(self.journal), self.stamp, self.today.isoformat(), code)


def kept(place: Place) -> Any | None:
    """The payload an earlier run kept for exactly this journal, day and code, or None."""
    if place.stamp is None:
        return None
    return cache.read_kept(place.file, place.key())


def keep(place: Place, payload: Any) -> None:
    """Keep the payload for the next launch; quietly nothing when the folder cannot be written."""
    if place.stamp is not None:
        cache.keep(place.file, place.key(), payload)
