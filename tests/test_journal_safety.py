"""Nothing lost, nothing crashed: each case of issue 11's sections 2-4 (data loss, bad files and values,
shared folders), run as a user would meet it, with what they would see and what the disk holds."""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from datetime import date, datetime
from pathlib import Path

import pytest

from dualtui.cli import main
from dualtui.services import dump
from dualtui.services.dump import MAX_EXPORT_RECORDS
from dualtui.store import files as store_files
from dualtui.store.backups import backup_path, backups, newest_good_backup
from dualtui.store.lock import lock_path
from dualtui.store.repair import restore_newest_backup
from tests.support.installed import Journal

NOW = datetime(2026, 11, 25, 10, 15, 0)


def run(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_sentence(err: str) -> None:
    assert err.startswith("dualtui: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "j" / "journal.json"
    assert run(capsys, path, "add", "paper", "First")[0] == 0
    return path


def backup_of(db: Path, day: date, content: bytes) -> Path:
    target = backup_path(db, day)
    target.parent.mkdir(mode=0o700, exist_ok=True)
    target.write_bytes(content)
    return target


# --- 2. Data loss ---------------------------------------------------------------------------------


def test_a_restore_that_fails_half_way_leaves_the_journal_in_place(db, capsys, monkeypatch):
    backup_of(db, date(2026, 11, 20), db.read_bytes())
    assert run(capsys, db, "add", "paper", "Second")[0] == 0
    before = db.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files.os, "replace", disk_full)
    code, _, err = run(capsys, db, "doctor", "--restore")
    assert code == 1 and "No space left on device" in err and "unchanged" in err
    one_sentence(err)
    assert db.read_bytes() == before


def test_two_restores_in_one_second_keep_both_replaced_files(db, capsys):
    backup_of(db, date(2026, 11, 20), db.read_bytes())
    _first_backup, first_aside = restore_newest_backup(db, NOW)
    _second_backup, second_aside = restore_newest_backup(db, NOW)
    assert first_aside != second_aside and first_aside.exists() and second_aside.exists()
    assert db.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"{}",
        b'{"meta": {"1": {"schema": 99}}}',
        b'{"meta": {"1": {"schema": 1}}, "papers": {"1": {"title": 5}}}',
    ],
    ids=["empty object", "newer schema", "damaged record"],
)
def test_a_good_backup_is_one_that_opens(db, capsys, content):
    good = backup_of(db, date(2026, 11, 1), db.read_bytes())
    bad = backup_of(db, date(2026, 11, 20), content)
    os.utime(good, (1, 1))  # written long before the bad one
    assert newest_good_backup(db) == good
    db.write_bytes(b"garbage")
    code, _, err = run(capsys, db, "list", "papers")
    assert code == 1 and str(good) in err and str(bad) not in err
    assert run(capsys, db, "doctor", "--restore")[0] == 0
    assert json.loads(db.read_bytes())["papers"]["1"]["title"] == "First"


def test_no_good_backup_at_all_is_said_and_nothing_changes(db, capsys):
    backup_of(db, date(2026, 11, 20), b"{}")
    before = db.read_bytes()
    code, _, err = run(capsys, db, "doctor", "--restore")
    assert code == 1 and "no good backup" in err and db.read_bytes() == before


def test_backups_are_named_and_ordered_by_the_real_clock_never_by_today(db, capsys):
    # A backup from an old run "as if" in 2099, written long ago.
    future = backup_of(db, date(2099, 1, 1), db.read_bytes())
    os.utime(future, (1, 1))
    assert run(capsys, db, "--today", "2099-01-01", "add", "paper", "x", "--date", "2099-01-01")[0] == 0
    real = backup_path(db, date.today())
    assert real.exists()
    assert backups(db)[0] == real  # the newest is the one written now, whatever its name says
    assert newest_good_backup(db) == real


def test_a_journal_that_is_a_link_is_written_through(tmp_path, capsys):
    target = tmp_path / "sync" / "journal.json"
    assert run(capsys, target, "add", "paper", "On the target")[0] == 0
    link = tmp_path / "journal.json"
    link.symlink_to(target)
    assert run(capsys, link, "add", "paper", "Through the link")[0] == 0
    assert link.is_symlink()
    titles = [p["title"] for p in json.loads(target.read_bytes())["papers"].values()]
    assert titles == ["On the target", "Through the link"]
    assert lock_path(link) == lock_path(target)


@pytest.mark.parametrize("which", ["journal", "backup", "lock", "link to the journal"])
def test_export_is_refused_over_the_journal_its_backups_or_its_lock(db, capsys, which):
    backup_of(db, date(2026, 11, 20), db.read_bytes())
    targets = {
        "journal": db,
        "backup": backup_path(db, date(2026, 11, 20)),
        "lock": lock_path(db),
        "link to the journal": db.parent.parent / "alias.json",
    }
    if which == "link to the journal":
        targets[which].symlink_to(db)
    before = db.read_bytes()
    code, _, err = run(capsys, db, "export", "-o", str(targets[which]))
    assert code == 1 and "give the export another name" in err
    one_sentence(err)
    assert db.read_bytes() == before


def test_a_temp_file_left_by_a_killed_export_is_removed_by_the_next(db, capsys, tmp_path):
    out = tmp_path / "out.md"
    stale = tmp_path / ".out.md.tmp-killed"
    stale.write_bytes(b"x" * 1000)
    assert run(capsys, db, "export", "-o", str(out))[0] == 0
    assert not stale.exists() and out.exists()


def test_a_temp_file_being_written_is_left_alone(tmp_path):
    import fcntl

    live = tmp_path / ".out.md.tmp-live"
    with open(live, "wb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert store_files.remove_stale_temps(tmp_path / "out.md") == 0
        assert live.exists()


# --- 3. Bad files and bad values --------------------------------------------------------------------


def hand_edited(db: Path, edit) -> bytes:
    data = json.loads(db.read_bytes())
    edit(data)
    db.write_bytes(json.dumps(data).encode())
    return db.read_bytes()


def test_a_wrong_type_names_the_file_the_record_and_the_field_and_nothing_is_written(db, capsys):
    def edit(data):
        data["papers"]["1"]["title"] = 123
        data["papers"]["2"] = {"title": "x", "added": "2026-11-01T00:00:00", "priority": 7}
        data["entries"]["1"] = {"at": "2026-11-01T00:00:00", "kind": "note", "paper_id": [999]}

    before = hand_edited(db, edit)
    code, _, err = run(capsys, db, "add", "paper", "Never written")
    one_sentence(err)
    assert code == 1 and str(db) in err
    assert "record p1 in “papers”: its “title” must be text, not 123" in err
    assert db.read_bytes() == before
    code, out, _ = run(capsys, db, "doctor")
    assert code == 1
    for named in ("record p1 in “papers”", "record p2 in “papers”: its “priority”", "record e1 in “entries”"):
        assert named in out


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.__setitem__("meta", []),
        lambda d: d["meta"]["1"].__setitem__("next_ids", "many"),
        lambda d: d["meta"]["1"].__setitem__("schema", "one"),
        lambda d: d["meta"]["1"].__setitem__("next_ids", {"papers": 2**64}),
        lambda d: d["papers"].__setitem__(str(2**64 - 1), {"title": "huge", "added": "2026-11-01T00:00:00"}),
        lambda d: d.__setitem__("papers", []),
    ],
    ids=["meta a list", "next_ids text", "schema text", "next_ids huge", "id 2^64-1", "table a list"],
)
def test_a_damaged_meta_or_table_is_a_sentence_for_every_command_and_doctor(db, capsys, edit):
    before = hand_edited(db, edit)
    for command in (["list", "papers"], ["add", "paper", "y"], ["next"], ["export"]):
        code, _, err = run(capsys, db, *command)
        assert code == 1
        one_sentence(err)
    code, out, err = run(capsys, db, "doctor")
    assert code == 1 and "Traceback" not in out + err
    assert db.read_bytes() == before


def test_an_import_with_bad_records_is_refused_whole_naming_them(tmp_path, capsys):
    export = tmp_path / "e.json"
    export.write_text(
        json.dumps(
            {
                "format": "dualtui export",
                "schema": 1,
                "papers": [
                    {"id": 1, "title": 123, "added": "2026-11-01T00:00:00"},
                    {"id": 2, "title": "ok", "added": "2026-11-01T00:00:00", "priority": 7},
                    {"id": 3, "title": "fine", "added": "2026-11-01T00:00:00"},
                ],
                "entries": [{"id": 1, "at": "2026-11-01T00:00:00", "kind": "note", "paper_id": [999]}],
            }
        )
    )
    db = tmp_path / "fresh.json"
    code, _, err = run(capsys, db, "import", str(export))
    one_sentence(err)
    assert code == 1 and "3 damaged records" in err and "nothing was imported" in err
    assert "p1" in err and "p2" in err and "e1" in err and "p3" not in err
    assert not db.exists() or json.loads(db.read_bytes())["papers"] == {}


def test_notes_nested_deep_in_an_import_are_refused(tmp_path, capsys):
    nested: object = "deep"
    for _ in range(500):
        nested = [nested]
    export = tmp_path / "e.json"
    paper = {"id": 1, "title": "x", "added": "2026-11-01T00:00:00", "notes": nested}
    export.write_text(json.dumps({"format": "dualtui export", "schema": 1, "papers": [paper]}))
    code, _, err = run(capsys, tmp_path / "j.json", "import", str(export))
    assert code == 1 and "its “notes” must be text" in err
    one_sentence(err)


@pytest.mark.parametrize(
    "args",
    [
        ["add", "paper", "x", "--year", "12345678901234567890"],
        ["add", "paper", "x", "--date", "9999-12-31"],
        ["--today", "9999-12-31", "phase", "start", "research"],
        ["phase", "start", "research", "--length", "9999 years"],
        ["show", "p18446744073709551615"],
    ],
    ids=["year of 20 digits", "date 9999", "today 9999", "length past 9000", "id 2^64-1"],
)
def test_values_past_what_a_journal_holds_are_a_sentence(db, capsys, args):
    before = db.read_bytes()
    code, _, err = run(capsys, db, *args)
    assert code == 1
    one_sentence(err)
    assert db.read_bytes() == before
    assert run(capsys, db, "list", "papers")[0] == 0


def test_only_regular_files_are_read_as_journals(tmp_path, capsys):
    code, _, err = run(capsys, Path("/dev/zero"), "list", "papers")
    assert code == 1 and "a device, not a regular file" in err
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(main(["--db", str(fifo), "list", "papers"])))
    worker.start()
    worker.join(timeout=20)
    assert done == [1]  # refused at once, never waiting for a writer
    assert "a named pipe, not a regular file" in capsys.readouterr().err


def test_an_import_linked_to_a_device_is_refused(tmp_path, capsys):
    bib = tmp_path / "refs.bib"
    bib.symlink_to("/dev/zero")
    code, _, err = run(capsys, tmp_path / "j.json", "import", str(bib))
    assert code == 1 and "not a regular file" in err
    one_sentence(err)


def test_a_config_too_large_or_too_deep_is_a_sentence_with_its_number(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * 10_000)
    code, _, err = run(capsys, tmp_path / "j.json", "--config", str(big), "list", "papers")
    assert code == 1 and "64 KiB" in err
    one_sentence(err)
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 20_000 + "]" * 20_000)
    code, _, err = run(capsys, tmp_path / "j.json", "--config", str(deep), "list", "papers")
    assert code == 1 and "nested too deeply" in err
    one_sentence(err)


@pytest.mark.parametrize("depth", [300, 5000])
def test_a_bibtex_title_nested_deep_imports_without_a_traceback(tmp_path, capsys, depth):
    bib = tmp_path / "nest.bib"
    bib.write_text(
        "@article{deep, title={" + "{" * depth + "x" + "}" * depth + "}}\n@article{ok, title={Fine}}\n"
    )
    code, out, err = run(capsys, tmp_path / "j.json", "import", str(bib))
    assert code == 0 and "2 added" in out and "Traceback" not in err


def test_a_bibtex_import_is_bounded(tmp_path, capsys):
    bib = tmp_path / "many.bib"
    bib.write_text("".join(f"@misc{{k{i}, title={{t{i}}}}}\n" for i in range(100_001)))
    code, _, err = run(capsys, tmp_path / "j.json", "import", str(bib))
    assert code == 1 and "100,001 entries" in err and "100,000" in err


def export_of(count: int, fmt: str) -> str:
    """A dualtui export of `count` small notes."""
    if fmt == "json":
        notes = [{"id": n, "at": "2026-11-01T09:00:00", "kind": "note"} for n in range(1, count + 1)]
        return json.dumps({"format": "dualtui export", "schema": 2, "entries": notes})
    # Flow mappings in a block list, as a hand-made file may hold them: each is still one record.
    notes = "".join(f"- {{id: {n}, at: '2026-11-01T09:00:00', kind: note}}\n" for n in range(1, count + 1))
    return f"format: dualtui export\nschema: 2\nentries:\n{notes}"


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_export_import_is_bounded_by_its_records(tmp_path, fmt):
    export = tmp_path / f"many.{fmt}"
    export.write_text(export_of(MAX_EXPORT_RECORDS + 1, fmt))
    journal = Journal(tmp_path / "j.json")
    refused = journal.run("import", str(export), code=1)
    assert refused == (
        f"dualtui: {export} holds more records than dualtui restores from an export (200,000), so nothing "
        "was imported: a journal that large moves as its own file (copy it, and open the copy with --db).\n"
    )
    assert not journal.path.exists()


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_an_export_of_as_many_records_as_the_bound_is_restored(tmp_path, capsys, monkeypatch, fmt):
    monkeypatch.setattr(dump, "MAX_EXPORT_RECORDS", 3)
    export = tmp_path / f"few.{fmt}"
    export.write_text(export_of(3, fmt))
    code, out, _ = run(capsys, tmp_path / "j.json", "import", str(export))
    assert code == 0 and "3 entries" in out
    export.write_text(export_of(4, fmt))
    code, _, err = run(capsys, tmp_path / "k.json", "import", str(export))
    assert code == 1 and "more records than dualtui restores from an export (3)" in err


def test_doctor_on_a_folder_that_cannot_be_read_is_a_finding(db, capsys, monkeypatch):
    real_stat = os.stat

    def refused(path, *args, **kwargs):
        if str(path) == str(db):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", refused)
    code, out, err = run(capsys, db, "doctor")
    assert code == 1 and "Permission denied" in out and "Traceback" not in err


def test_a_phase_that_starts_after_the_day_looked_at_starts_in_so_many_days(tmp_path, capsys):
    # A start after today is refused (a date in the future): looking back from an earlier --today
    # is how a journal shows a phase that has not begun yet on that day.
    db = tmp_path / "j.json"
    assert run(capsys, db, "--today", "2029-12-25", "phase", "start", "research")[0] == 0
    code, out, _ = run(capsys, db, "--today", "2026-11-25", "phase")
    assert code == 0 and "starts in 1,126 days (90 planned)" in out and "-1" not in out


def test_the_app_shows_a_phase_that_starts_after_its_day_as_starting_later(tmp_path):
    from dualtui.services.context import build_context
    from dualtui.tui.app import DualtuiApp
    from tests.support.tui import drive, quiet, screen_text

    later = build_context(db=str(tmp_path / "j.json"), today=date(2029, 12, 25))
    later.service.start_phase("research", goal="later", when=datetime(2029, 12, 25, 9))
    context = build_context(db=str(tmp_path / "j.json"), today=date(2026, 11, 25))
    app = DualtuiApp(context, suggester=quiet)

    async def script(pilot) -> None:
        text = screen_text(app)
        assert "starts in 1,126 days" in text and "day -" not in text

    drive(app, script)


# --- 4. Shared folders and other users ---------------------------------------------------------------


def test_a_backups_folder_others_can_write_is_never_restored_from(db, capsys):
    planted = backup_of(db, date(2026, 11, 20), db.read_bytes())
    os.chmod(planted.parent, 0o777)
    assert newest_good_backup(db) is None
    _code, out, _ = run(capsys, db, "doctor")
    assert "is not used: others can write to it" in out
    assert run(capsys, db, "doctor", "--restore")[0] == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="making a file another user's needs root")
def test_a_backup_owned_by_another_user_is_never_restored(db, capsys):
    planted = backup_of(db, date(2026, 11, 20), b'{"meta": {"1": {"schema": 1}}, "papers": {}}')
    os.chown(planted, 4242, 4242)
    assert newest_good_backup(db) is None
    os.chown(planted.parent, 4242, 4242)
    _code, out, _ = run(capsys, db, "doctor")
    assert "belongs to another user" in out


def test_a_lock_file_that_is_a_link_is_not_followed(db, capsys, tmp_path):
    victim = tmp_path / "victim"
    lock = lock_path(db)
    lock.unlink(missing_ok=True)
    lock.symlink_to(victim)
    code, _, err = run(capsys, db, "add", "paper", "x")
    assert code == 1 and "symbolic link" in err
    one_sentence(err)
    assert not victim.exists()


def test_an_imported_writeup_path_outside_the_writeups_folder_is_dropped(tmp_path, capsys):
    outside = tmp_path / "elsewhere" / "planted.md"
    export = tmp_path / "e.json"
    build = {"id": 1, "title": "b", "added": "2026-11-01T00:00:00", "writeup": "draft",
             "writeup_path": str(outside)}  # fmt: skip
    export.write_text(json.dumps({"format": "dualtui export", "schema": 1, "builds": [build]}))
    db = tmp_path / "j" / "journal.json"
    assert run(capsys, db, "import", str(export))[0] == 0
    code, out, _ = run(capsys, db, "writeup", "b1")
    assert code == 0 and not outside.exists()
    assert Path(out.strip()).parent == db.parent / "writeups"


def test_under_umask_000_new_folders_are_private(tmp_path, capsys, monkeypatch):
    old = os.umask(0)
    try:
        db = tmp_path / "home" / ".local" / "share" / "dualtui" / "journal.json"
        assert run(capsys, db, "add", "paper", "x")[0] == 0
    finally:
        os.umask(old)
    for folder in (tmp_path / "home", tmp_path / "home" / ".local", db.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_under_umask_000_the_rules_cache_folder_is_private(tmp_path, capsys, monkeypatch):
    cache = tmp_path / "home" / ".cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    old = os.umask(0)
    try:
        assert run(capsys, tmp_path / "j.json", "next")[0] == 0
    finally:
        os.umask(old)
    for folder in (tmp_path / "home", cache, cache / "dualtui"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_restore_killed_at_any_moment_leaves_a_journal_that_opens(tmp_path, capsys):
    import random
    import subprocess
    import sys

    from dualtui.store import Journal

    db = tmp_path / "j" / "journal.json"
    assert run(capsys, db, "demo", "--size", "3000")[0] == 0
    backup_of(db, date(2026, 11, 20), db.read_bytes())
    chance = random.Random(11)
    for _ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-m", "dualtui", "--db", str(db), "doctor", "--restore"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Wherever the kill lands (before, during or after the restore), a journal is there.
        try:
            child.wait(timeout=chance.uniform(0.05, 1.5))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        assert len(Journal.open(db).snapshot().papers) > 0
    kept = sorted(db.parent.glob("journal.json.replaced-*"))
    assert len(kept) == len({path.name for path in kept})  # none overwrote another
