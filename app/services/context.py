"""The composition root's product: everything a front end (CLI or app) needs, built once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dualtui.store import Journal

from .clock import Clock
from .config import Config, load_config, resolve_journal_path
from .journal_service import JournalService

if TYPE_CHECKING:
    from dualtui.store.journal import Stamp

    from .app_state import AppState
    from .demo import DemoService
    from .first_view import Place
    from .merging import MergeService
    from .outlook import Outlook
    from .suggestions import SuggestionService
    from .transfer import TransferService
    from .writeup import WriteupService


class AppContext:
    """The services a front end uses, with the config and the clock they share.

    It hands out services, never the journal: the front ends read and change it only through them.
    The services past the journal's own are made on first use, so a command pays only for its own.
    """

    __slots__ = ("_app_state", "_demo", "_journal", "_merging", "_suggestions", "_transfer", "_writeups",
                 "clock", "config", "rules_path", "service")  # fmt: skip

    def __init__(
        self,
        journal: Journal,
        config: Config,
        clock: Clock,
        service: JournalService,
        rules_path: Path | None = None,
    ) -> None:
        self._journal = journal
        self.config = config
        self.clock = clock
        self.service = service
        self.rules_path = rules_path
        self._suggestions: SuggestionService | None = None
        self._writeups: WriteupService | None = None
        self._transfer: TransferService | None = None
        self._demo: DemoService | None = None
        self._merging: MergeService | None = None
        self._app_state: AppState | None = None

    @property
    def journal_path(self) -> Path:
        return self._journal.path

    def suggestions(self) -> SuggestionService:
        """The rule engine's service: commands that never suggest never load it."""
        if self._suggestions is None:
            from .suggestions import SuggestionService

            self._suggestions = SuggestionService(self._journal, self.clock, self.rules_path)
        return self._suggestions

    def kept_outlook(self) -> Outlook | None:
        """Today's suggestions as an earlier run kept them for the journal exactly as this process read
        it, or None: cheap (neither the rule engine nor the rules), for the app's first frame."""
        from dualtui.rules.texts import read_rule_texts

        from . import outlook
        from .rules_files import rules_cache_folder, user_rules_file

        rules_file, named = user_rules_file(self.rules_path)
        texts = read_rule_texts(rules_file, required=named)
        stamp = self._journal.known_stamp()
        place = outlook.Place(rules_cache_folder(), self._journal.path, stamp, self.clock.today(), texts.key)
        return outlook.kept(place)

    @property
    def journal_read(self) -> bool:
        """Whether the journal is in memory (the app's launch reads it after its first frame when
        it can draw that frame from the first view kept for it)."""
        return self._journal.is_read

    def kept_first_view(self, drawn_by: tuple[Path, ...]) -> Any | None:
        """What the last run's main screen kept of itself for the journal as it is on disk now
        (`services/first_view.py`), or None; one stat of the journal, nothing read."""
        from .first_view import kept

        return kept(self._first_view_place(self._journal.known_stamp(), drawn_by))

    def keep_first_view(self, drawn_by: tuple[Path, ...], payload: Any) -> None:
        """Keep the main screen's first view of the journal as this process read or wrote it last."""
        from .first_view import keep

        keep(self._first_view_place(self._journal.stamp(), drawn_by), payload)

    def _first_view_place(self, stamp: Stamp | None, drawn_by: tuple[Path, ...]) -> Place:
        from .first_view import Place
        from .rules_files import rules_cache_folder

        return Place(rules_cache_folder(), self._journal.path, stamp, self.clock.today(), drawn_by)

    def writeups(self) -> WriteupService:
        if self._writeups is None:
            from .writeup import WriteupService

            self._writeups = WriteupService(self._journal, self.clock, self.config.writeups)
        return self._writeups

    def transfer(self) -> TransferService:
        if self._transfer is None:
            from .transfer import TransferService

            self._transfer = TransferService(self._journal, self.clock)
        return self._transfer

    def merging(self) -> MergeService:
        """Merging other copies of the journal: a file, the conflict copies beside it."""
        if self._merging is None:
            from .merging import MergeService

            self._merging = MergeService(self._journal)
        return self._merging

    def app_state(self) -> AppState:
        """What the app remembers between runs (the theme picked in the palette)."""
        if self._app_state is None:
            from .app_state import AppState

            self._app_state = AppState()
        return self._app_state

    def demo(self) -> DemoService:
        if self._demo is None:
            from .demo import DemoService

            self._demo = DemoService(self._journal, self.clock)
        return self._demo


def build_context(
    *,
    db: str | None = None,
    config: str | None = None,
    today: date | None = None,
    rules: str | None = None,
    loaded_config: Config | None = None,
    open_journal: bool = True,
    lazy: bool = False,
    actor: str = "dualtui",
) -> AppContext:
    """Resolve the journal, config and clock from options and environment, and open the journal
    (`open_journal=False` leaves it unread, for `doctor`, which must work on a file that fails to open).
    `lazy`: the journal is read when first used (`next` may answer from the outlook an earlier run
    kept). `actor` names the front end in the change history: the command words, or "app"."""
    settings = loaded_config or load_config(config)
    clock = Clock(today)
    path = resolve_journal_path(db)
    # The journal dates its backups by the real clock, never by --today.
    journal = Journal.open(path, actor=actor, lazy=lazy) if open_journal else Journal(path, actor=actor)
    rules_path = Path(rules).expanduser() if rules else settings.rules
    return AppContext(journal, settings, clock, JournalService(journal, settings, clock), rules_path)
