"""Modal screens: forms, the help/why screen, the phase switch, the weekly review.

Each is imported on first use (PEP 562): none of them is on screen at launch, and the launch budget
is counted in milliseconds.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "FormScreen": ".form",
    "paper_form": ".forms",
    "build_form": ".forms",
    "entry_form": ".forms",
    "phase_form": ".forms",
    "HelpScreen": ".help",
    "phase_switch_form": ".phase_switch",
    "WeeklyReview": ".review",
    "InsightsScreen": ".insights",
    "Pick": ".pick",
    "PickScreen": ".pick",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(name)
    return getattr(importlib.import_module(_HOME[name], __name__), name)
