"""Where the user's rules come from (--rules, then `rules:` in the config, then the user config
folder), and how long a snooze lasts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dualtui.domain import UserError
from dualtui.services.suggestions import snooze_until

QUIET_NO_PHASE = "- id: no-phase\n  weight: {weight}\n"


def top_line(cli, *options: str) -> str:
    result = cli(*options, "--today", "2026-11-25", "next")
    assert result.code == 0, result.err
    return result.out.splitlines()[0].strip()


def test_the_rules_file_is_taken_from_the_option_then_the_config_then_the_config_folder(
    cli, tmp_path: Path
) -> None:
    assert top_line(cli).startswith("1. [105] No phase is open")
    folder = tmp_path / "xdg-config" / "dualtui"
    folder.mkdir(parents=True)
    (folder / "rules.yaml").write_text(QUIET_NO_PHASE.format(weight=11), encoding="utf-8")
    assert top_line(cli).startswith("1. [11] ")
    (tmp_path / "mine.yaml").write_text(QUIET_NO_PHASE.format(weight=22), encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("rules: mine.yaml\n", encoding="utf-8")  # relative to the config file
    assert top_line(cli, "--config", str(config)).startswith("1. [22] ")
    (tmp_path / "other.yaml").write_text(QUIET_NO_PHASE.format(weight=33), encoding="utf-8")
    assert top_line(cli, "--config", str(config), "--rules", str(tmp_path / "other.yaml")).startswith(
        "1. [33] "
    )


def test_a_named_rules_file_that_is_missing_is_reported_but_the_defaults_run(cli, tmp_path: Path) -> None:
    result = cli("--rules", str(tmp_path / "nope.yaml"), "--today", "2026-11-25", "next")
    assert result.code == 0
    assert f"dualtui: rules: {tmp_path / 'nope.yaml'}: the rule file does not exist." in result.err
    assert result.out.startswith(" 1. [105] No phase is open")


@pytest.mark.parametrize(
    ("length", "until"),
    [
        ("3d", date(2026, 11, 28)),
        ("2w", date(2026, 12, 9)),
        ("1 month", date(2026, 12, 25)),
        ("90 days", date(2027, 2, 23)),
    ],
)
def test_snooze_lengths(length: str, until: date) -> None:
    assert snooze_until(date(2026, 11, 25), length) == until


def test_a_bad_snooze_length_is_one_clear_sentence(cli) -> None:
    with pytest.raises(UserError, match="is not a length"):
        snooze_until(date(2026, 11, 25), "soon")
    result = cli("--today", "2026-11-25", "snooze", "no-phase", "--for", "soon")
    assert result.code == 1 and "“soon” is not a length" in result.err
