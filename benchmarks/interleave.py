"""Runs every measure once per round, round after round, so a noisy machine hits every figure alike."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from procs import Failed, Unavailable

Samples = dict[str, float | str]  # figure key → one sample, or why this run has none


@dataclass
class Measure:
    name: str
    figures: tuple[str, ...]  # the figure keys it yields, for the notes when it cannot run
    run: Callable[[], Samples]


@dataclass
class Outcome:
    samples: dict[str, list[float]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # figure key → why it has no samples


def interleave(measures: list[Measure], runs: int) -> Outcome:
    """A discarded warm-up round (page cache, bytecode, the day's first backup), then `runs` rounds.

    A measure that is unavailable or fails is dropped from later rounds, its figures noted with why.
    """
    outcome = Outcome()
    active = list(measures)
    for round_number in range(runs + 1):
        began = time.perf_counter()
        for measure in list(active):
            try:
                samples = measure.run()
            except Exception as problem:  # one broken measure must not cost the others their run
                outcome.notes.update(dict.fromkeys(measure.figures, _why(problem)))
                active.remove(measure)
                continue
            for figure, value in samples.items():
                if isinstance(value, str):
                    outcome.notes[figure] = value
                elif round_number:
                    outcome.samples.setdefault(figure, []).append(value)
        label = f"round {round_number}/{runs}" if round_number else "warm-up round"
        print(f"{label}: {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return outcome


def _why(problem: Exception) -> str:
    if isinstance(problem, Unavailable):
        return str(problem)
    if isinstance(problem, Failed):
        return f"failed: {problem}"
    return f"failed: {type(problem).__name__}: {problem}"
