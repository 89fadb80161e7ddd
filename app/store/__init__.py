"""The journal on disk: atomic, durable, locked, cached, backed up, versioned, with its change history."""

from .errors import JournalUnreadable, StoreError
from .history import Change, NotUndoable
from .journal import Journal, Transaction, Undoing

__all__ = ["Change", "Journal", "JournalUnreadable", "NotUndoable", "StoreError", "Transaction", "Undoing"]
