"""Formulas typed by a user, such as `(x+y)*max(y,z)`, as engine circuits.

Only numbers, variables, + - * / **, signs, parentheses and calls of exp, log, sqrt,
abs, tanh, sigmoid, relu, max and min are accepted; the text is inspected, never run.
"""

from bpviz.expression.build import build_circuit, circuit_of
from bpviz.expression.circuit import Circuit, gradients, trace_circuit
from bpviz.expression.errors import ExpressionError
from bpviz.expression.parse import variable_names
from bpviz.expression.syntax import MAX_LENGTH
from bpviz.expression.whitelist import FUNCTIONS

__all__ = [
    "FUNCTIONS", "MAX_LENGTH", "Circuit", "ExpressionError", "build_circuit", "circuit_of",
    "gradients", "trace_circuit", "variable_names",
]
