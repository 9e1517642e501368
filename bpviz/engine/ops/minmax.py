"""Element-wise max and min of two arrays: the gradient is routed to the chosen input."""

from __future__ import annotations

import numpy as np

from bpviz.engine.local import product
from bpviz.engine.ops.base import Op
from bpviz.engine.ops.registry import register


class Route(Op):
    """max or min: the upstream goes to the chosen input only (to a on a tie); the local
    derivative is 1 where an input was chosen and 0 elsewhere."""

    def chosen(self, index: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def local(self, index, inputs, output):
        a, b = inputs
        return product(self.chosen(index, a, b).astype(np.result_type(a, b, np.float32)),
                       inputs[index].shape)

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
