"""The engine's operations as functions of nodes: `tanh(z)`, `maximum(y, z)`, `concat([...])`."""

from __future__ import annotations

from collections.abc import Sequence

from bpviz.engine import ops
from bpviz.engine.node import Node


def _apply(op: ops.Op, first: Node, *rest, label: str | None = None) -> Node:
    return first.graph.apply(op, first, *rest, label=label)


def exp(z: Node, label: str | None = None) -> Node:
    return _apply(ops.Exp(), z, label=label)


def log(z: Node, label: str | None = None) -> Node:
    return _apply(ops.Log(), z, label=label)


def sqrt(z: Node, label: str | None = None) -> Node:
    return _apply(ops.Sqrt(), z, label=label)


def absolute(z: Node, label: str | None = None) -> Node:
    return _apply(ops.Abs(), z, label=label)


def tanh(z: Node, label: str | None = None) -> Node:
    return _apply(ops.Tanh(), z, label=label)


def sigmoid(z: Node, label: str | None = None) -> Node:
    return _apply(ops.Sigmoid(), z, label=label)


def relu(z: Node, label: str | None = None) -> Node:
    return _apply(ops.Relu(), z, label=label)


def leaky_relu(z: Node, slope: float = 0.01, label: str | None = None) -> Node:
    return _apply(ops.LeakyRelu(slope), z, label=label)


def hard_tanh(z: Node, label: str | None = None) -> Node:
    return _apply(ops.HardTanh(), z, label=label)


def maximum(a: Node, b, label: str | None = None) -> Node:
    """Element-wise max(a, b)."""
    return _apply(ops.Maximum(), a, b, label=label)


def minimum(a: Node, b, label: str | None = None) -> Node:
    """Element-wise min(a, b)."""
    return _apply(ops.Minimum(), a, b, label=label)


def matmul(a: Node, b, label: str | None = None) -> Node:
    return _apply(ops.MatMul(), a, b, label=label)


def batch_affine(X: Node, W: Node, b: Node, label: str | None = None) -> Node:
    """X Wᵀ + b: z = W x + b for every row x of the batch X, as one operation."""
    return _apply(ops.Affine(), X, W, b, label=label)


def total(a: Node, axis: int | None = None, label: str | None = None) -> Node:
    """Σ a over every element, or over one axis."""
    return _apply(ops.Sum(axis), a, label=label)


def concat(parts: Sequence[Node], axis: int = 0, label: str | None = None) -> Node:
    """[a; b; …]: the parts joined along `axis`, in order."""
    return _apply(ops.Concat(len(parts), axis), *parts, label=label)


def lookup(table: Node, indices, label: str | None = None) -> Node:
    """Rows `indices` of the embedding matrix `table`."""
    return _apply(ops.Lookup(indices), table, label=label)


def rows(a: Node, start: int, stop: int, label: str | None = None) -> Node:
    """a[start:stop]: a run of rows, e.g. one half of a stacked batch."""
    return _apply(ops.Rows(start, stop), a, label=label)


def reshape(a: Node, shape: tuple[int, ...], label: str | None = None) -> Node:
    return _apply(ops.Reshape(shape), a, label=label)


def softmax_cross_entropy(scores: Node, targets, label: str | None = None) -> Node:
    """Mean −log softmax(scores)[target] over the rows of `scores`."""
    return _apply(ops.SoftmaxCrossEntropy(targets), scores, label=label)


def multiclass_hinge(scores: Node, targets, margin: float = 1.0, label: str | None = None) -> Node:
    """Mean over rows of Σ_{j≠y} max(0, margin − f_y + f_j)."""
    return _apply(ops.MulticlassHinge(targets, margin), scores, label=label)


def squared_error(scores: Node, targets, label: str | None = None) -> Node:
    """Mean over rows of ½ ‖f − t‖² against one-hot targets t."""
    return _apply(ops.SquaredError(targets), scores, label=label)


def transpose(a: Node, label: str | None = None) -> Node:
    """Aᵀ of a matrix."""
    return _apply(ops.Transpose(), a, label=label)


def max_margin(s: Node, s_c, margin: float = 1.0, label: str | None = None) -> Node:
    """J = max(0, margin − s + s_c), element-wise."""
    return _apply(ops.MaxMargin(margin), s, s_c, label=label)
