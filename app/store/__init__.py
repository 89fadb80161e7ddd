"""The journal on disk: atomic, durable, locked, cached, backed up, versioned, with its change history."""

from .errors import JournalUnreadable, StoreError
from .history import Change, NotUndoable
from .journal import CopyUnreadable, Journal, Transaction, Undoing, read_copy

__all__ = [
    "Change",
    "CopyUnreadable",
    "Journal",
    "JournalUnreadable",
    "NotUndoable",
    "StoreError",
    "Transaction",
    "Undoing",
    "read_copy",
]
