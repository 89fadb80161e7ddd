"""The two lines above the panes: the phase header and the top suggestion."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widget import Widget

from ...domain import Phase
from ...domain.phases import progress
from ..text import fit_sentence, one_line

BAR_CELLS = 16


def header_content(phase: Phase | None, today: date, width: int) -> Content:
    title = (" dualtui ", "bold reverse $accent")
    if phase is None:
        return Content.assemble(title, "  No phase yet · ", ("p", "bold $accent"), " starts one")
    state = progress(phase, today)
    filled = round(state.fraction * BAR_CELLS)
    if state.starts_in:
        left = (f"until {phase.planned_end}", "$text-muted")
    elif state.days_left >= 0:
        left = (f"{state.days_left} days left", "$text-muted")
    else:
        left = (f"{state.overdue} days overdue", "bold $error")
    parts: list[Content | tuple[str, str] | str] = [
        title,
        "  ",
        (phase.kind.value.capitalize(), "bold"),
        f" · {state.day_text()}  ",
    ]
    if width >= 70:
        parts += [
            ("█" * filled, "$accent"),
            ("░" * (BAR_CELLS - filled), "$text-disabled"),
            f" {state.fraction:.0%}  ",
        ]
    parts.append(left)
    return Content.assemble(*parts)


class PhaseHeader(Widget):
    """Phase kind, day N of M, a progress bar and the days left (or overdue)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._phase: Phase | None = None
        self._today = date.today()

    def show(self, phase: Phase | None, today: date) -> None:
        self._phase, self._today = phase, today
        self.refresh()

    def render(self) -> Content:
        return header_content(self._phase, self._today, self.size.width)


class SuggestionBar(Widget):
    """The top suggestion in the app's words, and the keys that act on it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._keys: tuple[str, str, str] = ("n", "z", "?")
        self._waiting = True

    def show(self, text: str | None, keys: tuple[str, str, str]) -> None:
        self._waiting = False
        self._text = one_line(text or "")
        self._keys = keys
        self.refresh()

    def render(self) -> Content:
        do, snooze, why = self._keys
        if self._waiting:
            return Content.styled(" … weighing what to do next", "$text-muted")
        if not self._text:
            return Content.assemble(
                (" ✓ ", "$success"), ("Nothing pressing. ", "bold"), (f"{why}", "bold $accent"), " help"
            )
        tail = Content.assemble(
            "  ",
            (f"[{do}]", "bold $accent"),
            " do  ",
            (f"[{snooze}]", "bold $accent"),
            " snooze  ",
            (f"[{why}]", "bold $accent"),
            " why",
        )
        room = max(self.size.width - tail.cell_length - 3, 10)
        return Content.assemble((" ▶ ", "bold $accent"), Content(fit_sentence(self._text, room)), tail)


class KeyBar(Widget):
    """The keys that matter where the focus is: one line drawn from the keymap, not a widget per key
    (Textual's Footer mounts one per binding, which the launch budget cannot afford).

    The last `kept` keys (help, quit, the palette) always show: when the line is too narrow, keys
    before them give way, the last first."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[str, str]] = []
        self._kept = 0

    def show(self, keys: list[tuple[str, str]], kept: int = 0) -> None:
        if keys != self._keys or kept != self._kept:
            self._keys, self._kept = keys, kept
            self.refresh()

    def render(self) -> Content:
        split = len(self._keys) - self._kept
        first, last = self._keys[:split], self._keys[split:]
        width = self.size.width

        def cells(keys: list[tuple[str, str]]) -> int:
            return sum(len(key) + len(label) + 3 for key, label in keys)

        while first and cells(first) + cells(last) > width:
            first = first[:-1]
        parts: list[Content | tuple[str, str] | str] = []
        for key, label in first + last:
            parts += [(f" {key} ", "bold $accent"), f"{label} "]
        return Content.assemble(*parts)


class PaneTabs(Widget):
    """On small terminals only one pane shows: this strip names all four and marks the one shown."""

    def __init__(self, tabs: list[tuple[str, object]], active: object, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tabs = tabs
        self._active = active

    def show(self, active: object) -> None:
        if active != self._active:
            self._active = active
            self.refresh()

    def render(self) -> Content:
        parts: list[Content | tuple[str, str] | str] = []
        for label, key in self._tabs:
            parts += [(f" {label} ", "reverse bold $accent" if key == self._active else "$text-muted"), " "]
        return Content.assemble(*parts)
