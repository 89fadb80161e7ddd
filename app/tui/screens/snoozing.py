"""Snoozing from the app: how long to put a suggestion aside (the choices `dualtui snooze` takes: 3
days, a week, two weeks, until the phase ends, for good), and bringing a snoozed one back. The main
screen's `z` and the weekly review's both come here; each choice is one change of the journal,
through the suggestion service, so `u` undoes it."""

from __future__ import annotations

from typing import Any

from ...services.suggestions import SuggestionService
from .pick import Pick, PickScreen

# The choices that are not a length: bring back the one chosen, or choose which to bring back.
BRING_BACK = "bring-back"
CHOOSE_TO_BRING_BACK = "choose"
DEFAULT_CHOICE = "1w"


def snooze_choice(
    service: SuggestionService, what: str, *, snoozed_until: str | None = None, offer_others: bool = False
) -> PickScreen:
    """How long to put `what` aside, a week highlighted. `snoozed_until`: it is snoozed already (the
    first choice brings it back); `offer_others`: a last choice lists every snoozed suggestion to
    bring one back."""
    picks = []
    if snoozed_until is not None:
        picks.append(Pick(BRING_BACK, "bring it back", f"now: it is {snoozed_until}"))
    for choice in service.snooze_choices():
        back = "dismiss it for this item" if choice.until is None else f"back on {choice.until:%a %Y-%m-%d}"
        picks.append(Pick(choice.how, choice.name, back))
    put_aside = len(service.snoozed()) if offer_others else 0
    if put_aside:
        picks.append(Pick(CHOOSE_TO_BRING_BACK, "bring one back…", f"{put_aside} put aside: choose which"))
    chosen = next(i for i, pick in enumerate(picks) if pick.value == DEFAULT_CHOICE)
    return PickScreen("Snooze: put it aside until", picks, chosen=chosen, intro=what)


def bring_back_choice(service: SuggestionService) -> PickScreen | None:
    """Every snoozed suggestion, the soonest back first: enter brings the one highlighted back. None
    when nothing is snoozed."""
    put_aside = service.snoozed()
    if not put_aside:
        return None
    picks = []
    for item in put_aside:
        until = "for good" if item.snooze.until is None else f"until {item.snooze.until}"
        picks.append(Pick(item.key, item.key, f"{until} · {item.about}"))
    return PickScreen("Bring back a snoozed suggestion", picks)


def record_snooze(service: SuggestionService, suggestion: Any, how: str, label: str) -> str:
    """Snooze `suggestion` as chosen (or bring it back); the sentence that says what was done to it
    (`label`: how the user knows it)."""
    if how == BRING_BACK:
        service.unsnooze(key_of(suggestion))
        return f"Brought back: {label}"
    snooze = service.snooze(suggestion, length=how)
    if snooze.until is None:
        return f"Dismissed for good (u undoes): {label}"
    return f"Snoozed until {snooze.until:%Y-%m-%d}: {label}"


def key_of(suggestion: Any) -> str:
    """A suggestion's key as `dualtui snoozed` lists it: `rule:target`, or the rule alone."""
    target = getattr(suggestion, "target", None)
    return f"{suggestion.rule}:{target}" if target is not None else suggestion.rule
