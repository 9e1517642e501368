"""Element-wise max and min of two arrays: the gradient is routed to the chosen input."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import Op


class Maximum(Op):
    """max(a, b);  the upstream goes to the larger input only (to a on a tie)."""

    name = "max"
    templates = ("∂max({0},{1})/∂{0} = 1 if {0} ≥ {1} else 0",
                 "∂max({0},{1})/∂{1} = 1 if {1} > {0} else 0")

    def forward(self, a, b):
        return np.maximum(a, b)

    def vjp(self, index, upstream, inputs, output):
        a, b = inputs
        chosen = (a >= b) if index == 0 else (b > a)
        return upstream * chosen

    def branches(self, a, b):
        return np.sign(a - b)


class Minimum(Op):
    """min(a, b);  the upstream goes to the smaller input only (to a on a tie)."""

    name = "min"
    templates = ("∂min({0},{1})/∂{0} = 1 if {0} ≤ {1} else 0",
                 "∂min({0},{1})/∂{1} = 1 if {1} < {0} else 0")

    def forward(self, a, b):
        return np.minimum(a, b)

    def vjp(self, index, upstream, inputs, output):
        a, b = inputs
        chosen = (a <= b) if index == 0 else (b < a)
        return upstream * chosen

    def branches(self, a, b):
        return np.sign(a - b)
