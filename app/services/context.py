"""The composition root's product: everything a front end (CLI or app) needs, built once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dualtui.store import Journal

from .clock import Clock
from .config import Config, load_config, resolve_journal_path
from .journal_service import JournalService


@dataclass(slots=True)
class AppContext:
    journal: Journal
    config: Config
    clock: Clock
    service: JournalService
    rules_path: Path | None = None

    @property
    def journal_path(self) -> Path:
        return self.journal.path


def build_context(
    *,
    db: str | None = None,
    config: str | None = None,
    today: date | None = None,
    rules: str | None = None,
    loaded_config: Config | None = None,
    open_journal: bool = True,
) -> AppContext:
    """Resolve the journal, config and clock from options and environment, and open the journal
    (`open_journal=False` leaves it unread, for `doctor`, which must work on a file that fails to open)."""
    settings = loaded_config or load_config(config)
    clock = Clock(today)
    path = resolve_journal_path(db)
    journal = Journal.open(path, today=clock.today) if open_journal else Journal(path, today=clock.today)
    rules_path = Path(rules).expanduser() if rules else settings.rules
    return AppContext(journal, settings, clock, JournalService(journal, settings, clock), rules_path)
