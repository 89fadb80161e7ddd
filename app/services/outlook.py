"""The outlook: what `dualtui next` and the app's suggestion bar show today, kept between runs.

An evaluation of the rules at 100,000 records needs the whole journal parsed and built (about
0.45 s) and every rule run over it (0.15 s); most runs of `next`, and most launches of the app,
meet the journal exactly as the last run left it. So the last outlook is kept beside the compiled
rules, one file per journal, keyed by everything a fresh evaluation reads: the journal's stamp
(inode, size, mtime: what `Journal.refresh` trusts too, and any write changes it), the day, the rule
texts as the compiled-rules cache keys them, and the code that evaluates and words it (every module
of `domain`, `rules` and `services`). A missing, stale, corrupt or foreign file is a miss, never an
error (`rules/cache.py` reads and writes it); a miss evaluates afresh and keeps what it found.

The outlook is plain data (JSON-shaped, as `next --json` prints it), so a kept one and a fresh one
compare equal exactly when they say the same thing.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from dualtui.rules import cache

if TYPE_CHECKING:
    from dualtui.rules.engine import Evaluation
    from dualtui.store.journal import Stamp

    from .suggestions import SuggestionService

# Bump when the outlook's layout changes in a way the module stats would not catch.
FORMAT = 1
_PACKAGES = tuple(Path(__file__).parent.parent / name for name in ("domain", "rules", "services"))


class Outlook(NamedTuple):
    """Today's suggestions as `next` shows them: the best of each rule, ranked."""

    today: str
    total: int
    snoozed: int
    # Each as `next --json` prints it (number, key, rule, target, action, score, message, reason,
    # more_like_this).
    leading: tuple[dict[str, Any], ...]
    # For each of `leading`, the clauses that hold with the values they read, as `next` prints them.
    because: tuple[str, ...]
    # The rules' problems, as JSON and as the sentence on stderr.
    problems: tuple[dict[str, Any], ...]
    problem_lines: tuple[str, ...]
    # When nothing is suggested: the sentence `next` says instead (loops snoozed, or waiting).
    nothing: str

    @property
    def top_message(self) -> str | None:
        return self.leading[0]["message"] if self.leading else None


def outlook_of(service: SuggestionService, evaluation: Evaluation, *, every: bool = False) -> Outlook:
    """The outlook of one evaluation (`service.evaluate()` of today, on the journal or a copy);
    `every`: all the suggestions (`next --all`), not only the best of each rule."""
    from .suggestions import show_value, suggestion_json

    listed = evaluation.suggestions if every else evaluation.leading
    shown = tuple(
        suggestion_json(s, n, None if every else evaluation.count(s.rule) - 1)
        for n, s in enumerate(listed, 1)
    )
    because = tuple(
        " · ".join(
            f"{c.text} ({', '.join(show_value(v) for v in c.facts.values())})"
            for c in s.reason().clauses
            if c.holds
        )
        for s in listed
    )
    problems = (*service.rules.problems, *evaluation.problems)
    return Outlook(
        evaluation.today.isoformat(),
        len(evaluation),
        evaluation.snoozed,
        shown,
        because,
        tuple(p.as_json() for p in problems),
        tuple(str(p) for p in problems),
        "" if listed else _nothing_to_suggest(service, evaluation),
    )


def _nothing_to_suggest(service: SuggestionService, evaluation: Evaluation) -> str:
    """No suggestion today: say so, and whether loops are still open, put aside or waiting for a phase."""
    from .review import LoopState, review_loops

    context = evaluation.context
    review = review_loops(service.rules, context.snapshot, evaluation.today, context.links)
    held = sum(item.state is LoopState.HELD for item in review.items)
    snoozed = evaluation.snoozed
    if not held and not snoozed:
        return "Nothing to suggest: every loop is closed."
    parts = [f"{snoozed} snoozed"] if snoozed else []
    parts += [f"{held} waiting for the other kind of phase"] if held else []
    return f"Nothing to suggest now, but {' and '.join(parts)}: `dualtui review` lists them."


# Kept between runs -----------------------------------------------------------------------------------


class Place(NamedTuple):
    """Where one outlook is kept, and everything it depends on besides the code: the journal as it
    was read (its stamp), the day and the rules' texts (as the compiled-rules cache keys them)."""

    folder: Path
    journal: Path
    stamp: Stamp | None
    today: date
    rule_texts: tuple[Any, ...]

    @property
    def file(self) -> Path:
        return cache.journal_file(self.folder, "outlook", self.journal)

    def key(self) -> tuple[Any, ...]:
        code = tuple(cache.sources(package) for package in _PACKAGES)
        journal = os.path.abspath(self.journal)
        return (FORMAT, journal, self.stamp, self.today.isoformat(), cache.key(self.rule_texts), code)


def kept(place: Place) -> Outlook | None:
    """The outlook an earlier run kept at this place, or None (also for a stale, foreign or corrupt
    file: worked out again, never an error)."""
    if place.stamp is None:
        return None
    stored = cache.read_kept(place.file, place.key())
    if type(stored) is not tuple or len(stored) != len(Outlook._fields):
        return None
    return Outlook(*stored)


def keep(place: Place, outlook: Outlook) -> None:
    """Keep the outlook for the next run; quietly nothing when the folder cannot be written."""
    if place.stamp is not None:
        cache.keep(place.file, place.key(), tuple(outlook))
