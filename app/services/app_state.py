"""What the app remembers between runs that the user did not write in the config: the theme picked
in the palette.

The config is the user's own file, read with PyYAML, which cannot write a file back with its
comments; so the app never rewrites it. A theme picked in the palette is kept instead in a small JSON
file in the user's state folder (`$XDG_STATE_HOME/dualtui/state.json`, else
`~/.local/state/dualtui/state.json`; 0600, written atomically, its other keys kept), beside the
theme the config named at that moment: once the config names another theme, the config's wins
again, since the user changed it after the pick.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dualtui.domain import UserError

MAX_STATE_BYTES = 64 * 1024


def default_state_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("dualtui")) / "state.json"


@dataclass(frozen=True, slots=True)
class RememberedTheme:
    """The theme to start with (None: the config's), and a sentence if the state file was unusable."""

    theme: str | None
    problem: str | None = None


class AppState:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_state_path()

    def theme(self, config_theme: str) -> RememberedTheme:
        """The theme picked last, unless the config names another theme than it did then."""
        try:
            state = self._read()
        except UserError as error:
            return RememberedTheme(None, str(error))
        picked, over = state.get("theme"), state.get("config_theme", "")
        if isinstance(picked, str) and picked and over == config_theme:
            return RememberedTheme(picked)
        return RememberedTheme(None)

    def remember_theme(self, theme: str, config_theme: str) -> Path:
        """Keep `theme` for the next launches, with the config's theme as it is now; the file's path."""
        from dualtui.store.files import atomic_write, ensure_private_folder

        try:
            state = self._read()
        except UserError:
            state = {}  # unusable: it is replaced, which is what the pick asks for
        state.update(theme=theme, config_theme=config_theme)
        try:
            ensure_private_folder(self.path.parent)
            atomic_write(self.path, json.dumps(state, indent=2).encode("utf-8") + b"\n")
        except OSError as error:
            raise UserError(
                f"The theme could not be kept in {self.path}: {error.strerror or error}."
            ) from None
        return self.path

    def _read(self) -> dict[str, Any]:
        from dualtui.store import StoreError
        from dualtui.store.files import not_trusted, read_regular

        try:
            raw, info = read_regular(self.path, MAX_STATE_BYTES, "the app's state file")
        except FileNotFoundError:
            return {}
        except StoreError as error:
            raise UserError(str(error)) from None
        problem = not_trusted(self.path, info)
        if problem is not None:
            raise UserError(f"The app's state file {self.path} is not used: {problem}.")
        try:
            state = json.loads(raw)
        except (UnicodeDecodeError, ValueError):
            state = None
        if not isinstance(state, dict):
            raise UserError(
                f"The app's state file {self.path} is not a JSON object: the theme picked last is not "
                "used, and the next pick replaces the file."
            )
        return state
