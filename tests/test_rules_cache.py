"""The compiled-rules cache: a second `next` reads the rules compiled by the first, says the same,
sees every edit of the rules file at once, still reports bad rules, and shrugs off a broken cache
or a cache folder it cannot write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dualtui.rules.engine import load_rules
from tests.support.kept_files import broken_kept_files
from tests.support.process import modules_loaded_by

TODAY = ("--today", "2026-11-25")
WEIGHTED = "- id: no-phase\n  weight: {weight}\n"
BAD = '- id: typo\n  about: papers\n  when: status == "read"\n  sya: x\n'


@pytest.fixture
def cache_folder(tmp_path: Path) -> Path:
    return tmp_path / "xdg-cache" / "dualtui"


def cache_file(folder: Path) -> Path:
    [found] = folder.glob("rules-*.marshal")
    return found


def identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_ino, status.st_mtime_ns


def test_a_second_next_reads_the_cache_and_says_exactly_the_same(cli, cache_folder: Path) -> None:
    cli("add", "paper", "Attention Is All You Need")
    first = cli(*TODAY, "next", "--all")
    written = cache_file(cache_folder)
    assert written.stat().st_mode & 0o777 == 0o600 and cache_folder.stat().st_mode & 0o777 == 0o700
    before = identity(written)
    second = cli(*TODAY, "next", "--all")
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert "No phase is open" in second.out
    assert identity(written) == before  # read, not written again
    assert cli(*TODAY, "next", "--json").out == cli(*TODAY, "next", "--json").out


def test_an_edit_of_the_rules_file_counts_at_once_even_with_the_same_size_and_time(
    cli, tmp_path: Path
) -> None:
    rules = tmp_path / "mine.yaml"
    rules.write_text(WEIGHTED.format(weight=11), encoding="utf-8")
    stamp = rules.stat().st_mtime_ns
    assert cli("--rules", str(rules), *TODAY, "next").out.startswith(" 1. [11] ")
    rules.write_text(WEIGHTED.format(weight=22), encoding="utf-8")
    os.utime(rules, ns=(stamp, stamp))
    assert cli("--rules", str(rules), *TODAY, "next").out.startswith(" 1. [22] ")
    rules.unlink()
    result = cli("--rules", str(rules), *TODAY, "next")
    assert result.out.startswith(" 1. [105] ") and "the rule file does not exist" in result.err


def test_a_bad_rule_is_reported_on_every_run_also_from_the_cache(
    cli, tmp_path: Path, cache_folder: Path
) -> None:
    rules = tmp_path / "mine.yaml"
    rules.write_text(BAD, encoding="utf-8")
    problem = f"dualtui: rules: {rules}:4: rule “typo”: unknown field `sya`"
    first = cli("--rules", str(rules), *TODAY, "next")
    before = identity(cache_file(cache_folder))
    second = cli("--rules", str(rules), *TODAY, "next")
    assert identity(cache_file(cache_folder)) == before
    assert problem in first.err and problem in second.err
    assert second.out == first.out and second.out.startswith(" 1. [105] No phase is open")
    shown = cli("--rules", str(rules), *TODAY, "next", "--json").out
    assert '"message": "unknown field `sya`' in shown


@broken_kept_files
def test_a_broken_cache_is_ignored_and_replaced(cli, cache_folder: Path, damage) -> None:
    first = cli(*TODAY, "next")
    written = cache_file(cache_folder)
    written.write_bytes(damage(written.read_bytes()))
    again = cli(*TODAY, "next")
    assert (again.code, again.out, again.err) == (first.code, first.out, first.err)
    replaced = identity(written)
    assert cli(*TODAY, "next").out == first.out
    assert identity(written) == replaced  # the new file is good: read, not replaced again


def test_a_cache_others_could_write_is_not_trusted(cli, cache_folder: Path) -> None:
    first = cli(*TODAY, "next")
    written = cache_file(cache_folder)
    written.chmod(0o666)
    before = identity(written)
    assert cli(*TODAY, "next").out == first.out
    assert identity(written) != before and written.stat().st_mode & 0o777 == 0o600


def test_an_unwritable_cache_folder_still_works_and_says_nothing(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    for _ in range(2):
        result = cli(*TODAY, "next")
        assert result.code == 0 and result.err == ""
        assert result.out.startswith(" 1. [105] No phase is open")


def test_processes_racing_to_write_the_cache_each_get_their_own_rules(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from dualtui.rules.engine import load_rules\n"
        "folder, rules, weight = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])\n"
        "for _ in range(15):\n"
        "    rule_set = load_rules(rules, cache_folder=folder)\n"
        "    assert rule_set.get('no-phase').weight == weight, rule_set.get('no-phase').weight\n"
    )
    folder = tmp_path / "cache"
    runs = []
    for weight in (11, 22, 33):
        rules = tmp_path / f"rules-{weight}.yaml"
        rules.write_text(WEIGHTED.format(weight=weight), encoding="utf-8")
        command = [sys.executable, "-c", script, str(folder), str(rules), str(weight)]
        runs.append(subprocess.Popen(command, stderr=subprocess.PIPE, text=True))
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
    assert [p.name for p in folder.iterdir()] == [cache_file(folder).name]  # no temp file left
    assert load_rules(tmp_path / "rules-22.yaml", cache_folder=folder).get("no-phase").weight == 22


def loaded_by_next(tmp_path: Path) -> set[str]:
    return modules_loaded_by(tmp_path / "j.json", "next")


COMPILING = {
    "yaml",
    "evalidate",
    "dualtui.rules.yamlload",
    "dualtui.rules.checker",
    "dualtui.rules.codegen",
    "dualtui.rules.compiler",
}


def test_a_cached_next_imports_neither_yaml_nor_the_condition_checker(tmp_path: Path) -> None:
    assert loaded_by_next(tmp_path) >= COMPILING  # the first run compiles
    assert not COMPILING & loaded_by_next(tmp_path)
