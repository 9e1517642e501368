"""The graph that owns its nodes: building, forward evaluation and backpropagation."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from bpviz.engine.broadcast import reduce_to_shape
from bpviz.engine.errors import NonFiniteError, non_finite_kind
from bpviz.engine.local import Local
from bpviz.engine.node import CONSTANT, OP, VARIABLE, Node
from bpviz.engine.ops import Op
from bpviz.errors import BpvizError
from bpviz.formatting import label_for, shape_text

# One entry per gradient a node sends back: (parent index, parent, the local derivative,
# the downstream gradient it gave, the parent's gradient right after it was added).
Sent = tuple[int, Node, Local, np.ndarray, np.ndarray]


class ShapeError(BpvizError):
    """An operation was given operands whose shapes do not fit."""


class Graph:
    """A computation graph. Node ids are indices into `nodes`, hence a topological order."""

    def __init__(self, dtype: type = np.float64) -> None:
        self.dtype = np.dtype(dtype)
        self.nodes: list[Node] = []
        self._variable_labels: set[str] = set()

    def _add(self, kind: str, op: Op | None, parents: tuple[Node, ...], label: str,
             value: np.ndarray) -> Node:
        node = Node(self, len(self.nodes), kind, op, parents, label, value)
        self.nodes.append(node)
        return node

    def _leaf_value(self, value, label: str) -> np.ndarray:
        array = np.array(value, dtype=self.dtype)
        if not np.isfinite(array).all():
            raise NonFiniteError(len(self.nodes), label, "forward", non_finite_kind(array))
        return array

    def variable(self, value, label: str) -> Node:
        """A leaf we want the gradient for (an input or a parameter); labels are unique."""
        if label in self._variable_labels:
            raise ValueError(f"the graph already has a variable labelled {label!r}")
        node = self._add(VARIABLE, None, (), label, self._leaf_value(value, label))
        self._variable_labels.add(label)
        return node

    def constant(self, value, label: str | None = None) -> Node:
        """A leaf that receives no gradient (a literal number, data, targets)."""
        label = label if label is not None else label_for(value)
        return self._add(CONSTANT, None, (), label, self._leaf_value(value, label))

    def lift(self, value) -> Node:
        """A node as it is, or a number or array as a new constant."""
        if isinstance(value, Node):
            if value.graph is not self:
                raise ValueError("cannot combine nodes of two different graphs")
            return value
        return self.constant(value)

    def apply(self, op: Op, *parents: Node, label: str | None = None) -> Node:
        """A new node computing `op` of `parents`, evaluated at once."""
        size = len(self.nodes)
        try:
            parents = tuple(self.lift(parent) for parent in parents)
            node = self._add(OP, op, parents, label if label is not None else op.name, None)
            node.value = self._compute(node)
        except Exception:
            del self.nodes[size:]  # neither a failed node nor constants made for it stay
            raise
        return node

    def _compute(self, node: Node) -> np.ndarray:
        inputs = tuple(parent.value for parent in node.parents)
        try:
            with np.errstate(all="ignore"):
                value = np.asarray(node.op.forward(*inputs))
        except ValueError as error:
            shapes = " and ".join(shape_text(array.shape) for array in inputs)
            raise ShapeError(f"node {node.id} '{node.label}': cannot apply {node.op.describe()} "
                             f"to shapes {shapes} ({error})") from None
        if not np.isfinite(value).all():
            raise NonFiniteError(node.id, node.label, "forward", non_finite_kind(value))
        return value

    def ancestors(self, output: Node) -> list[Node]:
        """`output` and every node it depends on, in topological (id) order; no recursion."""
        seen = {output.id}
        stack = [output]
        while stack:
            for parent in stack.pop().parents:
                if parent.id not in seen:
                    seen.add(parent.id)
                    stack.append(parent)
        return [self.nodes[node_id] for node_id in sorted(seen)]

    def forward_steps(self, output: Node) -> Iterator[Node]:
        """Recompute every op node `output` depends on, in order, yielding each one."""
        for node in self.ancestors(output):
            if node.kind == OP:
                node.value = self._compute(node)
                yield node

    def evaluate(self, output: Node) -> np.ndarray:
        """Recompute `output` from the current leaf values."""
        for _ in self.forward_steps(output):
            pass
        return output.value

    def backward_steps(self, output: Node) -> Iterator[tuple[Node, list[Sent]]]:
        """Backpropagate from `output` (seeded with ones), yielding what each node sends.

        Nodes are visited in reverse topological order, so a node's gradient is complete
        before it is used; gradients arriving from several children are added.
        """
        order = self.ancestors(output)
        for node in order:
            node.grad = None
        output.grad = np.ones_like(output.value)
        for node in reversed(order):
            if node.kind == OP and node.requires_grad:
                yield node, self._send_back(node)

    def _send_back(self, node: Node) -> list[Sent]:
        inputs = tuple(parent.value for parent in node.parents)
        sent = []
        for index, parent in enumerate(node.parents):
            if not parent.requires_grad:
                continue
            with np.errstate(all="ignore"):
                local = node.op.local(index, inputs, node.value)
                spread = local.apply(node.grad)
            downstream = reduce_to_shape(np.asarray(spread, dtype=parent.value.dtype), parent.shape)
            if not np.isfinite(downstream).all():
                raise NonFiniteError(node.id, node.label, "backward", non_finite_kind(downstream))
            parent.grad = (downstream.copy() if parent.grad is None
                           else np.asarray(parent.grad + downstream))
            sent.append((index, parent, local, downstream, parent.grad))
        return sent

    def backward(self, output: Node) -> None:
        """Fill `grad` of every node `output` depends on."""
        for _ in self.backward_steps(output):
            pass

    def variables(self) -> list[Node]:
        """The variable leaves, in id order."""
        return [node for node in self.nodes if node.kind == VARIABLE]

