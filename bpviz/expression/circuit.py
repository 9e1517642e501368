"""A formula built into an engine graph, ready for the backward pass or a recorded trace."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import NamedTuple

from bpviz.engine import Graph, Naming, Node, NonFiniteError, Trace, record_trace
from bpviz.expression.errors import non_finite_error
from bpviz.expression.parse import Formula


class Circuit(NamedTuple):
    """The graph of formula `text`: `output` is the whole formula, `variables` its inputs
    (frozen: a named tuple, as every update makes one).

    `variables` is ordered by first appearance in the text; `columns` maps the id of
    every number and operation node to the column where its subexpression starts.
    """

    text: str
    graph: Graph
    output: Node
    variables: dict[str, Node]
    columns: Mapping[int, int]
    formula: Formula | None = None  # the parsed text, to build the circuit again at new values

    @property
    def value(self) -> float:
        """The value of the formula at the given values (0.0 rather than -0.0)."""
        return self.output.item() + 0.0


def gradients(circuit: Circuit) -> dict[str, float]:
    """Run the backward pass; ∂f/∂v for every variable v, in order of first appearance."""
    try:  # as located_non_finite does, without a context manager's cost on every pass
        circuit.graph.backward(circuit.output)
    except NonFiniteError as error:
        raise non_finite_error(error, circuit.columns.get(error.node_id)) from None
    grads = {}
    for name, node in circuit.variables.items():
        # Adding 0.0 turns a gradient of -0.0 into 0.0, which reads better.
        grad = node.grad_item()
        grads[name] = 0.0 if grad is None else grad + 0.0
    return grads


def trace_circuit(circuit: Circuit) -> Trace:
    """Record every forward and backward step of the circuit (see bpviz.engine.record_trace)."""
    with located_non_finite(circuit):
        return record_trace(circuit.graph, circuit.output, Naming(output="f"))


@contextmanager
def located_non_finite(circuit: Circuit) -> Iterator[None]:
    """Turn the engine's NonFiniteError into an ExpressionError with the subexpression's column."""
    try:
        yield
    except NonFiniteError as error:
        raise non_finite_error(error, circuit.columns.get(error.node_id)) from None
