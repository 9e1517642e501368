"""`bpviz trace EXPR NAME=VALUE ...` or `bpviz trace --model NAME` (window, classifier, skipgram,
sgns, glove, simple-glove): every forward and backward step of a formula, the lecture's window
scorer, the softmax window classifier or a word-vector objective."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from typing import Any

from bpviz.cli.common import (
    circuit_from, format_number, format_value, gradient_lines, one_line, print_json,
)
from bpviz.cli.model_options import (
    MODEL_LIST, NEGATIVES_ONLY, WINDOW_ONLY, add_formula_or_model_arguments, refuse_unused,
    window_classifier, window_scorer, word_model, word_trace_data,
)
from bpviz.cli.parser import UsageError
from bpviz.engine import BackwardStep, ForwardStep, Trace, trace_json
from bpviz.expression import Circuit, trace_circuit
from bpviz.models.word_model_choices import OBJECTIVES, WORD_MODELS

NAME = "trace"
HELP = ("print every forward and backward step of a formula, of the window scorer or of a "
        "word-vector objective")
EXAMPLE = ("examples: bpviz trace '(x+y)*max(y,z)' x=1 y=2 z=0 --json\n"
           "          bpviz trace --model window --seed 0 --activation tanh --json\n"
           "          bpviz trace --model sgns --d 2 --negatives 3 --seed 0 --json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_formula_or_model_arguments(parser, ("window", "classifier", *WORD_MODELS),
                                   "trace the lecture's window scorer, the softmax window "
                                   "classifier or a word-vector objective instead of a formula")


def run(args: argparse.Namespace) -> int:
    if (args.expr is None) == (args.model is None):
        raise UsageError("give either a formula (EXPR NAME=VALUE ...) or --model window "
                         f"(or {', '.join(WORD_MODELS)})")
    if args.model in WORD_MODELS:
        header, trace, output, data = _word_trace(args)
    else:
        window = _classifier_trace if args.model == "classifier" else _window_trace
        header, trace, output, extra = window(args) if args.model else _formula_trace(args)
        data = {**extra, **trace_json(trace)}
    if args.json:
        print_json(data)
        return 0
    for line in trace_lines(header, trace, data["grads"], output):
        print(line)
    return 0


def _formula_trace(args: argparse.Namespace) -> tuple[str, Trace, str, dict[str, Any]]:
    refuse_unused(args, {**WINDOW_ONLY, "activation": "--activation"},
                  f"for --model {MODEL_LIST}")
    refuse_unused(args, NEGATIVES_ONLY, "for --model sgns")
    if args.seed != 0:
        raise UsageError(f"--seed is for --model {MODEL_LIST}")
    circuit = circuit_from(args)
    trace = trace_circuit(circuit)
    return _header(circuit), trace, "f", {"expr": circuit.text}


def _window_trace(args: argparse.Namespace) -> tuple[str, Trace, str, dict[str, Any]]:
    if args.assignments:
        raise UsageError("--model window takes no NAME=VALUE pairs")
    refuse_unused(args, NEGATIVES_ONLY, "for --model sgns")
    model = window_scorer(args)
    trace = model.record()
    config = model.config
    header = (f"J = max(0, 1 − s + s_c) for '{' '.join(config.true_window)}' (s) "
              f"and '{' '.join(config.corrupt_window)}' (s_c)")
    return header, trace, "J", {"model": "window"}


def _classifier_trace(args: argparse.Namespace) -> tuple[str, Trace, str, dict[str, Any]]:
    if args.assignments:
        raise UsageError("--model classifier takes no NAME=VALUE pairs")
    refuse_unused(args, NEGATIVES_ONLY, "for --model sgns")
    model = window_classifier(args)
    trace, config = model.record(), model.config
    header = (f"J = −log softmax(f)_{config.target} for '{' '.join(config.window)}', "
              f"f = {f'U {config.activation}(W x + b)' if config.hidden else 'W x'}")
    return header, trace, "J", {"model": "classifier"}


def _word_trace(args: argparse.Namespace) -> tuple[str, Trace, str, dict[str, Any]]:
    if args.assignments:
        raise UsageError(f"--model {args.model} takes no NAME=VALUE pairs")
    trace, data = word_trace_data(word_model(args), args.model)
    return OBJECTIVES[args.model], trace, "J", data


def trace_lines(header: str, trace: Trace, grads: Mapping[str, Any],
                output: str) -> Iterator[str]:
    """A header, one line per step, then the gradient: the trace as text."""
    yield header
    forward = [step for step in trace.steps if isinstance(step, ForwardStep)]
    backward = [step for step in trace.steps if isinstance(step, BackwardStep)]
    for number, step in enumerate(forward, start=1):
        label = trace.node(step.node).label
        yield f"forward {number}/{len(forward)}  {label} = {format_value(step.value)}"
    for number, step in enumerate(backward, start=1):
        yield f"backward {number}/{len(backward)}  {_backward_text(trace, step)}"
    yield from gradient_lines(grads, output)


def _header(circuit: Circuit) -> str:
    values = ", ".join(f"{name} = {format_number(node.item())}"
                       for name, node in circuit.variables.items())
    return f"f = {one_line(circuit.text)}" + (f" at {values}" if values else "")


def _backward_text(trace: Trace, step: BackwardStep) -> str:
    """`max(y,z): upstream 3 → y += 3 (= 3), z += 0 (= 0)`."""
    sent = ", ".join(
        f"{trace.node(part.to).label} += {format_value(part.downstream)} "
        f"(= {format_value(part.accumulated)})"
        for part in step.contributions)
    label = trace.node(step.node).label
    return f"{label}: upstream {format_value(step.upstream)} → {sent}"
