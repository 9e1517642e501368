"""`bpviz bench`: time bpviz's engine against hand-fused NumPy (checking they agree), and
the app against its targets."""

from __future__ import annotations

import argparse

from bpviz import __version__
from bpviz.cli.argtypes import whole
from bpviz.cli.common import print_json
from bpviz.cli.parser import UsageError

NAME = "bench"
HELP = ("time bpviz's engine against hand-fused NumPy, and the app's frames, steps and "
        "start, each against its target")
# The workloads as the registry names them (a test keeps this list in step with it).
WORKLOADS = (
    ("W1", "an MLP 2→8→8→2 (tanh, softmax cross-entropy): one Adam step, batch 500"),
    ("W1-b10", "the same on a batch of 10"),
    ("W1-grid", "that net's class probabilities on the lab's 200×200 grid"),
    ("W2", "the window scorer (5,000 words, d = 50): one sparse SGD step, 64 windows"),
    ("W2-sgns", "negative sampling (5,000 words, d = 50, K = 5): one sparse SGD step, "
                "256 pairs"),
    ("W3", "the expression lesson (a 62-node formula): one update, its trace recorded"),
    ("W3-graph", "that formula's graph built and backpropagated, against micrograd"),
    ("UI-boundary", "the decision-boundary lab: frames per second while training"),
    ("UI-embedding", "the word-vector lab: frames per second while training"),
    ("UI-stage", "the backprop stage: one step of the window scorer rendered"),
    ("UI-start", "process start to the first painted main window"),
)
EXAMPLE = "\n".join([
    "workloads:", *(f"  {name:<13} {what}" for name, what in WORKLOADS),
    "columns: bpviz's median time per unit ('per'), its fastest–slowest, the fused NumPy",
    "  reference's median and bpviz's time as a multiple of it (×fused; ×torch if PyTorch",
    "  is installed), the target, whether bpviz's gradients equal the reference's, and",
    "  the verdict. Under the table: each row's notes (micrograd's time beside W3 if it is",
    "  installed), what each app row timed, and for a missed target how far it missed",
    "  and why.",
    "examples: bpviz bench",
    "          bpviz bench --quick --only W1,W2 --json"])


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
    from bpviz.runtime import set_blas_threads
    from bpviz.bench.registry import all_workloads
    from bpviz.bench.report import report_lines
    from bpviz.bench.run import Settings, run_bench

    workloads = all_workloads()
    if args.only is not None:
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        if not wanted:  # `--only ''` from an empty shell variable must not run all eight minutes
            raise UsageError(f"--only needs at least one workload, e.g. --only W1,W3; choose "
                             f"from {', '.join(workload.name for workload in workloads)}")
        known = {workload.name.casefold(): workload for workload in workloads}
        unknown = [name for name in wanted if name.casefold() not in known]
        if unknown:
            raise UsageError(f"unknown workload(s) {', '.join(unknown)}; choose from "
                             f"{', '.join(workload.name for workload in workloads)}")
        workloads = tuple(known[name.casefold()] for name in wanted)
    set_blas_threads(args.threads or 1)
    report = {"bpviz": __version__,
              **run_bench(workloads, Settings.choose(args.quick, args.repeats, args.soak))}
    if args.json:
        print_json(report)
    else:
        for line in report_lines(report):
            print(line)
    return 0
