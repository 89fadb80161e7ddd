"""Store errors: each says which file, what is wrong, and what the user can do."""

from __future__ import annotations

from dualtui.domain import UserError


class StoreError(UserError):
    """The journal could not be read or written; nothing was changed."""


class JournalUnreadable(StoreError):
    """The file does not parse, or holds something this version must not overwrite."""
