"""`bpviz grad EXPR NAME=VALUE ...`: a formula's value and its gradient."""

from __future__ import annotations

import argparse

from bpviz.cli.common import (
    add_formula_arguments, circuit_from, format_number, gradient_lines, one_line, print_json,
)
from bpviz.expression import gradients

NAME = "grad"
HELP = "print a formula's value and its gradient with respect to every variable"
EXAMPLE = "example: bpviz grad '(x+y)*max(y,z)' x=1 y=2 z=0"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_formula_arguments(parser)


def run(args: argparse.Namespace) -> int:
    circuit = circuit_from(args)
    grads = gradients(circuit)
    if args.json:
        print_json({"expr": circuit.text, "value": circuit.value, "grad": grads})
        return 0
    print(f"f = {one_line(circuit.text)} = {format_number(circuit.value)}")
    for line in gradient_lines(grads):
        print(line)
    return 0
