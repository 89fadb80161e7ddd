"""The change history's promise as a property (issue 12): any sequence of changes followed by as many
undos gives back the journal it started from, byte for byte apart from the history itself, and as
many redos give back the end state. Every kind of change takes part: add, status, edit, link, log,
phase start and end, snooze, import, restore of an export, delete, and a paper added as research
for a build and a question (or again, as a duplicate meant)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualtui.services.context import build_context

from .support.changes import CHANGES, RESEARCH, TODAY, make, without_history


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sequence=st.lists(CHANGES | RESEARCH, min_size=1, max_size=14),
    reopen=st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_undoing_every_change_gives_back_the_journal_and_redoing_gives_back_the_end(
    tmp_path_factory, sequence, reopen
) -> None:
    folder = tmp_path_factory.mktemp("history")
    export = folder / "export.json"
    source = build_context(db=str(folder / "source.json"), today=TODAY)
    source.service.add_paper("Exported paper")
    source.service.log("note", "exported entry", paper_id=1)
    export.write_text(source.transfer().export("json"))

    db = str(folder / "journal.json")
    context = build_context(db=db, today=TODAY)
    context.service.delete(context.service.add_paper("seed").ref)  # an empty journal, on disk
    start = (folder / "journal.json").read_bytes()
    kept_before = len(context.service.history())
    for change in sequence:
        make(context, change, folder, export)
    end = (folder / "journal.json").read_bytes()
    made = len(context.service.history()) - kept_before

    for step in range(made):
        if reopen[step % len(reopen)]:
            context = build_context(db=db, today=TODAY)  # a restart, or another process
        context.service.undo()
    assert without_history((folder / "journal.json").read_bytes()) == without_history(start)

    for step in range(made):
        if reopen[-1 - step % len(reopen)]:
            context = build_context(db=db, today=TODAY)
        context.service.redo()
    assert without_history((folder / "journal.json").read_bytes()) == without_history(end)
