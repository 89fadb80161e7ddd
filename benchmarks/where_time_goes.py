"""Where the time goes: one profile of dualtui on a demo journal, to read before changing the code.

    python benchmarks/where_time_goes.py next            # cProfile of `dualtui next`, 10,000 records
    python benchmarks/where_time_goes.py app --size 100000
    python benchmarks/where_time_goes.py add --imports   # python -X importtime instead: the slowest imports

`app` profiles the app's start-up up to its first full screen and first suggestion (probe_app.py).
Profiles run in the same isolated environment as run.py; the journal goes to benchmarks/work/profile/.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import time
from pathlib import Path

from journals import console_entry, isolated_env, make_journal

HERE = Path(__file__).resolve().parent


def command(what: str, journal: Path, stats_file: Path | None) -> list[str]:
    """Interpreter arguments that run `what`, under cProfile into `stats_file` when one is given.

    The console script ends with os._exit, which would skip cProfile's dump: profiles call main().
    """
    if what == "app":
        probe = [str(HERE / "probe_app.py"), str(journal.with_suffix(".probe.json")), "dualtui-launch"]
        if stats_file is None:
            return [*probe, str(journal), console_entry()]
        return ["-m", "cProfile", "-o", str(stats_file), *probe, str(journal), "dualtui.cli:main"]
    args = (
        ["--db", str(journal), "next"]
        if what == "next"
        # A title of its own each run: a paper added twice by hand is refused as a duplicate.
        else ["--db", str(journal), "add", "paper", f"profiled {time.time_ns()}"]
    )
    if stats_file is None:
        return ["-m", "dualtui", *args]
    statement = f"import dualtui.cli; dualtui.cli.main({args!r})"
    return ["-c", f"import cProfile; cProfile.run({statement!r}, {str(stats_file)!r})"]


def slowest_imports(report: str, top: int) -> list[str]:
    rows = []
    for line in report.splitlines():
        if line.startswith("import time:") and "|" in line and "self" not in line:
            _, cumulative, name = line.removeprefix("import time:").split("|")
            rows.append((int(cumulative), name.rstrip()))
    rows.sort(reverse=True)
    return [f"{cumulative / 1000:8.1f} ms  {name}" for cumulative, name in rows[:top]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("next", "add", "app"))
    parser.add_argument("--size", type=int, default=10_000, help="records in the demo journal")
    parser.add_argument("--top", type=int, default=30, help="rows to print")
    parser.add_argument("--imports", action="store_true", help="python -X importtime instead of cProfile")
    args = parser.parse_args()
    workdir = HERE / "work" / "profile"
    env = isolated_env(workdir, HERE / "work" / "pycache")
    journal_path = workdir / "journals" / f"journal-{args.size}.json"
    if not journal_path.exists():
        made = make_journal(args.size, workdir, env)
        if isinstance(made, str):
            print(made, file=sys.stderr)
            return 1
    plain = command(args.what, journal_path, None)
    subprocess.run([sys.executable, *plain], env=env, capture_output=True, check=False)  # fill the caches
    if args.imports:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", *plain], env=env, capture_output=True, text=True
        )
        print("\n".join(slowest_imports(done.stderr, args.top)))
        return done.returncode
    stats_file = workdir / f"{args.what}-{args.size}.prof"
    done = subprocess.run(
        [sys.executable, *command(args.what, journal_path, stats_file)], env=env, check=False
    )
    stats = pstats.Stats(str(stats_file))
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    print(f"the whole profile: {stats_file} (e.g. python -m pstats {stats_file})")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
