"""A recorded forward and backward pass as plain, frozen data that a viewer replays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import numpy as np

from bpviz.engine.graph import Graph
from bpviz.engine.node import OP, VARIABLE, Node

FORWARD, BACKWARD = "forward", "backward"


def frozen_copy(array: np.ndarray) -> np.ndarray:
    """A read-only copy, so nothing recorded can change after the fact."""
    copy = np.array(array, copy=True)
    copy.setflags(write=False)
    return copy


@dataclass(frozen=True)
class NodeInfo:
    """What a viewer needs to draw a node: its id, op, label, ordered parents and shape."""

    id: int
    kind: str
    op: str
    label: str
    parents: tuple[int, ...]
    shape: tuple[int, ...]


@dataclass(frozen=True)
class ForwardStep:
    """Node `node` computed `value`."""

    node: int
    value: np.ndarray
    phase: str = FORWARD


@dataclass(frozen=True)
class Contribution:
    """The downstream gradient sent to parent `to`, its local formula, and the parent's total after it."""

    to: int
    grad: np.ndarray
    accumulated: np.ndarray
    formula: str


@dataclass(frozen=True)
class BackwardStep:
    """Node `node` received `upstream` and sent one contribution to each parent needing it."""

    node: int
    upstream: np.ndarray
    contributions: tuple[Contribution, ...]
    phase: str = BACKWARD


Step = ForwardStep | BackwardStep


@dataclass(frozen=True)
class Trace:
    """Nodes, the leaves' values, then every forward step followed by every backward step."""

    nodes: tuple[NodeInfo, ...]
    leaf_values: Mapping[int, np.ndarray]
    steps: tuple[Step, ...]
    output: int

    @property
    def forward_count(self) -> int:
        return sum(1 for step in self.steps if step.phase == FORWARD)

    @property
    def output_value(self) -> np.ndarray:
        """The value the trace computes: its last forward step's, or the output leaf's own."""
        for step in reversed(self.steps):
            if step.phase == FORWARD:
                return step.value
        return self.leaf_values[self.output]

    def node(self, node_id: int) -> NodeInfo:
        """The node with this id."""
        return self.nodes[self._index[node_id]]

    @cached_property
    def _index(self) -> dict[int, int]:
        return {info.id: position for position, info in enumerate(self.nodes)}

    def variables(self) -> tuple[NodeInfo, ...]:
        """The variable leaves (inputs and parameters), in id order."""
        return tuple(info for info in self.nodes if info.kind == VARIABLE)


def _node_info(node: Node) -> NodeInfo:
    op = node.op.describe() if node.op else node.kind
    return NodeInfo(node.id, node.kind, op, node.label,
                    tuple(parent.id for parent in node.parents), node.shape)


def record_trace(graph: Graph, output: Node) -> Trace:
    """Run the forward and backward pass for `output`, recording every step."""
    nodes = graph.ancestors(output)
    leaves = {node.id: frozen_copy(node.value) for node in nodes if node.kind != OP}
    steps: list[Step] = [ForwardStep(node.id, frozen_copy(node.value))
                         for node in graph.forward_steps(output)]
    for node, sent in graph.backward_steps(output):
        names = [parent.label for parent in node.parents]
        contributions = tuple(
            Contribution(parent.id, frozen_copy(downstream), frozen_copy(accumulated),
                         node.op.formula(index, names))
            for index, parent, downstream, accumulated in sent)
        steps.append(BackwardStep(node.id, frozen_copy(node.grad), contributions))
    return Trace(tuple(_node_info(node) for node in nodes), MappingProxyType(leaves),
                 tuple(steps), output.id)
