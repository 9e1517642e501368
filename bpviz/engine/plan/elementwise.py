"""Kernels for +, ·, tanh, ReLU and max-margin: NumPy ufuncs writing into fixed buffers.

Each computes exactly what the op's forward and vjp compute, in the same order, so
the plan's numbers equal the generic engine's bit for bit.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from bpviz.engine import ops
from bpviz.engine.plan.kernel import Kernel, Step, fast_kernel
from bpviz.engine.plan.reductions import reducer


def _same_shapes(node) -> bool:
    return all(parent.shape == node.shape for parent in node.parents)


class AddKernel(Kernel):
    """a + b; each input's gradient is the upstream, summed over broadcast axes."""

    inplace = True

    @property
    def passthrough(self) -> tuple[int, ...]:
        return tuple(i for i, parent in enumerate(self.node.parents)
                     if parent.shape == self.node.shape)

    def reads_inputs(self):
        return ()

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        a, b = inputs
        return lambda: np.add(a, b, out=out)

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        reduce = reducer(upstream.shape, dest.shape)
        return lambda: reduce(upstream, dest)


class MulKernel(Kernel):
    """a · b; input i's gradient is upstream · (the other input), summed over broadcast axes."""

    inplace = True

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        a, b = inputs
        return lambda: np.multiply(a, b, out=out)

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        other = inputs[1 - index]
        if dest.shape == out.shape:
            return lambda: np.multiply(upstream, other, out=dest)
        local = np.empty(out.shape, dtype=dest.dtype)
        reduce = reducer(out.shape, dest.shape)

        def run() -> None:
            np.multiply(upstream, other, out=local)
            reduce(local, dest)
        return run


class TanhKernel(Kernel):
    """tanh z; z's gradient is upstream · (1 − tanh²z), from the output alone."""

    inplace = True

    def reads_inputs(self):
        return ()

    # Each step is a `partial` of one NumPy call, `out` given by position: no Python
    # frame around the call, and no keyword for NumPy to parse.
    def forward(self, inputs, out) -> Step:
        (z,) = inputs
        return partial(np.tanh, z, out)

    def backward_into(self, inputs, out, upstream, dests) -> list[Step]:
        if set(dests) != {0}:
            return super().backward_into(inputs, out, upstream, dests)
        slope, dest = np.empty_like(out), dests[0]
        one = np.array(1.0, dtype=out.dtype)  # 1 − tanh²: an array operand costs NumPy less
        return [partial(np.multiply, out, out, slope), partial(np.subtract, one, slope, slope),
                partial(np.multiply, upstream, slope, dest)]

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        slope = np.empty_like(out)
        multiply, subtract = np.multiply, np.subtract

        def run() -> None:
            multiply(out, out, slope)
            subtract(1.0, slope, slope)
            multiply(upstream, slope, dest)
        return run


class ReluKernel(Kernel):
    """max(z, 0); z's gradient is the upstream where z > 0."""

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        (z,) = inputs
        return lambda: np.maximum(z, 0.0, out=out)

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        (z,) = inputs
        positive = np.empty(z.shape, dtype=bool)

        def run() -> None:
            np.greater(z, 0, out=positive)
            np.multiply(upstream, positive, out=dest)
        return run


class MaxMarginKernel(Kernel):
    """max(0, margin − s + s_c); where it is positive s gets −upstream and s_c +upstream."""

    def reads_inputs(self):
        return ()

    def forward(self, inputs, out) -> Step:
        s, s_c = inputs
        margin = self.op.margin

        def run() -> None:
            np.subtract(margin, s, out=out)
            np.add(out, s_c, out=out)
            np.maximum(0.0, out, out=out)
        return run

    def backward_into(self, inputs, out, upstream, dests) -> list[Step]:
        if set(dests) != {0, 1}:
            return super().backward_into(inputs, out, upstream, dests)
        violated = np.empty(out.shape, dtype=bool)
        to_s, to_s_c = dests[0], dests[1]

        def run() -> None:  # both at once: −x is exactly x · (−1)
            np.greater(out, 0, out=violated)
            np.multiply(upstream, violated, out=to_s_c)
            np.negative(to_s_c, out=to_s)
        return [run]

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        violated = np.empty(out.shape, dtype=bool)
        sign = -1.0 if index == 0 else 1.0

        def run() -> None:
            np.greater(out, 0, out=violated)
            np.multiply(upstream, violated, out=dest)
            np.multiply(dest, sign, out=dest)
        return run


@fast_kernel(ops.Add)
def _add(node) -> Kernel | None:
    return AddKernel(node) if len(node.parents) == 2 else None


@fast_kernel(ops.MaxMargin)
def _max_margin(node) -> Kernel | None:
    return MaxMarginKernel(node) if _same_shapes(node) else None


fast_kernel(ops.Mul)(MulKernel)
fast_kernel(ops.Tanh)(TanhKernel)
fast_kernel(ops.Relu)(ReluKernel)
