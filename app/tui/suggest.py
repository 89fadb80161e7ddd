"""What the app needs of a suggestion, and where suggestions come from (the rules, off the UI thread)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..domain import Ref, Snapshot, parse_ref

if TYPE_CHECKING:
    from ..domain.links import LinkIndex
    from ..services.outlook import Outlook
    from ..services.suggestions import SuggestionService


# NamedTuples, not dataclasses, here and in the other modules the app imports at launch: a dataclass
# costs most of a millisecond to create, and the launch budget is counted in milliseconds.
class Suggestion(NamedTuple):
    say: str
    rule: str
    target: Ref | None = None
    do: str | None = None
    # Explaining reads every fact of the condition: done only when `?` asks.
    explain: Callable[[], dict[str, Any]] | None = None
    # The rule engine's own suggestion, which snoozing needs.
    source: Any = None

    def explanation(self) -> dict[str, Any]:
        reason = self.explain() if self.explain is not None else {}
        return {"say": self.say, "rule": self.rule, "do": self.do, **reason}


class Suggestions(NamedTuple):
    items: Sequence[Suggestion] = ()
    errors: Sequence[str] = ()

    @property
    def top(self) -> Suggestion | None:
        return self.items[0] if self.items else None


# (the worker's copy of the snapshot, the stamp of the journal file it was read as, the panes' link
# index of that version or None) -> Suggestions.
Suggester = Callable[[Snapshot, Any, "LinkIndex | None"], Suggestions]


def rules_suggester(get_service: Callable[[], SuggestionService]) -> Suggester:
    """Suggestions from the service's rules (loaded on first use, in the worker), on the worker's
    copy; what they say is kept for the next run (`next`, the next launch's first frame)."""

    def suggest(snapshot: Snapshot, stamp: Any, links: LinkIndex | None) -> Suggestions:
        from ..services.suggestions import reason_view

        service = get_service()
        # The panes' index, not a second one: the suggestions keep their evaluation (for `?`).
        evaluation = service.evaluate(snapshot, links=links)
        items = [
            Suggestion(s.message, s.rule, s.target, s.action, lambda s=s: reason_view(s.reason()), s)
            for s in evaluation.leading
        ]
        errors = [str(problem) for problem in (*service.rules.problems, *evaluation.problems)]
        service.keep_outlook(evaluation, stamp)
        return Suggestions(items, errors)

    return suggest


def kept_suggestions(outlook: Outlook) -> Suggestions:
    """What an earlier run kept, for the first frame: what the rules would say now, without the means
    to explain it (the worker's fresh suggestions replace these moments later)."""
    items = [
        Suggestion(
            shown["message"],
            shown["rule"],
            parse_ref(shown["target"]) if shown["target"] else None,
            shown["action"],
        )
        for shown in outlook.leading
    ]
    return Suggestions(items, list(outlook.problem_lines))


def copy_for_worker(snapshot: Snapshot) -> Snapshot:
    """A shallow copy a worker thread can read while the UI thread writes (records are replaced, not
    changed, so copying the tables is enough)."""
    return Snapshot(
        dict(snapshot.phases),
        dict(snapshot.papers),
        dict(snapshot.builds),
        dict(snapshot.entries),
        dict(snapshot.snoozes),
        snapshot.version,
    )
