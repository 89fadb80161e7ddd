"""Crashes and concurrency: SIGKILL at random moments, and two writers at once."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dualtui.store import Journal
from dualtui.store import files as store_files

WRITER = """
import sys
from datetime import datetime
from pathlib import Path
from dualtui.domain import Paper
from dualtui.store import Journal

journal = Journal.open(Path(sys.argv[1]))
prefix, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    with journal.transaction() as tx:
        tx.insert(Paper(0, f"{prefix}-{i}", datetime(2026, 1, 1, 12)))
    print(f"{prefix}-{i}", flush=True)
"""


def spawn_writer(path: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), prefix, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_random_moments_never_tears_the_file_nor_loses_an_acknowledged_write(
    journal_path: Path,
) -> None:
    # Each kill lands while the writer is writing, however fast or slow the machine: it waits for
    # the writer's first acknowledged write, then kills it a random moment later. What matters is
    # counted after every kill: the file parses, and every write acknowledged so far is in it.
    rng = random.Random(20261125)
    acknowledged: list[str] = []
    for trial in range(60):
        writer = spawn_writer(journal_path, f"t{trial}", 10_000)
        assert writer.stdout is not None
        ready, _, _ = select.select([writer.stdout], [], [], 120)
        assert ready, f"trial {trial}: the writer acknowledged nothing in two minutes"
        acknowledged.append(writer.stdout.readline().strip())
        time.sleep(rng.uniform(0, 0.05))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        acknowledged += out.split()
        stored = json.loads(journal_path.read_bytes())  # parses after every single kill
        stored_titles = {row["title"] for row in stored["papers"].values()}
        missing = [title for title in acknowledged if title not in stored_titles]
        assert not missing, f"trial {trial}: acknowledged but lost: {missing[:5]}"
    assert len(Journal.open(journal_path).snapshot().papers) >= len(acknowledged)


def test_two_processes_adding_fifty_each_end_with_all_hundred(journal_path: Path) -> None:
    writers = [spawn_writer(journal_path, name, 50) for name in ("left", "right")]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    papers = Journal.open(journal_path).snapshot().papers
    assert sorted(p.title for p in papers.values()) == sorted(
        f"{name}-{i}" for name in ("left", "right") for i in range(50)
    )
    assert sorted(papers) == list(range(1, 101))


def test_the_durable_sequence_syncs_the_file_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync-folder" if os.path.isdir(f"/proc/self/fd/{fd}") else "fsync-file")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(store_files.os, "fsync", fsync)
    monkeypatch.setattr(store_files.os, "replace", replace)
    store_files.atomic_write(tmp_path / "j.json", b"{}")
    assert calls == ["fsync-file", "replace", "fsync-folder"]
