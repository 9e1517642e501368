"""A model built into an engine graph: its objective node and its parameters' variable nodes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine import Graph, Node, Trace, record_trace


@dataclass(frozen=True)
class ModelGraph:
    """`output` is the objective J; `variables` maps each parameter name to its variable node."""

    graph: Graph
    output: Node
    variables: dict[str, Node]

    def gradients(self) -> dict[str, np.ndarray]:
        """Backpropagate from J; ∂J/∂θ for every parameter, by name."""
        self.graph.backward(self.output)
        return {name: node.grad for name, node in self.variables.items()}

    def trace(self) -> Trace:
        """The recorded forward and backward pass, for the viewer."""
        return record_trace(self.graph, self.output)
