"""Long text in the user's own editor: suspend the app, edit a temp file, read it back.

`edit_text` is the one function that touches the terminal and the disk; tests replace it.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import App, SuspendNotSupported


class EditorFailed(Exception):
    """The editor could not run; the message says why, in one sentence."""


def editor_command(configured: str = "") -> list[str]:
    import shlex

    chosen = configured or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(chosen)


def edit_text(app: App, text: str, *, configured: str = "", suffix: str = ".md") -> str | None:
    """`text` after the user edited it, or None when they left it unchanged."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix="dualtui-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        edit_file(app, path, configured=configured)
        edited = path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
    return None if edited == text else edited.rstrip("\n")


def edit_file(app: App, path: Path, *, configured: str = "") -> None:
    """Open `path` in the editor, with the app suspended until the editor exits."""
    import subprocess

    command = [*editor_command(configured), str(path)]
    try:
        with app.suspend():
            completed = subprocess.run(command, check=False)
    except SuspendNotSupported:
        raise EditorFailed("This terminal cannot hand over to an editor.") from None
    except OSError as error:
        raise EditorFailed(f"Could not start the editor “{command[0]}”: {error.strerror or error}.") from None
    if completed.returncode != 0:
        raise EditorFailed(f"The editor “{command[0]}” exited with status {completed.returncode}.")
