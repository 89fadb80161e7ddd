"""The open phase at a glance, as the phase pane shows it: plain values, cheap to import (the app's
first frame may draw one kept from its last launch); `stats.dashboard` works it out."""

from __future__ import annotations

from typing import NamedTuple

from dualtui.domain import Phase
from dualtui.domain.links import LoopKind


class Dashboard(NamedTuple):
    """The open phase at a glance, for the phase pane: its counts, those of the previous phase of its
    kind by the same day of that phase, and its activity day by day."""

    counts: dict[str, int]
    previous: Phase | None
    previous_counts: dict[str, int] | None
    daily: list[int]
    open_loops: dict[LoopKind, int]
