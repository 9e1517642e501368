"""Matrix products, the affine map of a batch, and sums."""

from __future__ import annotations

import numpy as np

from bpviz.engine.local import LEFT, RIGHT, SPREAD, matrix_product, moved, product
from bpviz.engine.ops.base import Op
from bpviz.engine.ops.registry import register


def _as_matrix(array: np.ndarray, is_left: bool) -> np.ndarray:
    """A vector as the matrix NumPy's matmul treats it as: a row on the left, a column on the right."""
    if array.ndim != 1:
        return array
    return array[np.newaxis, :] if is_left else array[:, np.newaxis]


@register
class MatMul(Op):
    """A B (matrix×matrix, matrix×vector, vector×matrix, vector·vector), or a stack of
    them (B×m×n by B×n×p: one product per batch row, as NumPy's matmul).

    ∂J/∂A = δ Bᵀ and ∂J/∂B = Aᵀ δ with δ the upstream as a matrix; for two vectors
    (s = uᵀh) each gets the other times the scalar upstream.
    """

    name = "matmul"
    pattern = "{0} {1}"
    symbols = ("W", "x")
    local_names = ("{1}ᵀ", "{0}ᵀ")

    def forward(self, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError("matmul needs vectors or matrices, not scalars")
        return a @ b

    def local(self, index, inputs, output):
        a, b = inputs
        if a.ndim == 1 and b.ndim == 1:  # an inner product: a scalar times the other vector
            return product(inputs[1 - index], inputs[index].shape, name=f"{{{1 - index}}}")
        if a.ndim == b.ndim == 3:  # a stack of products, one per batch row: A[i] B[i]
            if index == 0:
                return matrix_product(np.swapaxes(b, 1, 2), RIGHT, output.shape, a.shape,
                                      name="{1}ᵀ")
            return matrix_product(np.swapaxes(a, 1, 2), LEFT, output.shape, b.shape,
                                  name="{0}ᵀ")
        left, right = _as_matrix(a, True), _as_matrix(b, False)
        upstream = (left.shape[0], right.shape[1])
        if index == 0:
            return matrix_product(right.T, RIGHT, upstream, a.shape, name="{1}ᵀ")
        return matrix_product(left.T, LEFT, upstream, b.shape, name="{0}ᵀ")


@register
class Affine(Op):
    """Z = X Wᵀ + b for a batch X (one example per row): the lecture's z = W x + b, row by
    row;  ∂J/∂X = δ W,  ∂J/∂W = δᵀ X,  ∂J/∂b = 1ᵀ δ (δ summed over the rows)."""

    name = "affine"
    pattern = "{0} {1}ᵀ + {2}"
    symbols = ("X", "W", "b")
    local_names = ("{1}", "{0}", "1")

    def forward(self, x, W, b):
        if x.ndim != 2 or W.ndim != 2 or b.ndim != 1:
            raise ValueError("affine needs a batch X (N×n), W (m×n) and b (m)")
        return x @ W.T + b

    def local(self, index, inputs, output):
        x, W, b = inputs
        if index == 0:
            return matrix_product(W, RIGHT, output.shape, x.shape, name="{1}")
        if index == 1:
            return matrix_product(x, RIGHT, output.shape, W.shape, upstream_transposed=True,
                                  name="{0}")
        ones = np.ones((1, output.shape[0]), dtype=output.dtype)
        return matrix_product(ones, LEFT, output.shape, b.shape, name="1ᵀ")


@register
class Sum(Op):
    """Σ a over all elements or one axis;  ∂/∂a = 1 (the upstream spread back)."""

    name = "sum"
    pattern = "Σ{0}"
    local_names = ("1",)

    def __init__(self, axis: int | None = None) -> None:
        self.axis = axis

    def settings(self):
        return {} if self.axis is None else {"axis": self.axis}

    def forward(self, a):
        return np.sum(a, axis=self.axis)

    def local(self, index, inputs, output):
        return moved(SPREAD, inputs[0].shape, axis=self.axis)
