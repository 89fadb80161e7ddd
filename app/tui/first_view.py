"""The main screen's first frame without the journal: the records it shows, kept between launches.

What a pane draws is its records in its order, each row read from the record, the links other
records hold to it (a paper's builds, an entry's follow-ups) and today. So the first `KEPT_ROWS` of
each pane (the open phase among them), those links, each pane's count and the open phase's
dashboard are all a first frame needs: kept as
rows (the journal's own format) when the app leaves or has settled, drawn by the panes' own code
at the next launch while the journal is read after the frame. `services/first_view.py` keys the
file by the journal's stamp, the day and the code of the folders named here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain import Kind, Record, Snapshot
from ..domain.links import LinkIndex, LoopKind
from ..domain.model import RECORD_TYPES
from .rows import View

if TYPE_CHECKING:
    from ..services.board import Dashboard

# More rows than any pane shows (a pane of a 150-line terminal, or its tab below 80×24): a taller
# pane reads the journal before its first frame.
KEPT_ROWS = 150
_HERE = Path(__file__).parent
DRAWN_BY = (_HERE, _HERE / "panes", _HERE / "widgets")
PANES = (Kind.PHASE, Kind.PAPER, Kind.BUILD, Kind.ENTRY)


class FirstView(NamedTuple):
    """A kept first view, made records again: the view the panes draw from, each pane's count, and
    the open phase's dashboard when it was worked out for that very journal."""

    view: View
    totals: dict[Kind, int]
    dashboard: Dashboard | None

    def fits(self, rows: int) -> bool:
        """Whether every pane shows all it would with `rows` lines of list."""
        table = self.view.snapshot.table
        return all(len(table(kind)) >= min(rows, self.totals[kind]) for kind in PANES)


def capture(
    view: View, ordered: dict[Kind, list[Any]], dashboard: Dashboard | None = None
) -> dict[str, Any] | None:
    """What to keep of the panes drawn from `view` (`ordered`: each pane's records, in its order, and
    the phase pane's dashboard of the same journal, if any); None when the open phase is not among the
    phase pane's kept rows (a first frame would lack it)."""
    shown = {kind: records[:KEPT_ROWS] for kind, records in ordered.items()}
    phase = view.snapshot.current_phase()
    if phase is not None and phase not in shown[Kind.PHASE]:
        return None
    links = view.links
    return {
        "totals": {kind.value: len(ordered[kind]) for kind in PANES},
        "rows": {kind.value: [(r.id, r.to_record()) for r in shown[kind]] for kind in PANES},
        "builds_by_paper": {
            p.id: links.builds_by_paper[p.id] for p in shown[Kind.PAPER] if p.id in links.builds_by_paper
        },
        "followups": {e.id: links.followups[e.id] for e in shown[Kind.ENTRY] if e.id in links.followups},
        "dashboard": None if dashboard is None else _board_data(dashboard),
    }


def _board_data(board: Dashboard) -> tuple[Any, ...]:
    previous = board.previous
    return (
        board.counts,
        (previous.id, previous.to_record()) if previous is not None else None,
        board.previous_counts,
        board.daily,
        {kind.value: count for kind, count in board.open_loops.items()},
    )


def _board_of(data: Any) -> Dashboard | None:
    from ..services.board import Dashboard

    if data is None:
        return None
    counts, previous, previous_counts, daily, loops = data
    return Dashboard(
        dict(counts),
        RECORD_TYPES[Kind.PHASE].from_record(*previous) if previous is not None else None,
        dict(previous_counts) if previous_counts is not None else None,
        list(daily),
        {LoopKind(kind): count for kind, count in loops.items()},
    )


def restore(payload: Any, today: date) -> FirstView | None:
    """The kept first view (kept for `today`), or None when it cannot be read back: a miss, and the
    journal is read before the first frame."""
    try:
        snapshot = Snapshot()
        for kind in PANES:
            table: dict[int, Record] = snapshot.table(kind)
            # In number order, as the journal's own tables are (the open phase is the last open one).
            for number, row in sorted(payload["rows"][kind.value], key=lambda kept: kept[0]):
                table[number] = RECORD_TYPES[kind].from_record(number, row)
        links = LinkIndex()
        links.builds_by_paper.update(payload["builds_by_paper"])
        links.followups.update(payload["followups"])
        totals = {kind: int(payload["totals"][kind.value]) for kind in PANES}
        return FirstView(View(snapshot, links, today), totals, _board_of(payload["dashboard"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
