"""The composition root's product: everything a front end (CLI or app) needs, built once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dualtui.store import Journal

from .clock import Clock
from .config import Config, load_config, resolve_journal_path
from .journal_service import JournalService

if TYPE_CHECKING:
    from .suggestions import SuggestionService


class AppContext:
    """The journal, its service, config, clock and rules, as one front end uses them."""

    __slots__ = ("_suggestions", "clock", "config", "journal", "rules_path", "service")

    def __init__(
        self,
        journal: Journal,
        config: Config,
        clock: Clock,
        service: JournalService,
        rules_path: Path | None = None,
    ) -> None:
        self.journal = journal
        self.config = config
        self.clock = clock
        self.service = service
        self.rules_path = rules_path
        self._suggestions: SuggestionService | None = None

    @property
    def journal_path(self) -> Path:
        return self.journal.path

    def suggestions(self) -> SuggestionService:
        """The rule engine's service, made on first use: commands that never suggest never load it."""
        if self._suggestions is None:
            from .suggestions import SuggestionService

            self._suggestions = SuggestionService(self.journal, self.clock, self.rules_path)
        return self._suggestions


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
