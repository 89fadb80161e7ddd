"""Every key of the main screen: one table, with ids a user can remap in the config (`keys:`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from textual.binding import Binding

from ..domain import Kind


class Key(NamedTuple):
    id: str
    keys: str
    action: str
    label: str
    help: str
    # The panes where the key means something (None: everywhere); the footer shows it only there.
    panes: frozenset[Kind] | None = None
    show: bool = True


LISTS = frozenset({Kind.PAPER, Kind.BUILD, Kind.ENTRY})
ALL_PANES = frozenset({Kind.PHASE, *LISTS})

KEYS: tuple[Key, ...] = (
    Key("focus-phase", "1", "focus_pane('phase')", "Phase", "Focus the phase pane", show=False),
    Key("focus-papers", "2", "focus_pane('paper')", "Reading", "Focus the reading queue", show=False),
    Key("focus-builds", "3", "focus_pane('build')", "Builds", "Focus the build queue", show=False),
    Key("focus-log", "4", "focus_pane('entry')", "Log", "Focus the validation log", show=False),
    Key("open", "enter", "open", "Open", "Open the selected item to view and edit it", ALL_PANES, show=False),
    Key("add", "a", "add", "Add", "Add to the focused pane (a phase, paper, build or entry)", ALL_PANES),
    Key("log", "l", "log", "Log", "Log an entry about the selected item (or its paper and build)"),
    Key(
        "advance",
        "s",
        "advance",
        "Status",
        "Move the paper or build: choose a status it may go to (the usual one first)",
        frozenset({Kind.PAPER, Kind.BUILD}),
    ),
    Key(
        "build",
        "b",
        "build",
        "Build",
        "Start a build from the selected paper (or insight)",
        frozenset({Kind.PAPER, Kind.ENTRY}),
    ),
    Key(
        "writeup",
        "w",
        "writeup",
        "Write-up",
        "Draft the write-up of the selected build",
        frozenset({Kind.BUILD}),
    ),
    Key(
        "writeup-done",
        "W",
        "writeup_done",
        "Done",
        "Mark the write-up done (drafted first if there is none)",
        frozenset({Kind.BUILD}),
    ),
    Key(
        "follow-up",
        "f",
        "follow_up",
        "Follow up",
        "Follow up the selected entry: a failure becomes a research question, a question gets its "
        "answer, an insight a build",
        frozenset({Kind.ENTRY}),
    ),
    Key(
        "link",
        "L",
        "link",
        "Link",
        "Link a question to a paper or build that addresses it, an insight to a build; a build: "
        "link or unlink its papers",
        frozenset({Kind.BUILD, Kind.ENTRY}),
    ),
    Key("delete", "d", "delete", "Delete", "Delete the selected item (u undoes)", LISTS),
    Key(
        "undo", "u", "undo", "Undo", "Undo the last change (any: add, status, edit, log, delete…)", show=False
    ),
    Key("redo", "U,ctrl+r", "redo", "Redo", "Redo the change undone last", show=False),
    Key("filter", "slash", "filter", "Filter", "Filter the focused pane as you type", ALL_PANES),
    Key(
        "do",
        "n",
        "do_suggestion",
        "Do it",
        "Do the top suggestion: its form or choice opens, enter records it",
    ),
    Key(
        "snooze",
        "z",
        "snooze",
        "Snooze",
        "Snooze the suggestion: 3 days, a week, two weeks, until the phase ends, for good; or bring one back",
        show=False,
    ),
    Key("help", "question_mark", "help", "Help", "Explain the top suggestion, and list every key"),
    Key("phase", "p", "switch_phase", "Phase", "Switch phase: review the one ending, start the next"),
    Key("review", "r", "weekly_review", "Review", "Weekly review: walk the open loops", show=False),
    Key(
        "insights",
        "i",
        "insights",
        "Insights",
        "Insights: every phase side by side, cycle times, a year of activity, trends",
    ),
    Key("detail", "v", "toggle_detail", "Detail", "Show or hide the selected item in full", show=False),
    Key(
        "open-link",
        "o",
        "open_link",
        "Open link",
        "Open the paper's DOI, arXiv or URL (a build: its write-up) with the system's opener",
        frozenset({Kind.PAPER, Kind.BUILD}),
        show=False,
    ),
    Key(
        "palette",
        "ctrl+p",
        "command_palette",
        "Commands",
        "Command palette: every action, jump to any item",
        show=False,
    ),
    Key("quit", "q", "quit", "Quit", "Quit (keys typed after it are not run)"),
)

BY_ID = {key.id: key for key in KEYS}
BY_ACTION = {key.action.split("(")[0]: key for key in KEYS}


# Keys that work on every screen, modal ones included; the rest belong to the main screen, so a modal
# screen never runs them.
APP_WIDE = frozenset({"palette", "quit"})


def _binding(key: Key) -> Binding:
    return Binding(key.keys, key.action, key.label, show=key.show, id=key.id, tooltip=key.help)


def app_bindings() -> list[Binding]:
    return [_binding(key) for key in KEYS if key.id in APP_WIDE]


def screen_bindings() -> list[Binding]:
    return [_binding(key) for key in KEYS if key.id not in APP_WIDE]


def user_keymap(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The config's `keys:` as a Textual keymap, and a sentence for each remap left out: an id that
    does not exist, or a key another binding has (both keep their own keys; swapping two is fine)."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, chosen in keys.items():
        if binding_id in BY_ID:
            keymap[binding_id] = chosen
        else:
            problems.append(
                f"The config maps keys for “{binding_id}”, which is not an action id (see the help screen)."
            )
    # A refused remap gives its binding its own keys back, which may clash with another remap: go on
    # until no key is bound twice.
    while clash := _first_clash(keymap):
        key, owners = clash
        for binding_id in (owner for owner in owners if owner in keymap):
            others = " and ".join(other for other in owners if other != binding_id)
            problems.append(
                f"The config gives {binding_id} the key “{display_keys(key)}”, which {others} has too: "
                f"{binding_id} keeps {display_keys(BY_ID[binding_id].keys)}."
            )
            del keymap[binding_id]
    return keymap, problems


def _first_clash(keymap: Mapping[str, str]) -> tuple[str, list[str]] | None:
    """A key that two bindings would share under `keymap`, one of them remapped, with the ids of both
    (every main-screen key is live together with the app-wide ones)."""
    owners: dict[str, list[str]] = {}
    for key in KEYS:
        for part in keymap.get(key.id, key.keys).split(","):
            named = _KEY_NAMES.get(part.strip(), part.strip())
            owners.setdefault(named, []).append(key.id)
    clashes = ((key, ids) for key, ids in owners.items() if len(ids) > 1 and any(i in keymap for i in ids))
    return next(clashes, None)


_KEY_NAMES = {"?": "question_mark", "/": "slash", "esc": "escape"}


def display_keys(keys: str) -> str:
    """`question_mark` → `?`, `ctrl+p` → `ctrl+p`: how a binding's keys read on screen."""
    names = {"question_mark": "?", "slash": "/", "enter": "enter", "escape": "esc"}
    return ",".join(names.get(part, part) for part in keys.split(","))
