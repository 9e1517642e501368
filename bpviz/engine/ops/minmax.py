"""Element-wise max and min of two arrays: the gradient is routed to the chosen input."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import QUIET, Op
from bpviz.engine.ops.registry import register


class Route(Op):
    """max or min: the upstream goes to the chosen input only (to a on a tie); the local
    derivative is 1 where an input was chosen and 0 elsewhere."""

    def chosen(self, index: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    on_floats = QUIET

    def factor(self, index, inputs, output):
        a, b = inputs
        return np.asarray(self.chosen(index, a, b), dtype=np.result_type(a, b, np.float32))

    def branches(self, a, b):
        return np.sign(a - b)


@register
class Maximum(Route):
    """max(a, b);  the upstream goes to the larger input only (to a on a tie)."""

    name = "max"
    pattern = "max({0}, {1})"
    local_names = ("(1 where {0} ≥ {1}, else 0)", "(1 where {1} > {0}, else 0)")

    def forward(self, a, b):
        return np.maximum(a, b)

    def chosen(self, index, a, b):
        return (a >= b) if index == 0 else (b > a)


@register
class Minimum(Route):
    """min(a, b);  the upstream goes to the smaller input only (to a on a tie)."""

    name = "min"
    pattern = "min({0}, {1})"
    local_names = ("(1 where {0} ≤ {1}, else 0)", "(1 where {1} < {0}, else 0)")

    def forward(self, a, b):
        return np.minimum(a, b)

    def chosen(self, index, a, b):
        return (a <= b) if index == 0 else (b < a)
