"""`bpviz ledger EXPR NAME=VALUE ...` or `bpviz ledger --model {window,classifier}`: the
chain-rule ledger, step by step, exactly as the app shows it."""

from __future__ import annotations

import argparse

from bpviz.cli.common import circuit_from, print_json
from bpviz.cli.model_options import (
    NEGATIVES_ONLY, WINDOW_ONLY, add_formula_or_model_arguments, refuse_unused, window_scorer,
    window_words, word_model,
)
from bpviz.cli.parser import UsageError
from bpviz.engine import Trace
from bpviz.expression import trace_circuit
from bpviz.lessons.ledger import Ledger
from bpviz.lessons.ledger_json import ledger_json
from bpviz.models.window_classifier import WindowClassifier, WindowClassifierConfig
from bpviz.models.word_model_choices import WORD_MODELS

NAME = "ledger"
HELP = "print the chain-rule ledger of a formula or of a window model, step by step"
EXAMPLE = ("examples: bpviz ledger '(x+y)*max(y,z)' x=1 y=2 z=0\n"
           "          bpviz ledger --model window --json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_formula_or_model_arguments(
        parser, ("window", "classifier", *WORD_MODELS),
        "the ledger of the window scorer, the softmax window classifier or a word-vector "
        "objective")


def run(args: argparse.Namespace) -> int:
    if (args.expr is None) == (args.model is None):
        raise UsageError("give either a formula (EXPR NAME=VALUE ...) or --model window|classifier")
    trace = _model_trace(args) if args.model else _formula_trace(args)
    ledger = Ledger(trace)
    if args.json:
        print_json(ledger_json(ledger))
        return 0
    for entry in ledger.entries:
        print(f"{entry.position} · {entry.title.plain}")
        if entry.upstream:
            print(f"  upstream {entry.upstream.plain}")
        for line in entry.lines + entry.sums:
            print(f"  {line.text}")
        for note in entry.notes:
            print(f"  ({note.plain})")
    return 0


def _formula_trace(args: argparse.Namespace) -> Trace:
    refuse_unused(args, {**WINDOW_ONLY, **NEGATIVES_ONLY, "activation": "--activation"},
                  "for --model")
    if args.seed != 0:
        raise UsageError("--seed is for --model")
    return trace_circuit(circuit_from(args))


def _model_trace(args: argparse.Namespace) -> Trace:
    if args.assignments:
        raise UsageError(f"--model {args.model} takes no NAME=VALUE pairs")
    if args.model in WORD_MODELS:
        return word_model(args).record()
    refuse_unused(args, NEGATIVES_ONLY, "for --model sgns")
    if args.model == "window":
        return window_scorer(args).record()
    refuse_unused(args, {"corrupt": "--corrupt"}, "for --model window")
    defaults = WindowClassifierConfig()
    config = WindowClassifierConfig(
        window=window_words(args.window, "--window", defaults.window),
        d=args.d if args.d is not None else defaults.d,
        hidden=args.hidden if args.hidden is not None else defaults.hidden,
        activation=args.activation or defaults.activation, seed=args.seed)
    return WindowClassifier(config).record()
