"""dualtui's benchmark harness: one command, one RESULTS.md.

    python benchmarks/run.py            # journals of 1,000, 10,000 and 100,000 records, 7 runs
    python benchmarks/run.py --quick    # 1,000 and 10,000 records, 5 runs
    python benchmarks/run.py --only insights_frame,insights_figures --out /tmp/insights.md

Generates the journals with `dualtui demo`, measures every figure of issue 6 beside its floor in
interleaved rounds, and writes benchmarks/RESULTS.md. Figures whose part of dualtui is missing are
listed with the reason instead. Run it from the repository with the interpreter dualtui is installed in.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import dualtui_measures
import floors
import import_measures
import jrnl_peer
import machine
import report
from figures import FIGURES, key
from interleave import Measure, interleave
from journals import isolated_env, make_journal, run_workdir

HERE = Path(__file__).resolve().parent
SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-record journal; 5 runs")
    parser.add_argument(
        "--runs", type=int, help="interleaved runs per figure (default 7, quick 5; at least 5)"
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="where to write the results")
    parser.add_argument("--jrnl", metavar="PATH", help="the jrnl to compare with (default: jrnl on PATH)")
    parser.add_argument(
        "--only",
        metavar="FIGURE,...",
        type=lambda text: set(text.split(",")),
        help="measure only these figures (names in figures.py) and their floors",
    )
    args = parser.parse_args(argv)
    args.runs = args.runs or (5 if args.quick else 7)
    if args.runs < 5:
        parser.error("medians need at least 5 runs")
    unknown = (args.only or set()) - FIGURES.keys()
    if unknown:
        parser.error(f"no such figure: {', '.join(sorted(unknown))} (figures.py names them)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    sizes = QUICK_SIZES if args.quick else SIZES
    command = " ".join(["python benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])])
    workdir = run_workdir(HERE / "work")
    try:
        run = measure_all(args, sizes, workdir, command)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    args.out.write_text(report.render(run))
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


def measure_all(args: argparse.Namespace, sizes: tuple[int, ...], workdir: Path, command: str) -> report.Run:
    """Plans every measure, runs them interleaved, and gathers what RESULTS.md reports."""
    env = isolated_env(workdir, HERE / "work" / "pycache")
    jrnl = args.jrnl or jrnl_peer.find_jrnl(env)
    measures: list[Measure] = floors.measures(workdir, env)
    measures.append(import_measures.measure(workdir, env))
    made: dict[str, list[float]] = {}
    missing: dict[str, str] = {}
    for size in sizes:
        journal = make_journal(size, workdir, env)
        if isinstance(journal, str):
            missing.update(dict.fromkeys(key_names(size), journal))
        else:
            path, milliseconds = journal
            made[key("demo", size)] = [milliseconds]
            measures += dualtui_measures.measures(size, path, env)
        measures.append(jrnl_peer.measure(size, workdir, env, jrnl))
    if args.only:
        wanted = args.only | {FIGURES[name].floor for name in args.only if FIGURES[name].floor}
        measures = [m for m in measures if any(figure.partition("@")[0] in wanted for figure in m.figures)]
    outcome = interleave(measures, args.runs)
    outcome.samples.update(made)
    outcome.notes.update(missing)
    return report.Run(command, sizes, args.runs, machine.describe(workdir, env, jrnl), outcome)


def key_names(size: int) -> list[str]:
    """Every dualtui figure of one journal size: what a missing journal leaves unmeasured."""
    return [key(name, size) for name in dualtui_measures.FIGURE_NAMES]


if __name__ == "__main__":
    sys.exit(main())
