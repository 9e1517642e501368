"""`bpviz ledger EXPR NAME=VALUE ...` or `bpviz ledger --model {window,classifier}`: the
chain-rule ledger, step by step, exactly as the app shows it."""

from __future__ import annotations

import argparse
from pathlib import Path

from bpviz.cli.common import circuit_from, print_json
from bpviz.cli.model_options import (
    NEGATIVES_ONLY, WINDOW_ONLY, add_formula_or_model_arguments, model_of, refuse_unused,
)
from bpviz.cli.parser import UsageError
from bpviz.expression import Circuit, trace_circuit
from bpviz.lessons.ledger import Ledger
from bpviz.lessons.ledger_handout import (
    FORMATS, MARKDOWN, SUFFIXES, formula_heading, handout, model_heading, write_handout,
)
from bpviz.lessons.ledger_json import ledger_json
from bpviz.models.word_model_choices import WORD_MODELS

NAME = "ledger"
HELP = "print the chain-rule ledger of a formula or of a window model, step by step"
EXAMPLE = ("examples: bpviz ledger '(x+y)*max(y,z)' x=1 y=2 z=0\n"
           "          bpviz ledger --model window --json\n"
           "          bpviz ledger --model window --out handout.md")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_formula_or_model_arguments(
        parser, ("window", "classifier", *WORD_MODELS),
        "the ledger of the window scorer, the softmax window classifier or a word-vector "
        "objective")
    parser.add_argument("--format", choices=FORMATS,
                        help="print the handout of the whole pass: Markdown with LaTeX math, "
                             "or plain text with every number of every array")
    parser.add_argument("--out", metavar="FILE",
                        help="write the handout to FILE (atomically) instead of printing it "
                             "(-: standard output); "
                             "FILE.md is Markdown, FILE.txt plain text, unless --format says")


def run(args: argparse.Namespace) -> int:
    if (args.expr is None) == (args.model is None):
        raise UsageError("give either a formula (EXPR NAME=VALUE ...) or --model window|classifier")
    if args.json and (args.format or args.out):
        raise UsageError("--json prints the ledger's JSON; --format and --out write a handout")
    if args.model:
        model = model_of(args)
        ledger = Ledger(model.record())
        heading = model_heading(f"{args.model} model", model.config)
    else:
        circuit = _formula_circuit(args)
        ledger = Ledger(trace_circuit(circuit))
        heading = formula_heading(args.expr, {name: node.item() for name, node
                                              in circuit.variables.items()})
    if args.json:
        print_json(ledger_json(ledger))
        return 0
    if args.format or args.out:
        return _handout(args, ledger, heading)
    for entry in ledger.entries:
        print(f"{entry.position} · {entry.title.plain}")
        if entry.upstream:
            print(f"  upstream {entry.upstream.plain}")
        for line in entry.lines + entry.sums:
            print(f"  {line.text}")
        for note in entry.notes:
            print(f"  ({note.plain})")
    return 0


def _handout(args: argparse.Namespace, ledger: Ledger, heading: str) -> int:
    """The whole pass as a handout, printed or written to --out (atomically)."""
    if args.out in (None, "-"):  # `--out -`: standard output, as is the custom
        print(handout(ledger, args.format or MARKDOWN, heading), end="")
        return 0
    if args.format is None and Path(args.out).suffix.lower() not in SUFFIXES:
        raise UsageError(f"--out {args.out}: a handout is FILE.md (Markdown) or FILE.txt "
                         "(plain text); add --format markdown|text to write another name")
    path = write_handout(args.out, ledger, args.format, heading)
    print(f"wrote {path}")
    return 0


def _formula_circuit(args: argparse.Namespace) -> Circuit:
    refuse_unused(args, {**WINDOW_ONLY, **NEGATIVES_ONLY, "activation": "--activation"},
                  "for --model")
    if args.seed != 0:
        raise UsageError("--seed is for --model")
    return circuit_from(args)
