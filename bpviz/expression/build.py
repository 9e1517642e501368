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
    being parsed once (and what does not depend on the values worked out once too)."""
    steps, columns = formula.cache.get("build") or formula.cache.setdefault(
        "build", _build_steps(formula))
    checked = _checked_values(formula.variables, values)
    graph = Graph()
    # Variables first, so their ids are 0, 1, … in order of first appearance.
    variable = graph.variable
    variables = {name: variable(value, name) for name, value in checked.items()}
    nodes: list[Node] = [*variables.values()]  # each term's node, after the variables
    combine, append = graph.combine, nodes.append
    for op, first, second, label in steps:
        try:  # arguments by position (keywords and *-calls cost more than the op)
            if op is None:  # a number (`first` its value)
                append(graph.constant(first, label))
            elif second is None:
                append(combine(op, (nodes[first],), label))
            else:
                append(combine(op, (nodes[first], nodes[second]), label))
        except NonFiniteError as error:
            raise non_finite_error(error, columns.get(error.node_id)) from None
    return Circuit(formula.text, graph, nodes[-1], variables, columns, formula)


def _build_steps(formula: Formula) -> tuple[tuple, MappingProxyType]:
    """What `circuit_of` does for each number and operation term (op, the positions of
    its operands among the nodes, label; a number: None, its value, None, label), and
    the column of each node id, which the order of the terms fixes."""
    ids = {name: index for index, name in enumerate(formula.variables)}
    position = {}  # a term's index → its node's place in circuit_of's node list
    columns: dict[int, int] = {}
    steps = []
    ops: dict[type[Op], Op] = {}  # the formula's ops hold no settings: one object each
    for index, term in enumerate(formula.terms):
        if term.kind == VARIABLE:
            node_id = ids[term.label]
        else:
            node_id = len(ids) + len(steps)
            if term.kind == OPERATION:
                op = ops.get(term.op) or ops.setdefault(term.op, term.op())
                operands = [position[arg] for arg in term.args] + [None]
                steps.append((op, operands[0], operands[1], term.label))
            else:
                steps.append((None, term.value, None, term.label))
        position[index] = node_id
        columns.setdefault(node_id, term.column)
    return tuple(steps), MappingProxyType(columns)


def _checked_values(names: tuple[str, ...], values: Mapping[str, float]) -> dict[str, float]:
    """Every variable's value as a finite float; raise ExpressionError naming what is wrong."""
    checked = {}
    for name in names:
        value = values.get(name)  # a finite float as it is (inf − inf and nan − nan are nan)
        checked[name] = value if type(value) is float and value - value == 0.0 \
            else _finite(name, values)
    if len(values) != len(names):  # every name has a value: some value has no name
        known = set(names)
        extra = next(name for name in values if name not in known)
        raise ExpressionError(f"'{extra}' is not a variable of the expression")
    return checked


def _finite(name: str, values: Mapping[str, float]) -> float:
    if name not in values:
        raise ExpressionError(f"no value for variable '{name}'")
    value = values[name]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ExpressionError(f"the value of '{name}' is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ExpressionError(f"the value of '{name}' is not finite ({number})")
    return number
