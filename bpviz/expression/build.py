"""From a checked formula and the variables' values to an engine graph."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

from bpviz.engine import Graph, Node, NonFiniteError
from bpviz.engine.ops import Op
from bpviz.expression.circuit import Circuit
from bpviz.expression.errors import ExpressionError, non_finite_error
from bpviz.expression.parse import OPERATION, VARIABLE, Formula, parse


def build_circuit(text: str, values: Mapping[str, float],
                  max_nodes: int | None = None) -> Circuit:
    """Parse `text` and build its graph at `values` (one value per variable, no others).

    A variable used twice is one node with two children, so its gradient is the sum
    of both contributions; literal numbers become constants, which get no gradient.
    With `max_nodes`, a formula whose graph would have more nodes is refused.
    """
    return circuit_of(parse(text, max_nodes), values)


def circuit_of(formula: Formula, values: Mapping[str, float]) -> Circuit:
    """The graph of a parsed `formula` at `values`: what an update rebuilds, the text
    being parsed once."""
    text = formula.text
    checked = _checked_values(formula.variables, values)
    graph = Graph()
    # Variables first, so their ids are 0, 1, … in order of first appearance.
    variables = {name: graph.variable(checked[name], label=name) for name in formula.variables}
    nodes: list[Node] = []
    columns: dict[int, int] = {}
    ops: dict[type[Op], Op] = {}  # the formula's ops hold no settings: one object each
    for term in formula.terms:
        if term.kind == OPERATION:  # most terms: spelt out here, not in _node
            op, args = ops.get(term.op) or ops.setdefault(term.op, term.op()), term.args
            try:  # one or two operands, passed as such (a *-call costs more than the op)
                node = (graph.apply(op, nodes[args[0]], nodes[args[1]], label=term.label)
                        if len(args) == 2 else graph.apply(op, nodes[args[0]], label=term.label))
            except NonFiniteError as error:
                raise non_finite_error(error, term.column) from None
        elif term.kind == VARIABLE:
            node = variables[term.label]
        else:
            node = graph.constant(term.value, label=term.label)
        nodes.append(node)
        columns.setdefault(node.id, term.column)
    return Circuit(text, graph, nodes[-1], variables, MappingProxyType(columns), formula)


def _checked_values(names: tuple[str, ...], values: Mapping[str, float]) -> dict[str, float]:
    """Every variable's value as a finite float; raise ExpressionError naming what is wrong."""
    for name in names:
        if name not in values:
            raise ExpressionError(f"no value for variable '{name}'")
    for name in values:
        if name not in names:
            raise ExpressionError(f"'{name}' is not a variable of the expression")
    return {name: _finite(name, values[name]) for name in names}


def _finite(name: str, value: object) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ExpressionError(f"the value of '{name}' is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ExpressionError(f"the value of '{name}' is not finite ({number})")
    return number
