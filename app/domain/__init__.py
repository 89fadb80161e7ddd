"""Plain data and date math; no I/O, and nothing of the rest of the app."""

from .dates import InvalidDate
from .errors import UserError
from .ids import InvalidId, Kind, Ref, format_id, parse_ref
from .lifecycle import ImpossibleMove
from .model import (
    Build,
    BuildStatus,
    Entry,
    EntryKind,
    Paper,
    PaperStatus,
    Phase,
    PhaseKind,
    Record,
    Snooze,
    WriteupState,
)
from .snapshot import Snapshot

__all__ = [
    "Build",
    "BuildStatus",
    "Entry",
    "EntryKind",
    "ImpossibleMove",
    "InvalidDate",
    "InvalidId",
    "Kind",
    "Paper",
    "PaperStatus",
    "Phase",
    "PhaseKind",
    "Record",
    "Ref",
    "Snapshot",
    "Snooze",
    "UserError",
    "WriteupState",
    "format_id",
    "parse_ref",
]
