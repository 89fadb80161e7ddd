"""The palette's Screenshot: an SVG of the screen, saved in the user's Downloads folder.

Textual's own command writes to that folder and fails while it does not exist (a new account, a
server): the folder is made here when missing, private like dualtui's others, and the file's name
holds the moment to the microsecond, so no screenshot replaces another.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from dualtui.domain import UserError
from dualtui.store.files import atomic_write, ensure_private_folder


def downloads_folder() -> Path:
    """The user's Downloads folder (XDG_DOWNLOAD_DIR where it is set, else ~/Downloads)."""
    import platformdirs

    return Path(platformdirs.user_downloads_path())


def save_screenshot(svg: str, folder: Path | None = None) -> Path:
    """Write `svg` as a new file in `folder` (the Downloads folder), made if missing; its path."""
    folder = folder or downloads_folder()
    path = folder / f"dualtui-{datetime.now():%Y-%m-%d_%H-%M-%S-%f}.svg"
    try:
        ensure_private_folder(folder)
        atomic_write(path, svg.encode("utf-8"))
    except OSError as error:
        raise UserError(f"Could not save the screenshot in {folder}: {error.strerror or error}.") from None
    return path
