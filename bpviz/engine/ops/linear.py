"""Matrix products, the affine map of a batch, and sums."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import Op


def _as_matrix(array: np.ndarray, is_left: bool) -> np.ndarray:
    """A vector as the matrix NumPy's matmul treats it as: a row on the left, a column on the right."""
    if array.ndim != 1:
        return array
    return array[np.newaxis, :] if is_left else array[:, np.newaxis]


class MatMul(Op):
    """A B (matrix×matrix, matrix×vector, vector×matrix);  ∂J/∂A = δ Bᵀ,  ∂J/∂B = Aᵀ δ."""

    name = "matmul"
    symbols = ("W", "x")
    templates = ("∂J/∂{0} = δ {1}ᵀ  (upstream δ times {1}ᵀ)", "∂J/∂{1} = {0}ᵀ δ  ({0}ᵀ times upstream δ)")

    def forward(self, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError("matmul needs vectors or matrices, not scalars")
        return a @ b

    def vjp(self, index, upstream, inputs, output):
        a, b = inputs
        left, right = _as_matrix(a, True), _as_matrix(b, False)
        # Re-insert the axes matmul dropped for vector operands, so the products line up.
        delta = upstream.reshape(left.shape[0], right.shape[1])
        if index == 0:
            return (delta @ right.T).reshape(a.shape)
        return (left.T @ delta).reshape(b.shape)


class Affine(Op):
    """Z = X Wᵀ + b for a batch X (one example per row): the lecture's z = W x + b, row by
    row;  ∂J/∂X = δ W,  ∂J/∂W = δᵀ X,  ∂J/∂b = Σ over the rows of δ."""

    name = "affine"
    symbols = ("x", "W", "b")
    templates = ("∂J/∂{0} = δ {1}  (each row: Wᵀ δ)", "∂J/∂{1} = δᵀ {0}  (Σ over rows of δ xᵀ)",
                 "∂J/∂{2} = Σ over rows of δ")

    def forward(self, x, W, b):
        if x.ndim != 2 or W.ndim != 2 or b.ndim != 1:
            raise ValueError("affine needs a batch X (N×n), W (m×n) and b (m)")
        return x @ W.T + b

    def vjp(self, index, upstream, inputs, output):
        x, W, _ = inputs
        if index == 0:
            return upstream @ W
        if index == 1:
            return upstream.T @ x
        return upstream.sum(axis=0)


class Sum(Op):
    """Σ a over all elements or one axis;  ∂/∂a = 1 (the upstream spread back)."""

    name = "sum"
    templates = ("∂(Σ{0})/∂{0} = 1",)

    def __init__(self, axis: int | None = None) -> None:
        self.axis = axis

    def describe(self) -> str:
        return "sum" if self.axis is None else f"sum(axis={self.axis})"

    def forward(self, a):
        return np.sum(a, axis=self.axis)

    def vjp(self, index, upstream, inputs, output):
        shape = inputs[0].shape
        if self.axis is not None:
            upstream = np.expand_dims(upstream, self.axis)
        return np.broadcast_to(upstream, shape)
