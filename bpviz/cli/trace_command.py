"""`bpviz trace EXPR NAME=VALUE ...`: every forward and backward step of a formula."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from bpviz.cli.common import (
    add_formula_arguments, circuit_from, format_number, gradient_lines, one_line, print_json,
)
from bpviz.engine import BackwardStep, ForwardStep, Trace, trace_json
from bpviz.expression import Circuit, trace_circuit

NAME = "trace"
HELP = "print every forward and backward step of a formula"
EXAMPLE = "example: bpviz trace '(x+y)*max(y,z)' x=1 y=2 z=0 --json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_formula_arguments(parser)


def run(args: argparse.Namespace) -> int:
    circuit = circuit_from(args)
    trace = trace_circuit(circuit)
    data = {"expr": circuit.text, "value": circuit.value, **trace_json(trace)}
    if args.json:
        print_json(data)
        return 0
    for line in trace_lines(circuit, trace, data):
        print(line)
    return 0


def trace_lines(circuit: Circuit, trace: Trace, data: dict[str, Any]) -> Iterator[str]:
    """A header, one line per step, then the gradient: the trace as text."""
    yield _header(circuit)
    forward = [step for step in trace.steps if isinstance(step, ForwardStep)]
    backward = [step for step in trace.steps if isinstance(step, BackwardStep)]
    for number, step in enumerate(forward, start=1):
        label = trace.node(step.node).label
        yield f"forward {number}/{len(forward)}  {label} = {format_number(step.value)}"
    for number, step in enumerate(backward, start=1):
        yield f"backward {number}/{len(backward)}  {_backward_text(trace, step)}"
    yield from gradient_lines(data["grads"])


def _header(circuit: Circuit) -> str:
    values = ", ".join(f"{name} = {format_number(node.item())}"
                       for name, node in circuit.variables.items())
    return f"f = {one_line(circuit.text)}" + (f" at {values}" if values else "")


def _backward_text(trace: Trace, step: BackwardStep) -> str:
    """`max(y,z): upstream 3 → y += 3 (= 3), z += 0 (= 0)`."""
    sent = ", ".join(
        f"{trace.node(part.to).label} += {format_number(part.grad)} "
        f"(= {format_number(part.accumulated)})"
        for part in step.contributions)
    label = trace.node(step.node).label
    return f"{label}: upstream {format_number(step.upstream)} → {sent}"
