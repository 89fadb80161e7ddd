"""Runs inside a benchmarked process: dualtui's store, service and rules in-process, without a screen.

    python probe_core.py OUT JOURNAL

OUT receives {"values": {figure: milliseconds or parses per operation, or why it has none}}.
Exit status 3 means dualtui's store or services are not there yet; the reason is on stderr.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

from instruments import ParseCounter

UNAVAILABLE = 3


def milliseconds_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def measure(journal: Path, parses: ParseCounter) -> dict[str, float | str]:
    from dualtui.services.context import build_context

    context = build_context(db=str(journal))
    service = context.service
    values: dict[str, float | str] = {}

    after_start = parses.count
    started = time.perf_counter()
    service.add_paper(f"bench write {time.time_ns()}")
    values["write"] = milliseconds_since(started)
    service.refresh()
    service.snapshot()
    values["store_parses"] = (parses.count - after_start) / 3  # the add, the refresh, the snapshot

    if importlib.util.find_spec("dualtui.rules.engine") is None:
        values["rules"] = values["rules_again"] = (
            "dualtui's rule engine (app/rules/engine.py) is not there yet"
        )
        return values
    from dualtui.rules.engine import evaluate, load_rules

    rule_set = load_rules(context.rules_path)
    today = context.clock.today()
    # The first evaluation is the one the app waits for before its first suggestion; the second
    # follows a change, as after every add in the app.
    for figure in ("rules", "rules_again"):
        if figure == "rules_again":
            service.add_paper(f"bench change {time.time_ns()}")
        started = time.perf_counter()
        evaluate(rule_set, service.snapshot(), today).leading  # noqa: B018 (computing it is the point)
        values[figure] = milliseconds_since(started)
    return values


def main() -> int:
    out, journal = Path(sys.argv[1]), Path(sys.argv[2])
    parses = ParseCounter(journal)
    parses.install()  # before dualtui imports orjson's loads
    if importlib.util.find_spec("dualtui.services.context") is None:
        print("dualtui's services (app/services/context.py) are not there yet", file=sys.stderr)
        return UNAVAILABLE
    out.write_text(json.dumps({"values": measure(journal, parses)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
