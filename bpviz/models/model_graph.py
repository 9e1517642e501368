"""A model built into an engine graph: its objective node and its parameters' variable nodes."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpviz.engine import Graph, Naming, Node, Trace, record_trace


@dataclass(frozen=True)
class ModelGraph:
    """`output` is the objective J; `variables` maps each parameter name to its variable node;
    `naming` is how the lecture writes the model's nodes (J, x_museums, s, δ = ∂s/∂z)."""

    graph: Graph
    output: Node
    variables: dict[str, Node]
    naming: Naming = field(default_factory=lambda: Naming(output="J"))

    def gradients(self) -> dict[str, np.ndarray]:
        """Backpropagate from J; ∂J/∂θ for every parameter, by name."""
        self.graph.backward(self.output)
        return {name: node.grad for name, node in self.variables.items()}

    def trace(self) -> Trace:
        """The recorded forward and backward pass, for the viewer."""
        return record_trace(self.graph, self.output, self.naming)
