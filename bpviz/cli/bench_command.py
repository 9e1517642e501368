"""`bpviz bench`: time bpviz's engine against hand-fused NumPy, and check they agree."""

from __future__ import annotations

import argparse

from bpviz import __version__
from bpviz.cli.argtypes import whole
from bpviz.cli.common import print_json
from bpviz.cli.parser import UsageError

NAME = "bench"
HELP = "time bpviz's engine on the benchmark workloads against hand-fused NumPy"
EXAMPLE = ("examples: bpviz bench\n"
           "          bpviz bench --quick --only W1,W2 --json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true",
                        help="fewer rounds: done in well under a minute")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--only", metavar="NAMES",
                        help="comma-separated workloads to run, e.g. W1,W3 (default all)")
    parser.add_argument("--threads", type=whole(1, 256),
                        help="BLAS threads to use (default 1; see the README)")
    parser.add_argument("--repeats", type=whole(1, 1000),
                        help="timed rounds per contender (default 41, or 15 with --quick)")
    parser.add_argument("--soak", type=whole(1, 10_000_000), metavar="FRAMES",
                        help="frames of UI-boundary's memory run (default 18,000: ten "
                             "minutes at 30 frames/s, a few minutes to run; 600 with --quick)")


def run(args: argparse.Namespace) -> int:
    # Imported here: the other commands need none of the benchmark.
    from bpviz.bench.blas import set_blas_threads
    from bpviz.bench.registry import all_workloads
    from bpviz.bench.report import report_lines
    from bpviz.bench.run import Settings, run_bench

    workloads = all_workloads()
    if args.only:
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        known = {workload.name: workload for workload in workloads}
        unknown = [name for name in wanted if name not in known]
        if unknown:
            raise UsageError(f"unknown workload(s) {', '.join(unknown)}; choose from "
                             f"{', '.join(known)}")
        workloads = tuple(known[name] for name in wanted)
    set_blas_threads(args.threads or 1)
    report = {"bpviz": __version__,
              **run_bench(workloads, Settings.choose(args.quick, args.repeats, args.soak))}
    if args.json:
        print_json(report)
    else:
        for line in report_lines(report):
            print(line)
    return 0
