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
    """

    __slots__ = ("graph", "id", "kind", "op", "parents", "label", "value", "grad", "requires_grad")
    # NumPy must not take `array * node` apart element by element: it defers to our
    # reflected operators instead, so an array on the left gives one node too.
    __array_ufunc__ = None

    def __init__(self, graph: Graph, node_id: int, kind: str, op: ops.Op | None,
                 parents: tuple[Node, ...], label: str, value: np.ndarray) -> None:
        self.graph = graph
        self.id = node_id
        self.kind = kind
        self.op = op
        self.parents = parents
        self.label = label
        self.value = value
        self.grad: np.ndarray | None = None
        self.requires_grad = kind == VARIABLE or any(p.requires_grad for p in parents)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape

    def item(self) -> float:
        """The value of a one-element node as a Python float."""
        return float(self.value.reshape(-1)[0]) if self.value.size == 1 else float("nan")

    def named(self, label: str) -> Node:
        """Give the node a label (e.g. the lecture's `a`, `z`, `h`) and return it."""
        self.label = label
        return self

    def __repr__(self) -> str:
        op = self.op.describe() if self.op else self.kind
        return f"Node({self.id}, {op}, {self.label!r}, shape={self.shape})"

    def _binary(self, op: ops.Op, other, reflected: bool = False) -> Node:
        left, right = (other, self) if reflected else (self, other)
        return self.graph.apply(op, left, right)

    def __add__(self, other): return self._binary(ops.Add(), other)
    def __radd__(self, other): return self._binary(ops.Add(), other, reflected=True)
    def __sub__(self, other): return self._binary(ops.Sub(), other)
    def __rsub__(self, other): return self._binary(ops.Sub(), other, reflected=True)
    def __mul__(self, other): return self._binary(ops.Mul(), other)
    def __rmul__(self, other): return self._binary(ops.Mul(), other, reflected=True)
    def __truediv__(self, other): return self._binary(ops.Div(), other)
    def __rtruediv__(self, other): return self._binary(ops.Div(), other, reflected=True)
    def __pow__(self, other): return self._binary(ops.Pow(), other)
    def __rpow__(self, other): return self._binary(ops.Pow(), other, reflected=True)
    def __matmul__(self, other): return self._binary(ops.MatMul(), other)
    def __rmatmul__(self, other): return self._binary(ops.MatMul(), other, reflected=True)
    def __neg__(self): return self.graph.apply(ops.Neg(), self)
