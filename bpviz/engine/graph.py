"""The graph that owns its nodes: building, forward evaluation and backpropagation."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from bpviz.engine.broadcast import reduce_to_shape
from bpviz.engine.errors import NonFiniteError, non_finite_kind
from bpviz.engine.local import Local, frozen_product
from bpviz.engine.node import CONSTANT, OP, VARIABLE, Node
from bpviz.engine.ops import Op
from bpviz.engine.ops.base import QUIET
from bpviz.errors import BpvizError
from bpviz.formatting import label_for, shape_text

# One entry per gradient a node sends back: (parent index, parent, the local derivative,
# the downstream gradient it gave, the parent's gradient right after it was added); the
# two gradients are floats where the graph keeps floats.
Sent = tuple[int, Node, Local, np.ndarray | float, np.ndarray | float]


_FLOAT64 = np.dtype(np.float64)


class ShapeError(BpvizError):
    """An operation was given operands whose shapes do not fit."""


class Graph:
    """A computation graph. Node ids are indices into `nodes`, hence a topological order.

    A scalar leaf given as a Python number in a float64 graph is kept as a float, and so
    is every node an op computes from floats alone (see `Op.on_floats`): the same IEEE
    numbers as NumPy's, at the cost of Python's arithmetic. Anything unusual (a zero
    divisor, an overflow) is redone by NumPy, which reports it as for arrays.
    """

    def __init__(self, dtype: type = np.float64) -> None:
        self.dtype = _FLOAT64 if dtype is np.float64 else np.dtype(dtype)
        self.nodes: list[Node] = []
        self._variable_labels: set[str] = set()
        self._floats = self.dtype == np.float64

    def _add(self, kind: str, op: Op | None, parents: tuple[Node, ...], label: str,
             value, requires_grad: bool) -> Node:
        node = Node(self, len(self.nodes), kind, op, parents, label, value, requires_grad)
        self.nodes.append(node)
        return node

    def _leaf_value(self, value, label: str) -> np.ndarray | float:
        if self._floats and type(value) in (float, int):
            number = float(value)
            if number - number == 0.0:  # finite: inf − inf and nan − nan are nan
                return number
        array = np.array(value, dtype=self.dtype)
        if not np.isfinite(array).all():
            raise NonFiniteError(len(self.nodes), label, "forward", non_finite_kind(array))
        return array

    def variable(self, value, label: str) -> Node:
        """A leaf we want the gradient for (an input or a parameter); labels are unique."""
        labels = self._variable_labels
        if label in labels:
            raise ValueError(f"the graph already has a variable labelled {label!r}")
        if not (type(value) is float and self._floats and value - value == 0.0):
            value = self._leaf_value(value, label)  # a finite float is kept as it is
        node = Node(self, len(self.nodes), VARIABLE, None, (), label, value, True)
        self.nodes.append(node)
        labels.add(label)
        return node

    def constant(self, value, label: str | None = None) -> Node:
        """A leaf that receives no gradient (a literal number, data, targets)."""
        label = label if label is not None else label_for(value)
        return self._add(CONSTANT, None, (), label, self._leaf_value(value, label), False)

    def lift(self, value) -> Node:
        """A node as it is, or a number or array as a new constant."""
        if isinstance(value, Node):
            if value.graph is not self:
                raise ValueError("cannot combine nodes of two different graphs")
            return value
        return self.constant(value)

    def apply(self, op: Op, *parents: Node, label: str | None = None) -> Node:
        """A new node computing `op` of `parents` (numbers and arrays become constants),
        evaluated at once."""
        for parent in parents:  # loops, not comprehensions: this runs for every node
            if type(parent) is not Node or parent.graph is not self:
                size = len(self.nodes)
                try:
                    return self.combine(op, tuple([self.lift(parent) for parent in parents]),
                                        label)
                except Exception:
                    del self.nodes[size:]  # nor do the constants made for a failed node stay
                    raise
        return self.combine(op, parents, label)

    def combine(self, op: Op, parents: tuple[Node, ...], label: str | None = None) -> Node:
        """`apply` for parents that are already nodes of this graph, given as a tuple (a
        builder holding its nodes calls this: fixed arguments cost less to pass)."""
        nodes = self.nodes
        label = op.name if label is None else label
        floats = op.floats
        if floats is not None:  # value and factors in one call where inputs are floats
            first = parents[0]
            if len(parents) == 1:
                a = first._value
                fused = floats(a) if type(a) is float else None
                requires_grad = first.requires_grad
            else:
                second = parents[1]
                a, b = first._value, second._value
                fused = floats(a, b) if type(a) is float and type(b) is float else None
                requires_grad = first.requires_grad or second.requires_grad
            if fused is not None:
                value, factors = fused
                if value - value == 0.0:  # else NumPy says why
                    node = Node(self, len(nodes), OP, op, parents, label, value, requires_grad,
                                factors)
                    nodes.append(node)
                    return node
        requires_grad = any(parent.requires_grad for parent in parents)
        node = Node(self, len(nodes), OP, op, parents, label, None, requires_grad)
        nodes.append(node)
        try:
            value = _float_forward(node) if op.on_floats else None
            node._value = self._compute(node) if value is None else value
        except Exception:
            nodes.pop()  # a failed node does not stay
            raise
        return node

    def _compute(self, node: Node) -> np.ndarray | float:
        """The node's value from its parents'; a scalar of floats also keeps its factors."""
        op = node.op
        node.factors = None
        if op.on_floats:
            value = _float_forward(node)
            if value is not None:
                return value
        inputs = tuple([np.asarray(parent._value) for parent in node.parents])
        try:
            with np.errstate(all="ignore"):
                value = np.asarray(op.forward(*inputs))
        except ValueError as error:
            shapes = " and ".join(shape_text(array.shape) for array in inputs)
            raise ShapeError(f"node {node.id} '{node.label}': cannot apply {op.describe()} "
                             f"to shapes {shapes} ({error})") from None
        if not np.isfinite(value).all():
            raise NonFiniteError(node.id, node.label, "forward", non_finite_kind(value))
        return value

    def ancestors(self, output: Node) -> list[Node]:
        """`output` and every node it depends on, in topological (id) order; no recursion."""
        return self._last_first(output)[::-1]

    def _last_first(self, output: Node) -> list[Node]:
        """`output` and every node it depends on, in reverse topological order: one walk
        down the ids, keeping the nodes a kept node reads."""
        last = output.id
        needed = [False] * (last + 1)
        needed[last] = True
        order = []
        for node in reversed(self.nodes[:last + 1]):
            if needed[node.id]:
                order.append(node)
                for parent in node.parents:
                    needed[parent.id] = True
        return order

    def forward_steps(self, output: Node) -> Iterator[Node]:
        """Recompute every op node `output` depends on, in order, yielding each one."""
        for node in self.ancestors(output):
            if node.kind == OP:
                node._value = self._compute(node)
                yield node

    def evaluate(self, output: Node) -> np.ndarray:
        """Recompute `output` from the current leaf values."""
        for _ in self.forward_steps(output):
            pass
        return output.value

    def _seeded(self, output: Node) -> list[Node]:
        """The nodes `output` depends on, last first, gradients cleared and
        ∂output/∂output = 1."""
        order = self._last_first(output)
        for node in order:
            node._grad = None
        value = output._value
        output._grad = 1.0 if type(value) is float else np.ones_like(value)
        return order

    def backward_steps(self, output: Node) -> Iterator[tuple[Node, list[Sent]]]:
        """Backpropagate from `output` (seeded with ones), yielding what each node sends.

        Nodes are visited in reverse topological order, so a node's gradient is complete
        before it is used; gradients arriving from several children are added.
        """
        for node in self._seeded(output):
            if node.op is not None and node.requires_grad:
                yield node, self._send_back(node)

    def backward(self, output: Node) -> None:
        """Fill `grad` of every node `output` depends on (as `backward_steps`, unrecorded).

        One walk down the ids: a node is an ancestor once a child that is one reaches it,
        and the first gradient to reach a node replaces what it held (so no pass first
        finds the ancestors and clears their gradients)."""
        last = output.id
        reached = [False] * (last + 1)
        reached[last] = True
        value = output._value
        output._grad = 1.0 if type(value) is float else np.ones_like(value)
        for node in reversed(self.nodes[:last + 1]):
            if not reached[node.id] or node.op is None:
                continue
            factors, upstream = node.factors, node._grad
            if factors is None or type(upstream) is not float or not node.requires_grad:
                for parent in node.parents:  # NumPy's pass, or none: cleared for it
                    if not reached[parent.id]:
                        reached[parent.id] = True
                        parent._grad = None
                if node.requires_grad:
                    self._send_back_arrays(node)
                continue
            for parent, factor in zip(node.parents, factors):  # the loop of _send_back
                if parent.requires_grad:
                    downstream = upstream * factor
                    if downstream - downstream != 0.0:
                        _not_finite(node, downstream)
                    if reached[parent.id]:
                        parent._grad = parent._grad + downstream
                    else:
                        reached[parent.id] = True
                        parent._grad = downstream
                elif not reached[parent.id]:
                    reached[parent.id] = True
                    parent._grad = None

    def _send_back(self, node: Node) -> list[Sent]:
        """Each parent's contribution, as the op's `Local` applied to the upstream; a
        scalar of floats multiplies the factors its forward pass kept."""
        factors, upstream = node.factors, node._grad
        if factors is None or type(upstream) is not float:
            return self._send_back_arrays(node)
        sent = []
        for index, parent in enumerate(node.parents):
            if parent.requires_grad:
                downstream = upstream * factors[index]
                if downstream - downstream != 0.0:
                    _not_finite(node, downstream)
                grad = parent._grad
                parent._grad = downstream if grad is None else grad + downstream
                sent.append((index, parent, frozen_product(factors[index]), downstream,
                             parent._grad))
        return sent

    def _send_back_arrays(self, node: Node) -> list[Sent]:
        inputs = tuple([np.asarray(parent._value) for parent in node.parents])
        output, upstream = np.asarray(node._value), np.asarray(node._grad)
        sent = []
        for index, parent in enumerate(node.parents):
            if not parent.requires_grad:
                continue
            with np.errstate(all="ignore"):
                local = node.op.local(index, inputs, output)
                spread = local.apply(upstream)
            downstream = reduce_to_shape(np.asarray(spread, dtype=inputs[index].dtype),
                                         parent.shape)
            if not np.isfinite(downstream).all():
                raise NonFiniteError(node.id, node.label, "backward", non_finite_kind(downstream))
            parent._grad = (downstream.copy() if parent._grad is None
                            else np.asarray(parent._grad + downstream))
            sent.append((index, parent, local, downstream, parent.grad))
        return sent

    def variables(self) -> list[Node]:
        """The variable leaves, in id order."""
        return [node for node in self.nodes if node.kind == VARIABLE]


def _not_finite(node: Node, downstream: float) -> None:
    """Raise what NumPy's pass would for this downstream gradient (inf or nan)."""
    raise NonFiniteError(node.id, node.label, "backward", non_finite_kind(np.array(downstream)))


def _float_forward(node: Node, warnings_off: bool = False) -> float | None:
    """The node's op of its parents' Python floats as a finite float, its `factors` kept
    for the backward pass; None where NumPy must compute: not all floats, or something
    unusual (a zero divisor, an overflow, a complex power). An op with `on_floats`
    takes one or two inputs and the default `local`, a product, so its factors are its
    local derivatives."""
    op, parents = node.op, node.parents
    if op.on_floats != QUIET and not warnings_off:
        with np.errstate(all="ignore"):
            return _float_forward(node, warnings_off=True)
    first = parents[0]._value
    if len(parents) == 1:
        second, inputs = 0.0, (first,)
    else:
        second = parents[1]._value
        inputs = (first, second)
    if type(first) is not float or type(second) is not float:
        return None
    if op.floats is not None:  # value and factors in one call (see Op.floats)
        value, factors = op.floats(first) if len(inputs) == 1 else op.floats(first, second)
        if value - value != 0.0:
            return None
        node.factors = factors
        return value
    try:  # the inputs spelt out: a call with *inputs costs twice as much
        value = float(op.forward(first) if len(inputs) == 1 else op.forward(first, second))
    except (ArithmeticError, TypeError, ValueError):
        return None
    if value - value != 0.0:
        return None
    try:  # 0 for an input that wants no gradient (a constant exponent, say)
        factor = float(op.factor(0, inputs, value)) if parents[0].requires_grad else 0.0
        node.factors = (factor,) if len(inputs) == 1 else (factor, float(
            op.factor(1, inputs, value)) if parents[1].requires_grad else 0.0)
    except (ArithmeticError, TypeError, ValueError):
        pass  # no factors: the backward pass asks NumPy
    return value
