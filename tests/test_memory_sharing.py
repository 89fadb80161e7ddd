"""What the app keeps of a journal is kept once: the index and values several parts of it read are
the same objects, not copies (peak memory is measured by benchmarks/, never asserted here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualtui.domain import links
from dualtui.services.config import Config
from dualtui.services.context import build_context
from tests.support.tui import at, drive, make_context, settle


@pytest.mark.parametrize("suggesting", [True, False], ids=["a suggestion", "nothing to suggest"])
def test_the_suggestions_read_the_link_index_the_panes_were_drawn_with(
    make_app, monkeypatch: pytest.MonkeyPatch, suggesting: bool
) -> None:
    # The seeded journal has nothing to suggest; a paper in a journal with no phase open does.
    context, app = make_app(seeded=not suggesting, suggester=None)
    if suggesting:
        context.service.add_paper("Dapper", when=at("2026-11-01"))
    made: list[links.LinkIndex] = []
    make_index = links.LinkIndex.__init__

    def counted(self: links.LinkIndex) -> None:
        made.append(self)
        make_index(self)

    monkeypatch.setattr(links.LinkIndex, "__init__", counted)

    async def script(pilot) -> None:
        await settle(pilot)
        await settle(pilot)  # the dashboard follows the suggestions

    drive(app, script)
    # One index at launch: the panes', which the rules (and, with nothing to suggest, the open
    # loops' review) and the phase pane's dashboard read too.
    assert len(made) == 1 and made[0] is app.main.view.links
    fresh = context.suggestions().evaluate()  # an index of its own
    assert bool(fresh.leading) is suggesting
    assert [s.say for s in app.main.suggestions.items] == [s.message for s in fresh.leading]


def test_papers_read_from_the_file_share_its_lists_and_an_edit_leaves_the_older_record_as_it_was(
    tmp_path: Path,
) -> None:
    context = make_context(tmp_path)
    context.service.add_paper("Dapper", authors=["Sigelman, Ben"], tags=["tracing"])
    context.service.add_paper("Borg")
    context.service.add_build("tracer")
    reopened = build_context(db=str(context.journal_path), loaded_config=Config())
    dapper, borg = reopened.service.snapshot().papers.values()
    [tracer] = reopened.service.snapshot().builds.values()
    # Nothing to copy: no paper's empty list is a list of its own, and a build's likewise.
    assert borg.authors is borg.tags is borg.claims is dapper.claims is dapper.editors is tracer.paper_ids
    reopened.service.edit(dapper.ref, tags=["tracing", "latency"], authors=["Sigelman, Benjamin"])
    assert (dapper.tags, dapper.authors) == (["tracing"], ["Sigelman, Ben"])  # the record it replaced
    edited = reopened.service.snapshot().papers[dapper.id]
    assert (edited.tags, edited.authors) == (["tracing", "latency"], ["Sigelman, Benjamin"])
    again = build_context(db=str(context.journal_path), loaded_config=Config())
    assert again.service.snapshot().papers[dapper.id].tags == ["tracing", "latency"]
    assert borg.claims == []
