"""A recorded forward and backward pass as plain, frozen data that a viewer replays.

Every record is a named tuple (frozen, and cheap to make: a 62-node circuit records
about 250 of them an update); every number is a read-only copy: an array, or for a
scalar the graph kept as a Python float a NumPy float, which is immutable and reads as
a 0-d array does (`ndim`, `shape`, `item`, `np.asarray`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from bpviz.engine.graph import Graph
from bpviz.engine.local import Local
from bpviz.engine.node import OP, VARIABLE, Node
from bpviz.engine.notation import Naming
from bpviz.engine.ops import Op, op_class

FORWARD, BACKWARD = "forward", "backward"
_NO_SETTINGS: Mapping[str, Any] = MappingProxyType({})
_FLOAT64 = np.float64


def frozen_copy(value: np.ndarray | float) -> np.ndarray | np.float64:
    """A read-only copy, so nothing recorded can change after the fact; a Python float
    becomes a NumPy float (immutable, no copy needed)."""
    if type(value) is float:
        return _FLOAT64(value)
    copy = np.array(value, copy=True)
    copy.setflags(write=False)
    return copy


class NodeInfo(NamedTuple):
    """What a viewer needs to draw a node: its id, kind, op, label, ordered parents and shape.

    `op` is the op's class name ("" for a leaf) and `settings` its settings as data (a
    slope, an axis, the looked-up rows): structure, never prose to parse.
    """

    id: int
    kind: str
    op: str
    label: str
    parents: tuple[int, ...]
    shape: tuple[int, ...]
    settings: Mapping[str, Any] = _NO_SETTINGS

    @property
    def op_class(self) -> type[Op] | None:
        """The class that declares this node's op (its maths and presentation); None for a leaf."""
        return op_class(self.op) if self.op else None

    def is_op(self, cls: type[Op]) -> bool:
        """Whether the node computes exactly op `cls` (a subclass is another op)."""
        return self.op_class is cls

    @property
    def caption(self) -> str:
        """The op as a node's caption (`add`, `max-margin`); "" for a leaf."""
        presenter = self.presenter()
        return presenter.caption if presenter else ""

    def presenter(self) -> Op | None:
        """An op object with this node's settings, to write its formulas; None for a leaf."""
        cls = self.op_class
        return cls.presenting(self.settings) if cls else None


class ForwardStep(NamedTuple):
    """Node `node` computed `value`."""

    node: int
    value: np.ndarray
    phase: str = FORWARD


class Contribution(NamedTuple):
    """What a node sent to its input `index` (parent `to`): the chain rule as data,
    `downstream = local applied to upstream` (reduced to the parent's shape), and the
    parent's gradient right after this contribution was added."""

    to: int
    index: int
    upstream: np.ndarray
    local: Local
    downstream: np.ndarray
    accumulated: np.ndarray


class BackwardStep(NamedTuple):
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
    naming: Naming = field(default_factory=Naming)
    # For each score s of the naming: the backward steps of a pass seeded at s (∂s/∂s = 1),
    # one for every node whose gradient reaches the output only through s.
    score_steps: Mapping[int, Mapping[int, BackwardStep]] = field(
        default_factory=lambda: MappingProxyType({}))

    def score_of(self, node_id: int) -> int | None:
        """The score the node reaches the output through alone (s for h, z, Wx), if any."""
        return next((score for score, steps in self.score_steps.items() if node_id in steps),
                    None)

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


def _frozen_setting(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return tuple(value.tolist())
    if isinstance(value, list):
        return tuple(value)
    return value


def _node_info(node: Node) -> NodeInfo:
    parents = tuple([parent.id for parent in node.parents])
    if node.op is None:
        return NodeInfo(node.id, node.kind, "", node.label, parents, node.shape, _NO_SETTINGS)
    settings = node.op.settings()
    return NodeInfo(node.id, node.kind, type(node.op).__name__, node.label, parents,
                    node.shape, MappingProxyType({key: _frozen_setting(value) for key, value
                                                  in settings.items()})
                    if settings else _NO_SETTINGS)


def _backward_step(node: Node, sent) -> BackwardStep:
    upstream = frozen_copy(node._grad)
    contributions = []
    for index, parent, local, downstream, accumulated in sent:
        contributions.append(Contribution(parent.id, index, upstream, local.frozen(),
                                          frozen_copy(downstream), frozen_copy(accumulated)))
    return BackwardStep(node.id, upstream, tuple(contributions))


def dominated(nodes: list[Node], output: Node, score: Node) -> set[int]:
    """The nodes whose every path to `output` passes through `score` (score included)."""
    children: dict[int, list[int]] = {node.id: [] for node in nodes}
    for node in nodes:
        for parent in node.parents:
            children[parent.id].append(node.id)
    inside = {score.id}
    for node in reversed(nodes):
        if node.id < score.id and children[node.id] and all(
                child in inside for child in children[node.id]):
            inside.add(node.id)
    return inside


def _score_steps(graph: Graph, output: Node, nodes: list[Node],
                 naming: Naming) -> dict[int, Mapping[int, BackwardStep]]:
    """A backward pass from each score, kept where it is the only way to the output."""
    passes = {}
    for score_id in naming.scores:
        score = graph.nodes[score_id]
        inside = dominated(nodes, output, score)
        passes[score_id] = MappingProxyType({
            node.id: _backward_step(node, sent)
            for node, sent in graph.backward_steps(score) if node.id in inside})
    return passes


def record_trace(graph: Graph, output: Node, naming: Naming = Naming()) -> Trace:
    """Run the forward and backward pass for `output`, recording every step; with a
    `naming` that has scores, also each score's own backward pass."""
    nodes = graph.ancestors(output)
    leaves = {node.id: frozen_copy(node._value) for node in nodes if node.kind != OP}
    steps: list[Step] = [ForwardStep(node.id, frozen_copy(node._value))
                         for node in graph.forward_steps(output)]
    score_steps = _score_steps(graph, output, nodes, naming)
    # The output's pass runs last, so the graph is left holding ∂output/∂θ.
    steps.extend(_backward_step(node, sent)
                 for node, sent in graph.backward_steps(output))
    return Trace(tuple(_node_info(node) for node in nodes), MappingProxyType(leaves),
                 tuple(steps), output.id, naming.frozen(), MappingProxyType(score_steps))
