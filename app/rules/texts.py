"""The texts a rule set is made from: the default rules beside this module and the user's file.

Read on every run that suggests (two small files), and cheap to import: they key the compiled-rules
cache and what is kept of an evaluation, before anything of the engine is needed.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any, NamedTuple

from .model import RuleProblem

DEFAULT_FILE = "default.yaml"


def default_rules_text() -> str:
    # Beside this module in every install (package data); importlib.resources would cost an import
    # of its own on every `dualtui next`.
    return (Path(__file__).parent / DEFAULT_FILE).read_text(encoding="utf-8")


# A rules file of hundreds of rules is a few tens of KiB; reading far more would cost every command.
MAX_RULES_BYTES = 1024 * 1024


def _read_user_rules(path: Path) -> str:
    """The user's rules file, only if it is a regular file of a bounded size (a FIFO would hang every
    command, a device never end)."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path} is not a regular file")
    if info.st_size > MAX_RULES_BYTES:
        raise OSError(f"it is {info.st_size:,} bytes; a rules file may be up to {MAX_RULES_BYTES:,}")
    return path.read_text(encoding="utf-8")


class RuleTexts(NamedTuple):
    """What a rule set is made from, as read now: the texts and how the user's file was named (the
    key of the compiled-rules cache, and of anything worked out from the rules' output), and the
    problems of reading the user's file."""

    default_text: str
    user: tuple[str, str] | None
    key: tuple[Any, ...]
    problems: list[RuleProblem]


def read_rule_texts(user_file: Path | None = None, *, required: bool = False) -> RuleTexts:
    """The default rules' text and the user's file (if any); a missing user file is fine unless
    `required` (the user named it), and anything wrong with it is a problem, never an exception."""
    user: tuple[str, str] | None = None
    problems: list[RuleProblem] = []
    if user_file is not None:
        name = str(user_file)
        try:
            user = (_read_user_rules(user_file), name)
        except FileNotFoundError:
            if required:
                problems.append(RuleProblem(name, None, None, "the rule file does not exist."))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(RuleProblem(name, None, None, f"the rule file cannot be read: {error}."))
    default_text = default_rules_text()
    key = (default_text, user_file and str(user_file), required, user and user[0])
    return RuleTexts(default_text, user, key, problems)
