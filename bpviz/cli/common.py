"""What the formula subcommands share: their arguments, NAME=VALUE pairs, number output."""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np

from bpviz.cli.parser import UsageError
from bpviz.expression import Circuit, build_circuit
from bpviz.formatting import number, shape_text


def add_formula_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """EXPR, NAME=VALUE ... and --json."""
    parser.add_argument("expr", metavar="EXPR", nargs=None if required else "?",
                        help="a formula such as '(x+y)*max(y,z)' (quote it for the shell)")
    parser.add_argument("assignments", metavar="NAME=VALUE", nargs="*", default=[],
                        help="the value of every variable, e.g. x=1 y=2 z=0")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def circuit_from(args: argparse.Namespace) -> Circuit:
    """The formula of the command line, built at the given values."""
    return build_circuit(args.expr, parse_assignments(args.assignments))


def parse_assignments(pairs: list[str]) -> dict[str, float]:
    """`["x=1", "y=-2"]` as `{"x": 1.0, "y": -2.0}`; raise UsageError naming a bad pair."""
    values: dict[str, float] = {}
    for pair in pairs:
        name, equals, text = pair.partition("=")
        # Python reads identifiers in NFKC form (ｘ is x), so the names here must be too.
        name = unicodedata.normalize("NFKC", name.strip())
        if not equals or not name.isidentifier():
            raise UsageError(f"expected NAME=VALUE, got {pair!r}")
        if name in values:
            raise UsageError(f"'{name}' is given twice")
        try:
            values[name] = float(text)
        except ValueError:
            raise UsageError(f"the value of '{name}' is not a number: {text!r}") from None
    return values


def format_number(value: float) -> str:
    """Up to 10 significant digits in plain ASCII, to paste back: `6`, `0.3`, `1e-5`; never `-0`."""
    return number(value, 10, minus="-")


def format_value(value) -> str:
    """A number as format_number; an array as its shape and first entries: `8: [0.1, -0.2, …]`."""
    array = np.asarray(value)
    if array.ndim == 0:
        return format_number(array)
    entries = ", ".join(number(v, 4, minus="-") for v in array.ravel()[:4])
    more = ", …" if array.size > 4 else ""
    return f"{shape_text(array.shape)}: [{entries}{more}]"


def one_line(text: str) -> str:
    """A formula as it reads on one line of output."""
    return " ".join(text.split())


def gradient_lines(grads: Mapping[str, Any], output: str = "f") -> list[str]:
    """`∂f/∂x = 2`, one line per variable."""
    return [f"∂{output}/∂{name} = {format_value(grad)}" for name, grad in grads.items()]


def print_json(data: Mapping[str, Any]) -> None:
    """One line of JSON on stdout."""
    print(json.dumps(data))
