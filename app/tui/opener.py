"""`o`: hand a paper's DOI, arXiv page or URL, or a build's write-up, to the system's opener.

`open_target` is the one function that launches anything: tests replace it, so no test ever opens a
browser. Only web addresses and an existing write-up file are handed over, as one argument, never
through a shell (a URL a file supplied could otherwise be read as an option, or a local program).
Which write-up may be opened is the write-ups service's to say (`WriteupService.openable`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

from ..domain import Build, Paper, Record, UserError
from ..services.markdown import paper_link

if TYPE_CHECKING:
    from ..services.writeup import WriteupService

WEB = ("https://", "http://")


class NothingToOpen(Exception):
    """Raised with the sentence the app shows."""


def target_of(record: Record | None, writeups: WriteupService) -> str:
    """What `o` opens for `record`, or NothingToOpen saying why there is nothing."""
    if isinstance(record, Paper):
        link = paper_link(record).strip()
        if not link:
            raise NothingToOpen(f"{record.ref} has no DOI, arXiv id or URL to open.")
        if not link.lower().startswith(WEB):
            raise NothingToOpen(
                f"{record.ref}'s URL is not a web address (http or https), so it is not opened."
            )
        return link
    if isinstance(record, Build):
        try:
            return str(writeups.openable(record))
        except UserError as error:  # the service's sentence: no write-up, outside its folder, gone
            raise NothingToOpen(str(error)) from None
    raise NothingToOpen("Select a paper (its DOI, arXiv or URL) or a build (its write-up) to open.")


def open_target(target: str) -> None:
    """Open `target` with the system's opener, detached, its output discarded."""
    command = {"darwin": "open", "win32": "explorer"}.get(sys.platform, "xdg-open")
    program = shutil.which(command)
    if program is None:
        raise NothingToOpen(f"There is no {command} here to open {target} with.")
    subprocess.Popen(  # one argument, no shell
        [program, target],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
