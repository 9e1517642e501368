"""Kernels for softmax cross-entropy and row lookups, whose targets and rows change per batch.

The targets and row indices live on the op (`op.targets`, `op.indices`), so the plan
and the generic engine always see the same ones.
"""

from __future__ import annotations

import numpy as np

from bpviz.engine import ops
from bpviz.engine.plan.kernel import Kernel, Step, fast_kernel
from bpviz.engine.plan.reductions import row_max_into, row_sum_into


class SoftmaxCrossEntropyKernel(Kernel):
    """Mean −log softmax(f)_y over the rows of f (N×C). The forward pass keeps the
    shifted exponentials, which are exactly what the backward pass's softmax needs.
    Its buffers take the layout of f's (C or column-major), so do its target cells."""

    def __init__(self, node) -> None:
        super().__init__(node)
        rows, classes = node.parents[0].shape
        self.rows, self.classes = rows, classes
        self.dtype = node.value.dtype
        self.sums = np.empty((rows, 1), self.dtype)
        self._cells = np.empty(rows, dtype=np.intp)

    def reads_inputs(self):
        return ()

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        (scores,) = inputs
        self.shifted, self.exps = np.empty_like(scores), np.empty_like(scores)
        row_step, class_step = (stride // scores.itemsize for stride in self.exps.strides)
        # Each row's target cell in the N×C buffers, counted in memory order, found afresh
        # on every forward pass (the targets change with every batch): target · class_step
        # + row offset. The step as an array: a Python int operand costs NumPy more.
        class_step = np.array(class_step, dtype=np.intp)
        row_offsets = np.arange(self.rows, dtype=np.intp) * row_step
        shifted, exps, sums, cells, op = self.shifted, self.exps, self.sums, self._cells, self.op
        row_max = row_max_into(scores, sums)
        row_sum = row_sum_into(exps, sums)
        take = memory_order(shifted).take
        picked = np.empty(self.rows, self.dtype)
        losses = np.empty(self.rows, self.dtype)
        sums_row = sums[:, 0]
        add, plus, rows = np.add.reduce, np.add, self.rows
        subtract, exp, log, multiply = np.subtract, np.exp, np.log, np.multiply

        def run() -> None:
            row_max()
            subtract(scores, sums, out=shifted)
            exp(shifted, out=exps)
            row_sum()
            multiply(op.targets, class_step, out=cells)
            plus(cells, row_offsets, out=cells)
            take(cells, out=picked)
            log(sums_row, out=losses)
            subtract(losses, picked, out=losses)
            # What losses.mean() does, less its wrapping: the sum divided by N, one NumPy
            # float by a Python int (the same division, without a ufunc call).
            out[()] = add(losses) / rows
        return run

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        exps, sums, count = self.exps, self.sums, self.rows
        if dest.strides != exps.strides:  # a gradient buffer laid out otherwise
            return super().backward(index, inputs, out, upstream, dest)
        flat, cells, divide = memory_order(dest), self._cells, np.divide  # the forward's cells
        count = np.array(float(count), dtype=dest.dtype)  # N as an array: a cheaper operand
        if self.upstream_is_one:  # dest · 1 is dest, bit for bit: one call fewer

            def run() -> None:
                divide(exps, sums, out=dest)
                flat[cells] -= 1.0
                divide(dest, count, out=dest)
            return run

        def run() -> None:
            divide(exps, sums, out=dest)
            flat[cells] -= 1.0
            np.multiply(upstream, dest, out=dest)
            divide(dest, count, out=dest)
        return run


def memory_order(array: np.ndarray) -> np.ndarray:
    """A contiguous array's cells as a 1-D view, in the order they lie in memory."""
    flat = array.ravel(order="K")
    if not np.shares_memory(flat, array):
        raise ValueError("expected a contiguous buffer")
    return flat


class LookupKernel(Kernel):
    """Rows `op.indices` of a table; the table's gradient adds the upstream into them."""

    def reads_inputs(self):
        return ()

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        (table,) = inputs
        op, take = self.op, table.take  # the method: no np.take wrapper
        return lambda: take(op.indices, 0, out)

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        op = self.op

        def run() -> None:
            dest.fill(0.0)
            np.add.at(dest, op.indices, upstream)
        return run


@fast_kernel(ops.SoftmaxCrossEntropy)
def _softmax_cross_entropy(node) -> Kernel | None:
    return SoftmaxCrossEntropyKernel(node) if node.parents[0].value.ndim == 2 else None


fast_kernel(ops.Lookup)(LookupKernel)
