"""`?`: why the top suggestion is there (rule, condition, fact values), then every key."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keymap import KEYS, display_keys
from ..stylesheets import MODAL
from ..text import fit, one_line
from .form import FormScreen


def why_content(explanation: Mapping[str, Any] | None) -> Content:
    if not explanation:
        return Content.styled("No suggestion right now: every rule is quiet.", "$text-muted")
    lines = [
        Content.assemble(("▶ ", "bold $accent"), (one_line(str(explanation.get("say", ""))), "bold")),
        Content.assemble(("rule      ", "$text-muted"), one_line(str(explanation.get("rule", "")))),
        Content.assemble(("when      ", "$text-muted"), one_line(str(explanation.get("when", "")))),
    ]
    for text, holds in explanation.get("clauses") or ():
        lines.append(
            Content.assemble(
                "  ", ("✓ " if holds else "✗ ", "$success" if holds else "$error"), one_line(text)
            )
        )
    facts = explanation.get("facts") or {}
    if facts:
        lines.append(Content.styled("because", "$text-muted"))
        for name, value in facts.items():
            lines.append(Content.assemble("  ", (f"{name}", "$accent"), " = ", fit(one_line(str(value)), 60)))
    if explanation.get("do"):
        lines.append(Content.assemble(("n does   ", "$text-muted"), one_line(str(explanation["do"]))))
    return Content("\n").join(lines)


def keys_content(keymap: Mapping[str, str]) -> Content:
    lines = []
    for key in KEYS:
        keys = display_keys(keymap.get(key.id, key.keys))
        lines.append(
            Content.assemble((f"{keys:>9}", "bold $accent"), "  ", key.help, (f"  ({key.id})", "$text-muted"))
        )
    lines.append(Content.assemble((f"{'j/k ↑/↓':>9}", "bold $accent"), "  Move in a list (pgup/pgdn, g/G)"))
    lines.append(Content.assemble((f"{'tab':>9}", "bold $accent"), "  Next pane (shift+tab: previous)"))
    lines.append(Content.styled("In a form", "bold"))
    for binding in FormScreen.BINDINGS:
        assert isinstance(binding, Binding)
        lines.append(Content.assemble((f"{binding.key:>9}", "bold $accent"), "  ", binding.description))
    lines.append(Content.assemble((f"{'enter':>9}", "bold $accent"), "  Save"))
    lines.append(
        Content.assemble(
            (f"{'f i o q…':>9}", "bold $accent"),
            "  On the kind row only: pick that kind (←/→ step); the focus stays, tab goes on",
        )
    )
    lines.append(
        Content.styled(
            "In a choice (s: the moves allowed; z: 3 days, a week, two weeks, until the phase ends, "
            "for good)",
            "bold",
        )
    )
    for keys, does in CHOICE_KEYS:
        lines.append(Content.assemble((f"{keys:>9}", "bold $accent"), "  ", does))
    return Content("\n").join(lines)


# The keys of a choice (`pick.py`): said here, where every other key is.
CHOICE_KEYS = (
    ("↑/↓ j/k", "Choose (the usual one is highlighted when the choice opens)"),
    ("enter", "Record the one highlighted (u undoes it)"),
    ("esc", "Cancel: nothing is recorded"),
)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = MODAL
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help-close"),
    ]

    def __init__(
        self, explanation: Mapping[str, Any] | None, keymap: Mapping[str, str], errors: Sequence[str]
    ) -> None:
        super().__init__(classes="help")
        self.explanation = explanation
        self.keymap = keymap
        self.errors = errors

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Why this suggestion", classes="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(why_content(self.explanation), id="why")
                if self.errors:
                    yield Static(
                        Content("\n").join(
                            Content.assemble(("⚠ ", "$error"), one_line(e)) for e in self.errors
                        ),
                        id="rule-errors",
                    )
                yield Static("Keys", classes="help-title")
                yield Static(keys_content(self.keymap), id="key-table")
            yield Static(
                Content.assemble(("esc", "bold"), " close  ", ("config keys:", "bold"), " remaps by id"),
                id="form-hint",
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
