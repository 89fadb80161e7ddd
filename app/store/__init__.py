"""The journal on disk: atomic, durable, locked, cached, backed up, versioned."""

from .errors import JournalUnreadable, StoreError
from .journal import Journal, Transaction

__all__ = ["Journal", "JournalUnreadable", "StoreError", "Transaction"]
