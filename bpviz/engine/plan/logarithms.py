"""The kernel of log σ(z): negative sampling's loss, over a whole batch of scores.

It computes what LogSigmoid's forward and vjp compute, in the same order, so the plan's
numbers equal the generic engine's bit for bit; e^{−|z|} is kept from the forward pass
for the backward's σ(−z).
"""

from __future__ import annotations

import numpy as np

from bpviz.engine import ops
from bpviz.engine.plan.kernel import Kernel, Step, fast_kernel


class LogSigmoidKernel(Kernel):
    """log σ(z) = min(z, 0) − log(1 + e^{−|z|}); z's gradient is upstream · σ(−z), with
    σ(−z) = 1/(1 + e^{−|z|}) where z ≤ 0 and e^{−|z|}/(1 + e^{−|z|}) where z > 0."""

    def reads_inputs(self):
        return (0,)

    def reads_output(self) -> bool:
        return False

    def forward(self, inputs, out) -> Step:
        (z,) = inputs
        self.shrink = shrink = np.empty_like(out)  # e^{−|z|}, read again by backward
        low = np.empty_like(out)
        absolute, negative, exp, log1p = np.absolute, np.negative, np.exp, np.log1p
        minimum, subtract = np.minimum, np.subtract

        def run() -> None:
            absolute(z, shrink)
            negative(shrink, shrink)
            exp(shrink, shrink)
            log1p(shrink, out)
            minimum(z, 0.0, out=low)
            subtract(low, out, out)
        return run

    def backward(self, index, inputs, out, upstream, dest) -> Step:
        (z,) = inputs
        shrink = self.shrink
        above = np.empty(out.shape, dtype=bool)
        denominator = np.empty_like(out)
        add, greater, copyto = np.add, np.greater, np.copyto
        divide, multiply = np.divide, np.multiply
        unit = self.upstream_is_one

        def run() -> None:
            add(shrink, 1.0, denominator)
            greater(z, 0.0, above)
            dest.fill(1.0)
            copyto(dest, shrink, where=above)
            divide(dest, denominator, dest)
            if not unit:
                multiply(upstream, dest, dest)
        return run


@fast_kernel(ops.LogSigmoid)
def _log_sigmoid(node) -> Kernel | None:
    return LogSigmoidKernel(node) if node.value.ndim else None
