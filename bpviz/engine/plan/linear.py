"""Kernels for matrix products, a batch's affine map, transposes, reshapes, runs of rows
and sums."""

from __future__ import annotations

from functools import partial

import numpy as np

from bpviz.engine import ops
from bpviz.engine.plan.kernel import Kernel, Step, fast_kernel
from bpviz.engine.plan.reductions import reducer


def product_into(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> Step:
    """A step writing the matrix product a b into `out`. `np.dot` costs half of
    `np.matmul` on the small matrices of training, but writes only into a C-contiguous
    buffer of the inputs' dtype: a column-major `out` takes bᵀ aᵀ into outᵀ instead.
    The step is a `partial` of the NumPy call itself: no Python frame around it, and
    the array's own `dot` method, which skips np.dot's dispatch (a fifth of its cost)."""
    if a.ndim == b.ndim == out.ndim == 2 and a.dtype == b.dtype == out.dtype:
        if out.flags.c_contiguous:
            return partial(a.dot, b, out)
        if out.flags.f_contiguous:
            return partial(b.T.dot, a.T, out.T)
    return partial(np.matmul, a, b, out=out)


class MatMulKernel(Kernel):
    """A B into a fixed buffer; ∂/∂A = δ Bᵀ and ∂/∂B = Aᵀ δ as in MatMul.vjp, vectors
    treated as a row (on the left) or a column (on the right)."""

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        a, b = inputs
        return product_into(a, b, out)

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        a, b = inputs
        left = a if a.ndim != 1 else a[np.newaxis, :]
        right = b if b.ndim != 1 else b[:, np.newaxis]
        delta = upstream.reshape(left.shape[0], right.shape[1])
        if index == 0:
            first, second, target = delta, right.T, dest.reshape(left.shape)
        else:
            first, second, target = left.T, delta, dest.reshape(right.shape)
        # A target that is a transposed view (Wᵀ's gradient inside W's) is fine: NumPy
        # computes the same product into it.
        return product_into(first, second, target)


class StackedMatMulKernel(Kernel):
    """A stack of products A[i] B[i] (B×m×n by B×n×p) into a fixed buffer; ∂/∂A = δ Bᵀ
    and ∂/∂B = Aᵀ δ per batch row. A product over an inner size of 1 (an outer product,
    as a gradient often is) is a broadcast multiply: the same numbers, without a loop of
    tiny products."""

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        a, b = inputs
        return stacked_product(a, b, out)

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        a, b = inputs
        if index == 0:
            return stacked_product(upstream, np.swapaxes(b, 1, 2), dest)
        return stacked_product(np.swapaxes(a, 1, 2), upstream, dest)


def stacked_product(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> Step:
    """A step writing the stacked product a b (B×m×n by B×n×p) into `out`."""
    if a.shape[2] == 1:
        return partial(np.multiply, a, b, out)
    return partial(np.matmul, a, b, out=out)


def folded_block(W: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """[W | b] as one m×(n+1) array when b is stored as W's extra last column (as a
    classifier's parameters and their gradients are), else None."""
    if W.ndim != 2 or b.shape != W.shape[:1] or W.dtype != b.dtype:
        return None
    rows, columns = W.shape
    width = (columns + 1) * W.itemsize
    if W.strides[1] != W.itemsize or (rows > 1 and (W.strides[0], b.strides[0]) != (width, width)):
        return None
    if b.__array_interface__["data"][0] != W.__array_interface__["data"][0] + columns * W.itemsize:
        return None
    return np.lib.stride_tricks.as_strided(W, shape=(rows, columns + 1), strides=(width, W.itemsize))


class AffineKernel(Kernel):
    """X Wᵀ + b into a fixed buffer. When X's buffer carries a ones column and b is W's
    last column, one product [X | 1] [W | b]ᵀ, and ∂J/∂[W | b] = δᵀ [X | 1] in one
    more; otherwise a product and a bias add, as Affine itself computes it."""

    def reads_inputs(self):
        return (0, 1)

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        X, W, b = inputs
        X1, Wb = self.arena.with_ones(X) if self.arena else None, folded_block(W, b)
        if X1 is not None and Wb is not None:
            self.folded = True
            return product_into(X1, Wb.T, out)
        product, add = product_into(X, W.T, out), np.add

        def run() -> None:
            product()
            add(out, b, out=out)
        return run

    def backward_into(self, inputs, out, upstream, dests) -> list[Step]:
        X1 = self.arena.with_ones(inputs[0]) if self.arena else None
        block = folded_block(dests[1], dests[2]) if 1 in dests and 2 in dests else None
        if X1 is None or block is None:
            return super().backward_into(inputs, out, upstream, dests)
        to_x = {0: dests[0]} if 0 in dests else {}
        return [product_into(upstream.T, X1, block),
                *super().backward_into(inputs, out, upstream, to_x)]

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        X, W, _ = inputs
        if index == 0:
            return product_into(upstream, W, dest)
        if index == 1:
            return product_into(upstream.T, X, dest)
        reduce = reducer(upstream.shape, dest.shape)
        return lambda: reduce(upstream, dest)


class _ViewKernel(Kernel):
    """An op whose output is a view of its input's buffer: its backward needs only the
    upstream, never the input's or its own value."""

    view = True

    def span(self, rows: int) -> tuple[int, int]:
        """The run of the input's first-axis rows (of `rows`) the view shows."""
        return 0, rows

    def reads_inputs(self):
        return ()

    def reads_output(self) -> bool:
        return False


class TransposeKernel(_ViewKernel):
    """Aᵀ: a view of A's buffer, and A's gradient seen through the same view."""

    def view_of(self, source):
        return source.T

    def grad_view_of(self, parent_grad):
        return parent_grad.T

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        return lambda: np.copyto(dest, upstream.T)


class ReshapeKernel(_ViewKernel):
    """The same numbers in a new shape: a view both ways."""

    def view_of(self, source):
        return source.reshape(self.op.shape)

    def grad_view_of(self, parent_grad):
        return parent_grad.reshape(self.op.shape)

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        shape = dest.shape
        return lambda: np.copyto(dest, upstream.reshape(shape))


class RowsKernel(_ViewKernel):
    """a[start:stop]: a view both ways; its own backward (when the rows do not share the
    input's gradient buffer) writes the upstream into those rows and zeros elsewhere."""

    def span(self, rows):
        return self.op.start, self.op.stop

    def view_of(self, source):
        return source[self.op.start:self.op.stop]

    def grad_view_of(self, parent_grad):
        return parent_grad[self.op.start:self.op.stop]

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        part = dest[self.op.start:self.op.stop]

        def run() -> None:
            dest.fill(0.0)
            np.copyto(part, upstream)
        return run


class SumKernel(Kernel):
    """Σ over everything or one axis; the upstream spread back over the summed axes."""

    def reads_inputs(self):
        return ()

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        (a,) = inputs
        # np.sum's own reduction, without its Python wrapper: the same bits.
        return partial(np.add.reduce, a, self.op.axis, None, out)

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        axis = self.op.axis
        spread = np.broadcast_to(upstream if axis is None else np.expand_dims(upstream, axis),
                                 dest.shape)
        return lambda: np.copyto(dest, spread)


@fast_kernel(ops.MatMul)
def _matmul(node) -> Kernel | None:
    if all(p.value.ndim in (1, 2) for p in node.parents) and node.value.ndim:
        return MatMulKernel(node)
    if all(p.value.ndim == 3 for p in node.parents):
        return StackedMatMulKernel(node)
    return None


for _op, _kernel in ((ops.Affine, AffineKernel), (ops.Transpose, TransposeKernel),
                     (ops.Reshape, ReshapeKernel), (ops.Rows, RowsKernel), (ops.Sum, SumKernel)):
    fast_kernel(_op)(_kernel)
