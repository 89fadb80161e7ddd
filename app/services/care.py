"""`dualtui doctor`: the health of everything a launch depends on, and putting a backup back."""

from __future__ import annotations

from pathlib import Path

from dualtui.store.repair import Finding, check, restore_newest_backup

from .context import AppContext
from .merging import git_merge_setup


def checkup(context: AppContext) -> list[Finding]:
    """The config, the journal file and its backups, and the rules, each found ok or not."""
    config = context.config.path
    findings = [Finding(True, f"config: {config}" if config else "config: none (defaults)")]
    findings += check(context.journal_path)
    findings += [Finding(ok, text) for ok, text in git_merge_setup(context.journal_path)]
    rules = context.suggestions().rules
    findings.append(Finding(True, f"{len(rules.rules)} rules from {' + '.join(rules.files)}."))
    findings += [Finding(False, f"rule problem: {problem}") for problem in rules.problems]
    return findings


def restore(context: AppContext) -> tuple[Path, Path | None]:
    """The newest good backup put in place; returns it and where the replaced file was kept."""
    return restore_newest_backup(context.journal_path, context.clock.now())
