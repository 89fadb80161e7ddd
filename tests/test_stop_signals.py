"""SIGTERM or SIGHUP to the app: the terminal is restored, and the text typed in the open form is
kept and offered back by the next launch."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dualtui.services import form_drafts
from dualtui.tui.screens.form import FormScreen
from tests.support.tui import drive, saved, settle, type_text


def test_a_stopped_form_keeps_its_text_and_the_next_launch_offers_it_back(make_app) -> None:
    context, app = make_app()

    async def stopped(pilot) -> None:
        await pilot.press("2", "a")
        await type_text(pilot, "Typed before the kill")
        app.stop_on_signal(signal.SIGTERM)
        await pilot.pause()

    drive(app, stopped)
    assert app.return_code == 128 + signal.SIGTERM
    assert form_drafts.draft_path(context.journal_path).exists()
    before = saved(context, "papers")

    _, again = make_app(context=context)

    async def offered(pilot) -> None:
        await settle(pilot)
        form = again.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#input-title").value == "Typed before the kill"
        await pilot.press("enter")
        await settle(pilot)

    drive(again, offered)
    titles = [p["title"] for p in saved(context, "papers").values()]
    assert "Typed before the kill" in titles and len(titles) == len(before) + 1
    assert not form_drafts.draft_path(context.journal_path).exists()


def test_an_edit_form_kept_reopens_on_its_record_with_only_the_changed_field(make_app) -> None:
    context, app = make_app()

    async def stopped(pilot) -> None:
        await pilot.press("2", "enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#input-notes").value = "kept notes"
        app.stop_on_signal(signal.SIGHUP)
        await pilot.pause()

    drive(app, stopped)
    draft = form_drafts.take(context.journal_path)
    assert draft is not None and draft["values"] == {"notes": "kept notes"}
    assert draft["recipe"]["form"] == "paper" and draft["recipe"]["ref"].startswith("p")


def test_nothing_typed_keeps_nothing(make_app) -> None:
    context, app = make_app()

    async def stopped(pilot) -> None:
        await pilot.press("2", "a")
        app.stop_on_signal(signal.SIGTERM)
        await pilot.pause()

    drive(app, stopped)
    assert not form_drafts.draft_path(context.journal_path).exists()


def read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_to_the_real_app_restores_the_terminal(tmp_path: Path, number: int) -> None:
    db = tmp_path / "j.json"
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "dualtui", "--db", str(db)],
        stdin=child_fd, stdout=child_fd, stderr=child_fd, env=env, close_fds=True,
    )  # fmt: skip
    os.close(child_fd)
    try:
        shown = read_until(main_fd, b"Welcome", timeout=60)
        assert b"\x1b[?1049h" in shown  # the alternate screen is on
        process.send_signal(number)
        rest = read_until(main_fd, b"\x1b[?1049l", timeout=30)
        assert process.wait(timeout=30) == 128 + number
        assert b"\x1b[?1049l" in rest  # and off again: the terminal is the user's once more
        assert b"Traceback" not in rest
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main_fd)
