"""The lecture-4 lesson: a formula such as (x+y)·max(y,z) as a circuit of gates."""

from __future__ import annotations

from collections.abc import Mapping

from bpviz.engine import GradcheckReport, Trace, gradcheck
from bpviz.expression import build_circuit, circuit_of, gradients, trace_circuit

LECTURE_FORMULA = "(x+y)*max(y,z)"
LECTURE_VALUES = {"x": 1.0, "y": 2.0, "z": 0.0}
# Most nodes of a formula on the stage, which draws a card and records a step for each
# (the command line takes any formula Python's parser does).
MAX_NODES = 1_000


class ExpressionLesson:
    """A formula at given values; updating moves every variable against its gradient."""

    title = "Expression circuit"
    output = "f"

    def __init__(self, text: str = LECTURE_FORMULA,
                 values: Mapping[str, float] = LECTURE_VALUES) -> None:
        # Raises ExpressionError on a bad formula, or one of more than MAX_NODES nodes.
        self.circuit = build_circuit(text, values, MAX_NODES)

    @property
    def values(self) -> dict[str, float]:
        """Each variable's current value, in order of first appearance."""
        return {name: node.item() for name, node in self.circuit.variables.items()}

    def values_in(self, trace: Trace) -> dict[str, float]:
        """Each variable's value in the pass `trace` recorded (an earlier one, or the
        current), by name; a variable the trace does not have is left out."""
        known = {info.label: info.id for info in trace.variables()}
        return {name: float(trace.leaf_values[known[name]]) for name in self.values
                if name in known}

    def record(self) -> Trace:
        return trace_circuit(self.circuit)

    def gradcheck(self) -> GradcheckReport:
        return gradcheck(self.circuit.graph, self.circuit.output)

    def update(self, lr: float) -> Trace:
        grads = gradients(self.circuit)
        values = {name: value - lr * grads[name] for name, value in self.values.items()}
        circuit = circuit_of(self.circuit.formula, values)  # the same text, parsed once
        trace = trace_circuit(circuit)
        self.circuit = circuit  # only once the new values gave a finite pass
        return trace
