"""One form screen for every add and edit: first field focused, enter saves, escape cancels.

A value that does not parse is shown beside its field, and what the user typed stays where it was.
"""

from __future__ import annotations

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

from ...domain import UserError
from ..editor import EditorFailed
from ..stylesheets import MODAL
from ..widgets.choice import Choice

# A line break cannot live in a one-line Input: it shows as this mark and turns back on saving.
BREAK = " ⏎ "


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    parse: Callable[[str], Any] = _identity
    choices: Sequence[str] = ()
    long: bool = False


class FieldError(UserError):
    """A service's complaint about one field: shown beside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


Save = Callable[[dict[str, Any]], Any]


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
    ) -> None:
        super().__init__(classes="form")
        self.form_title = title
        self.fields = list(fields)
        self.on_save = on_save
        self.intro = intro
        self.after = after

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self.form_title), id="form-title")
            with VerticalScroll(id="form-body"):
                if self.intro is not None:
                    yield Static(self.intro, classes="form-intro")
                for field in self.fields:
                    with Vertical(classes="field", id=f"field-{field.name}"):
                        yield Label(Content(field.label), classes="field-label")
                        yield self._editor_for(field)
                        yield Static("", classes="field-error")
                if self.after is not None:
                    yield Static(self.after, classes="form-after")
            yield Static("", id="form-error")
            yield Static(self._hint(), id="form-hint")

    def _editor_for(self, field: Field) -> Widget:
        if field.choices:
            return Choice(field.choices, field.value, id=f"input-{field.name}")
        return Input(
            field.value.replace("\n", BREAK),
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
        self.query_one(f"#input-{self.fields[0].name}").focus()

    def raw_values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for field in self.fields:
            widget = self.query_one(f"#input-{field.name}")
            text = widget.value if isinstance(widget, Choice | Input) else ""
            values[field.name] = text.replace(BREAK, "\n")
        return values

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        parsed: dict[str, Any] = {}
        first_bad: str | None = None
        raw_values = self.raw_values()
        for field in self.fields:
            raw = raw_values[field.name]
            try:
                parsed[field.name] = field.parse(raw.strip() if not field.long else raw)
                self._show_error(field.name, "")
            except UserError as error:
                self._show_error(field.name, str(error))
                first_bad = first_bad or field.name
        if first_bad is not None:
            self.query_one(f"#input-{first_bad}").focus()
            return
        try:
            result = self.on_save(parsed)
        except FieldError as error:
            self._show_error(error.field, str(error))
            self.query_one(f"#input-{error.field}").focus()
            return
        except UserError as error:
            self.query_one("#form-error", Static).update(Content.assemble(("⚠ ", "$error"), str(error)))
            return
        self.dismiss(result)

    def _show_error(self, name: str, message: str) -> None:
        box = self.query_one(f"#field-{name}")
        box.set_class(bool(message), "-invalid")
        box.query_one(".field-error", Static).update(Content(message))

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
            edited = self.app.edit_text(widget.value.replace(BREAK, "\n"))  # type: ignore[attr-defined]
        except EditorFailed as error:
            self.notify(str(error), severity="error")
            return
        if edited is not None:
            widget.value = edited.replace("\n", BREAK)
        widget.focus()
