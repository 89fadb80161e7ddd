"""Suggestions as a use case: which rules, evaluated when, and snoozing or dismissing one for good.

The rules are the defaults plus the user's file: `--rules PATH`, else `rules:` in the config, else
`rules.yaml` in the user config folder (a missing default file is fine; a named one that is missing
is reported as a rule problem). Snoozes live in the journal's `snoozes` table, one per (rule, target),
written in one transaction like every other change.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from dualtui.domain import Kind, Ref, Snapshot, Snooze, UserError, parse_ref
from dualtui.domain.dates import add_length, check_length
from dualtui.domain.links import LinkIndex
from dualtui.rules.engine import (
    DEFAULT_FILE,
    Evaluation,
    Rule,
    RuleSet,
    evaluate,
    explain,
    load_rules,
    suggestion_for,
)
from dualtui.rules.facts import Context
from dualtui.rules.model import Reason, Suggestion
from dualtui.rules.template import show as show_value
from dualtui.rules.texts import RuleTexts, read_rule_texts
from dualtui.store import Journal
from dualtui.store.journal import Stamp

from . import outlook as outlooks
from .clock import Clock
from .outlook import Outlook
from .rules_files import rules_cache_folder, user_rules_file

DEFAULT_SNOOZE = "7 days"
# How long a suggestion can be put aside, as the app offers it and `dualtui snooze` takes it: a length
# (`--for`), until the open phase's planned end (`--phase`), or for good (`--forever`).
UNTIL_PHASE_ENDS = "phase"
FOR_GOOD = "forever"
SNOOZE_LENGTHS = (("3d", "3 days"), ("1w", "a week"), ("2w", "two weeks"))


class SnoozeChoice(NamedTuple):
    """One way to put a suggestion aside: what `snooze` takes, its name, and the day it comes back
    (None: never)."""

    how: str
    name: str
    until: date | None


class Snoozed(NamedTuple):
    """A suggestion put aside: the snooze, its key (`rule:target`), and what it is about."""

    snooze: Snooze
    key: str
    about: str


class NoSuchSuggestion(UserError):
    pass


class SuggestionService:
    def __init__(self, journal: Journal, clock: Clock, rules_path: Path | None) -> None:
        self.journal = journal
        self.clock = clock
        self.rules_file, self.rules_named = user_rules_file(rules_path)
        self._texts: RuleTexts | None = None
        self._rules: RuleSet | None = None

    @property
    def texts(self) -> RuleTexts:
        """The rule files as this service read them, once: its rules are made from these."""
        if self._texts is None:
            self._texts = read_rule_texts(self.rules_file, required=self.rules_named)
        return self._texts

    @property
    def rules(self) -> RuleSet:
        if self._rules is None:
            self._rules = load_rules(texts=self.texts, cache_folder=rules_cache_folder())
        return self._rules

    def outlook(self) -> Outlook:
        """Today's suggestions as `next` shows them: kept by an earlier run for the journal exactly as
        it is on disk now (then neither the journal nor the rules are read), else worked out and kept."""
        found = outlooks.kept(self.outlook_place(self.journal.known_stamp()))
        if found is not None:
            return found
        return self.keep_outlook(self.evaluate(), self.journal.stamp())

    def outlook_place(self, stamp: Stamp | None) -> outlooks.Place:
        """Where the outlook of the journal at `stamp` is kept, today, with these rules."""
        return outlooks.Place(
            rules_cache_folder(), self.journal.path, stamp, self.clock.today(), self.texts.key
        )

    def keep_outlook(self, evaluation: Evaluation, stamp: Stamp | None) -> Outlook:
        """The outlook of an evaluation of the journal as read at `stamp`, kept for the next run."""
        found = outlooks.outlook_of(self, evaluation)
        outlooks.keep(self.outlook_place(stamp), found)
        return found

    def snapshot(self) -> Snapshot:
        return self.journal.snapshot()

    def evaluate(
        self,
        snapshot: Snapshot | None = None,
        *,
        respect_snoozes: bool = True,
        respect_phases: bool = True,
        links: LinkIndex | None = None,
    ) -> Evaluation:
        """Today's suggestions for the journal, or for `snapshot` (a copy a worker thread owns);
        `links`: its link index, when the caller made one from the same version."""
        return evaluate(
            self.rules,
            snapshot or self.journal.snapshot(),
            self.clock.today(),
            respect_snoozes=respect_snoozes,
            respect_phases=respect_phases,
            links=links,
        )

    def phase_kind(self) -> str:
        """The open phase's kind as rules name it (`research`, `production`), or `none`."""
        current = self.journal.snapshot().current_phase()
        return "none" if current is None else current.kind.value

    def find(self, wanted: str) -> Suggestion:
        """A suggestion by its number in `next` (1 is the top), or its key (`paper-read-no-build:p12`).
        Snoozed suggestions are found by key too, so they can be explained and un-snoozed."""
        text = wanted.strip()
        if text.isdigit():
            current = self.evaluate()
            number = int(text)
            listed = current.leading if number <= len(current.leading) else current.suggestions
            if not 1 <= number <= len(listed):
                raise NoSuchSuggestion(
                    f"There is no suggestion {number}: `dualtui next --all` lists {len(current)}."
                )
            return listed[number - 1]
        found = suggestion_for(self.rules, self.journal.snapshot(), self.clock.today(), text)
        if found is not None:
            return found
        raise NoSuchSuggestion(
            f"No suggestion “{text}” today: use its number or key from `dualtui next`, "
            "like 1 or paper-read-no-build:p12."
        )

    def explain_item(self, ref: Ref) -> list[tuple[Rule, Reason, bool]]:
        """Every enabled rule about an item's kind, applied to it: fired or not, and why."""
        snapshot = self.journal.snapshot()
        record = snapshot.get(ref)
        if record is None or ref.kind is Kind.SNOOZE:
            raise NoSuchSuggestion(f"There is no {ref.kind.value} {ref} to explain.")
        context = Context(snapshot, self.clock.today())
        explained = []
        for rule in self.rules.rules:
            if rule.enabled and rule.about.kind is ref.kind:
                reason = explain(rule, record, context)
                fired = bool(rule.match((record,), context)) and rule.applies_in(context.phase_kind())
                explained.append((rule, reason, fired))
        return explained

    # Snoozing

    def snooze_choices(self) -> list[SnoozeChoice]:
        """The ways to put a suggestion aside today, shortest first: 3 days, a week, two weeks, until
        the open phase's planned end (when one is open and ends later than today), for good."""
        today = self.clock.today()
        choices = [SnoozeChoice(how, name, snooze_until(today, how)) for how, name in SNOOZE_LENGTHS]
        phase = self.journal.snapshot().current_phase()
        if phase is not None and phase.planned_end > today:
            choices.append(SnoozeChoice(UNTIL_PHASE_ENDS, f"until {phase.ref} ends", phase.planned_end))
        choices.append(SnoozeChoice(FOR_GOOD, "for good", None))
        return choices

    def snooze(self, suggestion: Suggestion, *, length: str | None = DEFAULT_SNOOZE) -> Snooze:
        """Hide a suggestion until today + length (3d, 1w, 2w, 1 month…), until the open phase's
        planned end (UNTIL_PHASE_ENDS), or for good (FOR_GOOD or None: dismissed for that item)."""
        today = self.clock.today()
        until: date | None
        if length == UNTIL_PHASE_ENDS:
            until = self._phase_end(today)
        elif length is None or length == FOR_GOOD:
            until = None
        else:
            until = snooze_until(today, length)
        snooze = Snooze(0, suggestion.rule, _target(suggestion), self.clock.now(), until)
        with self.journal.transaction() as tx:
            for existing in _matching(tx.snapshot, suggestion.rule, snooze.target):
                tx.delete(Kind.SNOOZE, existing.id)
            stored = tx.insert(snooze)
            on = f" on {snooze.target}" if snooze.target else ""
            lasting = f"until {until}" if until else "for good"
            tx.summary = f"snoozed {suggestion.rule}{on} {lasting}"
        return stored

    def _phase_end(self, today: date) -> date:
        phase = self.journal.snapshot().current_phase()
        if phase is None:
            raise UserError("No phase is open, so none ends: snooze for 3d, 1w or 2w, or for good.")
        if phase.planned_end <= today:
            raise UserError(
                f"{phase.ref} was planned to end on {phase.planned_end}, which is not after today: "
                "snooze for 3d, 1w or 2w, or for good."
            )
        return phase.planned_end

    def snoozed(self) -> list[Snoozed]:
        """What is put aside today, the soonest back first and the dismissed last."""
        snapshot = self.journal.snapshot()
        today = self.clock.today()
        found = []
        for snooze in snapshot.snoozes.values():
            if snooze.active_on(today):
                found.append(Snoozed(snooze, _key_of(snooze), _about(snapshot, snooze.target)))
        return sorted(found, key=lambda s: (s.snooze.until is None, s.snooze.until or today, s.snooze.id))

    def unsnooze(self, key: str) -> int:
        """Bring back a snoozed or dismissed suggestion by its key (`rule:target`, as `snoozed` lists
        it) or its snooze's id (s3); returns how many snoozes were removed."""
        wanted = key.strip()
        snooze_id = _snooze_number(wanted)
        rule, _, target = wanted.partition(":")
        if target:
            target = str(parse_ref(target))
        with self.journal.transaction() as tx:
            if snooze_id is not None:
                found = [s for s in tx.snapshot.snoozes.values() if s.id == snooze_id]
            else:
                found = _matching(tx.snapshot, rule, target)
            for existing in found:
                tx.delete(Kind.SNOOZE, existing.id)
            shown = wanted if snooze_id is None or not found else _key_of(found[0])
            tx.summary = f"brought back {shown}"
        if not found:
            raise NoSuchSuggestion(f"“{key}” is not snoozed: `dualtui snoozed` lists what is.")
        return len(found)

    def snooze_of(self, rule: str, target: Ref | None) -> Snooze | None:
        """The active snooze hiding this rule on this target, if any."""
        today = self.clock.today()
        wanted = "" if target is None else str(target)
        found = _matching(self.journal.snapshot(), rule, wanted)
        return next((s for s in found if s.active_on(today)), None)


def snooze_until(today: date, length: str) -> date:
    """`3d`, `2w`, `1 month`...: the first day the suggestion shows again."""
    span = check_length(length)
    count, unit = span.split()
    if unit.startswith("day"):
        return today + timedelta(days=int(count))
    if unit.startswith("week"):
        return today + timedelta(weeks=int(count))
    return add_length(today, span)


def _key_of(snooze: Snooze) -> str:
    return f"{snooze.rule}:{snooze.target}" if snooze.target else snooze.rule


def _snooze_number(text: str) -> int | None:
    """The number of a snooze's id (s3), or None when the text is a suggestion's key."""
    if text[:1].lower() == "s" and text[1:].isdigit():
        return int(text[1:])
    return None


def _about(snapshot: Snapshot, target: str) -> str:
    """What a snoozed suggestion is about, as one line: its item's title or text (the journal when it
    has no item, "gone" when the item was deleted)."""
    from .journal_service import title_of  # only `snoozed` needs it: `next` stays light

    if not target:
        return "the journal"
    try:
        record = snapshot.get(parse_ref(target))
    except UserError:
        record = None
    return f"{target} (gone)" if record is None else title_of(record)


def _target(suggestion: Suggestion) -> str:
    return "" if suggestion.target is None else str(suggestion.target)


def _matching(snapshot: Snapshot, rule: str, target: str) -> list[Snooze]:
    return [s for s in snapshot.snoozes.values() if s.rule == rule and s.target == target]


def check_rules_file(path: Path, *, named: bool) -> RuleSet:
    """The default rules with the file at `path`, for linting: its problems, and what it adds."""
    return load_rules(path, required=named)


def from_user_file(rule: Rule) -> bool:
    return rule.file != DEFAULT_FILE


def reason_view(reason: Reason) -> dict[str, Any]:
    """A reason as a person reads it: the condition, each clause and whether it holds, and the value
    of every fact it read (`no`, `none`, `12`), as `dualtui why` prints them."""
    facts: dict[str, str] = {}
    for clause in reason.clauses:
        facts.update((name, show_value(value)) for name, value in clause.facts.items())
    return {"when": reason.condition, "facts": facts, "clauses": [(c.text, c.holds) for c in reason.clauses]}


def suggestion_json(suggestion: Suggestion, number: int, more: int | None = None) -> dict[str, Any]:
    """The stable JSON form of a suggestion (documented in docs/rules.md)."""
    reason = suggestion.reason()
    shown: dict[str, Any] = {
        "number": number,
        "key": suggestion.key,
        "rule": suggestion.rule,
        "target": None if suggestion.target is None else str(suggestion.target),
        "action": suggestion.action,
        "score": suggestion.score,
        "message": suggestion.message,
        "reason": reason_json(reason),
    }
    if more is not None:
        shown["more_like_this"] = more
    return shown


def reason_json(reason: Reason) -> dict[str, Any]:
    return {
        "rule": reason.rule,
        "condition": reason.condition,
        "clauses": [
            {"text": c.text, "holds": c.holds, "facts": {k: json_value(v) for k, v in c.facts.items()}}
            for c in reason.clauses
        ],
        "score": dict(reason.score_terms),
    }


def json_value(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return str(value)  # a StrEnum becomes its plain value
    return value
