"""One form screen for every add and edit: first field focused, enter saves, escape cancels.

A value that does not parse is shown beside its field, and what the user typed stays where it was.
A save that is allowed but seldom meant (a paper the journal holds already, a phase ended with no
review) is refused with a sentence saying why, and a second enter on the same text saves it. An
edit saves only the fields the user changed, against the record as it is at that moment: a field
that someone else (another terminal, another app) changed while the form was open is not overwritten
silently; the form says so beside it and keeps the user's text, and a second save puts it in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from ...domain import UserError, collector
from ...domain.errors import NeedsConfirmation
from ...domain.text import BREAK_MARK as MARK
from ..editor import EditorFailed
from ..stylesheets import MODAL
from ..text import one_line
from ..widgets.choice import Choice
from ..widgets.text_input import TextInput

# A line break cannot live in a one-line Input: it shows as this mark, and a mark of the text's own
# is doubled, so what comes back on saving is exactly what was there. (`list` shows it the same.)
BREAK = f" {MARK} "
_SHOWN_BREAK = re.compile(f"{MARK}{MARK}|{BREAK}")


def to_input(text: str) -> str:
    """A stored text as a one-line input shows it: line breaks as ⏎, control characters visible."""
    return one_line(text.replace(MARK, MARK * 2).replace("\r\n", "\n").replace("\n", BREAK))


def from_input(shown: str) -> str:
    """What `to_input` showed (or the user typed), as the text it stands for."""
    return _SHOWN_BREAK.sub(lambda found: MARK if found.group() == MARK * 2 else "\n", shown)


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Field:
    """One field. `value` is the text shown; `original` is the record's own value (an edit form saves
    the field only if the user changed its text, and only over this value)."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    parse: Callable[[str], Any] = _identity
    choices: Sequence[str] = ()
    long: bool = False
    original: Any = None


# The values to save, and (for an edit) the record's value of each as the form showed it.
Save = Callable[[dict[str, Any], dict[str, Any]], Any]


class FormScreen(ModalScreen[Any]):
    CSS_PATH = MODAL
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "save", "Save", id="form-save"),
        Binding("ctrl+o", "edit_long", "Editor", id="form-editor"),
        Binding("ctrl+t", "cycle_choice", "Next kind", id="form-cycle", show=False),
        # Priority: the app moves focus as it reads the key, so keys typed right after a tab (a fast
        # typist, a paste) land in the next field instead of the one being left.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        on_save: Save,
        *,
        intro: Content | None = None,
        after: Content | None = None,
        edits: bool = False,
        recipe: dict[str, Any] | None = None,
    ) -> None:
        """`edits`: the form edits a record, so it saves only what the user changed. `recipe`: how
        `forms.reopen` makes this form again (plain JSON), for a draft kept when the app is stopped."""
        super().__init__(classes="form")
        self.form_title = title
        self.fields = list(fields)
        self.on_save = on_save
        self.intro = intro
        self.after = after
        self.edits = edits
        self._shown = {field.name: self._shown_text(field) for field in self.fields}
        # The record's value of each field that a save expects to find (a conflict moves it on).
        self._expected = {field.name: field.original for field in self.fields}
        self.recipe = recipe
        self.restored: dict[str, str] = {}
        # A save refused until confirmed: its flag and the text it was refused on; and each flag the
        # user confirmed, with the text confirmed (a save on that text gets the flag as a value, True).
        self._confirming: tuple[str, dict[str, str]] | None = None
        self._confirmed: dict[str, dict[str, str]] = {}
        # Each field's editor and error line, kept as composed: a save reads every field, and a query
        # per field walks the whole form (a few ms of every add, before the main screen comes back).
        self._editors: dict[str, Widget] = {}
        self._error_lines: dict[str, Static] = {}
        self._invalid: set[str] = set()

    @staticmethod
    def _shown_text(field: Field) -> str:
        return field.value if field.choices else to_input(field.value)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(one_line(self.form_title)), id="form-title")
            with VerticalScroll(id="form-body"):
                if self.intro is not None:
                    yield Static(self.intro, classes="form-intro")
                for field in self.fields:
                    with Vertical(classes="field", id=f"field-{field.name}"):
                        yield Label(Content(field.label), classes="field-label")
                        self._editors[field.name] = self._editor_for(field)
                        yield self._editors[field.name]
                        self._error_lines[field.name] = Static("", classes="field-error")
                        yield self._error_lines[field.name]
                if self.after is not None:
                    yield Static(self.after, classes="form-after")
            yield Static("", id="form-error")
            yield Static(self._hint(), id="form-hint")

    def _editor_for(self, field: Field) -> Widget:
        if field.choices:
            return Choice(field.choices, field.value, id=f"input-{field.name}")
        return TextInput(
            self._shown[field.name],
            placeholder=field.placeholder,
            id=f"input-{field.name}",
            select_on_focus=False,
        )

    def _hint(self) -> Content:
        parts: list[Any] = [("enter", "bold"), " save  ", ("esc", "bold"), " cancel  "]
        if any(f.long for f in self.fields):
            parts += [("ctrl+o", "bold"), " editor  "]
        if any(f.choices for f in self.fields):
            parts += [("ctrl+t", "bold"), " next kind"]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        for name, text in self.restored.items():
            widget = self.query_one(f"#input-{name}")
            if isinstance(widget, Choice | Input):
                widget.value = text
        self.query_one(f"#input-{self.fields[0].name}").focus()

    def restore(self, values: dict[str, str]) -> None:
        """Put back text kept from an earlier run (before the form is shown)."""
        names = {field.name for field in self.fields}
        self.restored = {name: text for name, text in values.items() if name in names}

    def draft(self) -> dict[str, Any] | None:
        """What the user changed, as it is on screen, with the recipe to reopen the form; None if
        nothing was changed or the form cannot be reopened."""
        if self.recipe is None:
            return None
        changed = {name: text for name, text in self.shown_values().items() if text != self._shown[name]}
        return {"recipe": self.recipe, "title": self.form_title, "values": changed} if changed else None

    def shown_values(self) -> dict[str, str]:
        """Each field's text as it is on screen now."""
        values: dict[str, str] = {}
        for field in self.fields:
            widget = self._editors[field.name]
            values[field.name] = widget.value if isinstance(widget, Choice | Input) else ""
        return values

    def changed_values(self) -> dict[str, str]:
        """The fields whose text the user changed, as the text they stand for."""
        return {
            name: text if self._field(name).choices else from_input(text)
            for name, text in self.shown_values().items()
            if text != self._shown[name]
        }

    def raw_values(self) -> dict[str, str]:
        """Every field as the text it stands for."""
        return {
            name: text if self._field(name).choices else from_input(text)
            for name, text in self.shown_values().items()
        }

    def _field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        # Closing the form leaves its widgets as cyclic garbage, and a full collection (50-85 ms at
        # 10,000 records) fell inside about one save in three, before the main screen showed the
        # row. The collector waits until the frame after the save is drawn.
        collector.pause()
        try:
            self._save()
        finally:
            self.app.call_after_refresh(collector.resume)

    def _save(self) -> None:
        parsed: dict[str, Any] = {}
        first_bad: str | None = None
        typed = self.changed_values() if self.edits else self.raw_values()
        for field in self.fields:
            if field.name not in typed:
                continue
            raw = typed[field.name]
            try:
                parsed[field.name] = field.parse(raw.strip() if not field.long else raw)
                self._show_error(field.name, "")
            except UserError as error:
                self._show_error(field.name, str(error))
                first_bad = first_bad or field.name
        if first_bad is not None:
            self.query_one(f"#input-{first_bad}").focus()
            return
        if self.edits and not parsed:
            self.dismiss(None)  # nothing changed: nothing to write
            return
        expected = {name: self._expected[name] for name in parsed} if self.edits else {}
        # A second enter on the same text says a save that needs confirming is meant.
        if self._confirming is not None and self._confirming[1] == typed:
            self._confirmed[self._confirming[0]] = typed
        self._confirming = None
        parsed.update({flag: True for flag, seen in self._confirmed.items() if seen == typed})
        try:
            result = self.on_save(parsed, expected)
        except NeedsConfirmation as error:
            self._confirming = (error.flag, typed)
            self.query_one("#form-error", Static).update(
                Content.assemble(("⚠ ", "$warning"), one_line(f"{error}: enter again saves it anyway."))
            )
            return
        except UserError as error:
            field_name = getattr(error, "field", None)
            if field_name in self._expected:
                # Someone else changed it meanwhile: say so, keep the user's text; saving again
                # means to put it over theirs.
                self._expected[field_name] = getattr(error, "current", None)
                self._show_error(field_name, str(error))
                self.query_one(f"#input-{field_name}").focus()
                return
            self.query_one("#form-error", Static).update(
                Content.assemble(("⚠ ", "$error"), one_line(str(error)))
            )
            return
        self.dismiss(result)

    def _show_error(self, name: str, message: str) -> None:
        if not message and name not in self._invalid:
            return  # nothing shown, nothing to clear: the form is not restyled for nothing
        if message:
            self._invalid.add(name)
        else:
            self._invalid.discard(name)
        line = self._error_lines[name]
        assert line.parent is not None
        line.parent.set_class(bool(message), "-invalid")
        line.update(Content(one_line(message)))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cycle_choice(self) -> None:
        choice = next(iter(self.query(Choice)), None)
        if choice is not None:
            choice.action_step(1)

    def action_edit_long(self) -> None:
        focused = self.focused
        field = next(
            (f for f in self.fields if focused is not None and focused.id == f"input-{f.name}"), None
        )
        if field is None or not field.long:
            field = next((f for f in self.fields if f.long), None)
        if field is None:
            return
        widget = self.query_one(f"#input-{field.name}", Input)
        try:
            edited = self.app.edit_text(from_input(widget.value))  # type: ignore[attr-defined]
        except EditorFailed as error:
            self.notify(str(error), severity="error")
            return
        if edited is not None:
            widget.value = to_input(edited)
        widget.focus()
