"""The command palette (ctrl+p): every action of the keymap, and a jump to any item by its title."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ..domain import Record, Ref, Snapshot
from .keymap import APP_WIDE, KEYS
from .per_record import PerRecord
from .suggest import copy_for_worker
from .text import fit, one_line

if TYPE_CHECKING:
    from .app import DualtuiApp

MAX_ITEM_HITS = 40


class ItemTitles:
    """Every item's id, title and matching text, in the palette's order (papers, builds, entries,
    phases), made again only when the journal changed, and then only for the records that changed
    (a changed record is a new object). At 100,000 records, making every text for every key typed
    cost 370 ms a key; scanning the kept texts costs a few tens of milliseconds."""

    def __init__(self) -> None:
        self._kept = PerRecord(_item_row)
        self._shown: int | None = None  # the snapshot version the rows were made from
        self._rows: list[tuple[Ref, str, str]] = []

    def rows(self, snapshot: Snapshot) -> list[tuple[Ref, str, str]]:
        """(ref, one-line title, casefolded "ref title") for every item."""
        # The version alone: a worker's copy of the snapshot has it too, and it never repeats.
        shown = snapshot.version
        if shown != self._shown:
            row_of = self._kept.of
            self._rows = [
                row_of((record.KIND, record.id), record)
                for table in (snapshot.papers, snapshot.builds, snapshot.entries, snapshot.phases)
                for record in table.values()
            ]
            self._shown = shown
        return self._rows


def _item_row(record: Record) -> tuple[Ref, str, str]:
    title = one_line(getattr(record, "title", None) or getattr(record, "text", None) or record.goal)
    return record.ref, title, f"{record.ref} {title}".casefold()


def literal_highlight(matcher: Matcher, text: str) -> Content:
    """Like `Matcher.highlight`, which parses markup: user titles must stay literal."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class DualtuiCommands(Provider):
    @property
    def _app(self) -> DualtuiApp:
        return self.app  # type: ignore[return-value]

    def _actions(self) -> Iterator[tuple[str, str]]:
        for key in KEYS:
            if key.id not in APP_WIDE:
                yield key.help, key.action

    async def startup(self) -> None:
        # The titles are made in a thread while the palette opens and takes keys (its searches wait
        # for this): at 100,000 records the first making takes half a second.
        await asyncio.to_thread(self._app.item_titles.rows, copy_for_worker(self._app.service.snapshot()))

    async def discover(self) -> Hits:
        for text, action in self._actions():
            yield DiscoveryHit(Content(text), partial(self._app.main.run_action, action), text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action in self._actions():
            score = matcher.match(text)
            if score > 0:
                run = partial(self._app.main.run_action, action)
                yield Hit(score, literal_highlight(matcher, text), run, text=text)
        for ref, title in self._items(query):
            text = f"{ref} {title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score * 0.9,
                    literal_highlight(matcher, text),
                    partial(self._app.main.jump_to, ref),
                    text=text,
                    help=f"Go to this {ref.kind.value}",
                )

    def _items(self, query: str) -> Iterator[tuple[Ref, str]]:
        """Items whose id or title holds every word of the query: a cheap cut before fuzzy scoring."""
        words = query.casefold().split()
        if not words:
            return
        first, rest = words[0], words[1:]
        found = 0
        for ref, title, haystack in self._app.item_titles.rows(self._app.service.snapshot()):
            if first in haystack and all(word in haystack for word in rest):
                yield ref, fit(title, 70)
                found += 1
                if found >= MAX_ITEM_HITS:
                    return
