"""A node of a computation graph: op, ordered parents, value and gradient."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bpviz.engine import ops

if TYPE_CHECKING:
    from bpviz.engine.graph import Graph

VARIABLE, CONSTANT, OP = "variable", "constant", "op"


class Node:
    """One value in a graph. Python's operators build new nodes in the same graph.

    `kind` is "variable" (a leaf we want gradients for), "constant" (a leaf we don't)
    or "op" (computed from `parents` by `op`). The id is the node's index in its graph,
    so ids are a topological order: parents always come before their children.

    `value` and `grad` are NumPy arrays. The engine keeps a scalar of a float64 graph
    as a Python float inside (`_value`, `_grad`): a scalar circuit then costs what
    Python's own arithmetic does, with no 0-d array per node.
    """

    __slots__ = ("graph", "id", "kind", "op", "parents", "label", "_value", "_grad",
                 "requires_grad", "factors")
    # NumPy must not take `array * node` apart element by element: it defers to our
    # reflected operators instead, so an array on the left gives one node too.
    __array_ufunc__ = None

    def __init__(self, graph: Graph, node_id: int, kind: str, op: ops.Op | None,
                 parents: tuple[Node, ...], label: str, value: np.ndarray | float | None,
                 requires_grad: bool, factors: tuple[float, ...] | None = None) -> None:
        self.graph = graph
        self.id = node_id
        self.kind = kind
        self.op = op
        self.parents = parents
        self.label = label
        self._value = value
        self._grad: np.ndarray | float | None = None
        self.requires_grad = requires_grad
        # ∂value/∂parent as floats, for a scalar computed from floats (see Graph).
        self.factors = factors

    @property
    def value(self) -> np.ndarray:
        """The node's value as an array (a fresh 0-d array for a scalar kept as a float)."""
        value = self._value
        return np.array(value) if type(value) is float else value

    @value.setter
    def value(self, value: np.ndarray) -> None:
        self._value = value

    @property
    def grad(self) -> np.ndarray | None:
        """∂output/∂node after a backward pass (None before, or if it got none)."""
        grad = self._grad
        return np.array(grad) if type(grad) is float else grad

    @grad.setter
    def grad(self, grad: np.ndarray | None) -> None:
        self._grad = grad

    @property
    def shape(self) -> tuple[int, ...]:
        return () if type(self._value) is float else self._value.shape

    def item(self) -> float:
        """The value of a one-element node as a Python float."""
        value = self._value
        if type(value) is float:
            return value
        return float(value.reshape(-1)[0]) if value.size == 1 else float("nan")

    def grad_item(self) -> float | None:
        """The gradient of a one-element node as a Python float; None if it has none."""
        grad = self._grad
        if grad is None or type(grad) is float:
            return grad
        return float(grad.reshape(-1)[0]) if grad.size == 1 else float("nan")

    def named(self, label: str) -> Node:
        """Give the node a label (e.g. the lecture's `a`, `z`, `h`) and return it."""
        self.label = label
        return self

    def __repr__(self) -> str:
        op = self.op.describe() if self.op else self.kind
        return f"Node({self.id}, {op}, {self.label!r}, shape={self.shape})"

    # The arithmetic ops hold no settings, so every node shares one object of each.
    def __add__(self, other): return self.graph.apply(_ADD, self, other)
    def __radd__(self, other): return self.graph.apply(_ADD, other, self)
    def __sub__(self, other): return self.graph.apply(_SUB, self, other)
    def __rsub__(self, other): return self.graph.apply(_SUB, other, self)
    def __mul__(self, other): return self.graph.apply(_MUL, self, other)
    def __rmul__(self, other): return self.graph.apply(_MUL, other, self)
    def __truediv__(self, other): return self.graph.apply(_DIV, self, other)
    def __rtruediv__(self, other): return self.graph.apply(_DIV, other, self)
    def __pow__(self, other): return self.graph.apply(_POW, self, other)
    def __rpow__(self, other): return self.graph.apply(_POW, other, self)
    def __matmul__(self, other): return self.graph.apply(_MATMUL, self, other)
    def __rmatmul__(self, other): return self.graph.apply(_MATMUL, other, self)
    def __neg__(self): return self.graph.apply(_NEG, self)


_ADD, _SUB, _MUL, _DIV, _POW = ops.Add(), ops.Sub(), ops.Mul(), ops.Div(), ops.Pow()
_MATMUL, _NEG = ops.MatMul(), ops.Neg()
