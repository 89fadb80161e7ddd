"""The command palette (ctrl+p): every action of the keymap, and a jump to any item by its title."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ..domain import Ref
from .keymap import KEYS
from .text import fit, one_line

if TYPE_CHECKING:
    from .app import DualtuiApp

MAX_ITEM_HITS = 40


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
            if key.id not in ("palette", "quit"):
                yield key.help, key.action

    async def discover(self) -> Hits:
        for text, action in self._actions():
            yield DiscoveryHit(Content(text), partial(self._app.run_action, action), text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action in self._actions():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score, literal_highlight(matcher, text), partial(self._app.run_action, action), text=text
                )
        for ref, title in self._items(query):
            text = f"{ref} {title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score * 0.9,
                    literal_highlight(matcher, text),
                    partial(self._app.jump_to, ref),
                    text=text,
                    help=f"Go to this {ref.kind.value}",
                )

    def _items(self, query: str) -> Iterator[tuple[Ref, str]]:
        """Items whose id or title holds every word of the query: a cheap cut before fuzzy scoring."""
        words = query.casefold().split()
        if not words:
            return
        snapshot = self._app.service.snapshot()
        found = 0
        for table in (snapshot.papers, snapshot.builds, snapshot.entries, snapshot.phases):
            for record in table.values():
                title = one_line(
                    getattr(record, "title", None) or getattr(record, "text", None) or record.goal
                )
                haystack = f"{record.ref} {title}".casefold()
                if all(word in haystack for word in words):
                    yield record.ref, fit(title, 70)
                    found += 1
                    if found >= MAX_ITEM_HITS:
                        return
