"""Arithmetic: + − · / ** and negation, broadcasting as NumPy does."""

from __future__ import annotations

import numpy as np

from bpviz.engine.local import product
from bpviz.engine.ops.base import Op
from bpviz.engine.ops.registry import register

ONE, MINUS_ONE = np.float64(1.0), np.float64(-1.0)


@register
class Add(Op):
    """a + b;  ∂/∂a = 1,  ∂/∂b = 1: + distributes the upstream unchanged."""

    name = "add"
    pattern = "{0} + {1}"
    local_names = ("1", "1")

    def forward(self, a, b):
        return a + b

    def local(self, index, inputs, output):
        return product(ONE, inputs[index].shape)


@register
class Sub(Op):
    """a − b;  ∂/∂a = 1,  ∂/∂b = −1."""

    name = "sub"
    pattern = "{0} − {1}"
    local_names = ("1", "−1")

    def forward(self, a, b):
        return a - b

    def local(self, index, inputs, output):
        return product(ONE if index == 0 else MINUS_ONE, inputs[index].shape)


@register
class Mul(Op):
    """a · b (element-wise);  ∂/∂a = b,  ∂/∂b = a: each input gets the other's value."""

    name = "mul"
    pattern = "{0}·{1}"
    local_names = ("{1}", "{0}")

    def forward(self, a, b):
        return a * b

    def local(self, index, inputs, output):
        return product(inputs[1 - index], inputs[index].shape)


@register
class Div(Op):
    """a / b;  ∂/∂a = 1/b,  ∂/∂b = −a/b²."""

    name = "div"
    pattern = "{0}/{1}"
    local_names = ("1/{1}", "−{0}/{1}²")

    def forward(self, a, b):
        return a / b

    def local(self, index, inputs, output):
        a, b = inputs
        return product(1.0 / b if index == 0 else -a / (b * b), inputs[index].shape)


@register
class Pow(Op):
    """a ** b;  ∂/∂a = b·a^(b−1),  ∂/∂b = a^b·ln a."""

    name = "pow"
    pattern = "{0}^{1}"
    local_names = ("{1}·{0}^({1}−1)", "{0}^{1}·ln {0}")

    def forward(self, a, b):
        return a ** b

    def local(self, index, inputs, output):
        a, b = inputs
        if index == 0:
            # b = 0 makes a⁰ = 1 flat in a; b·a^(b−1) would be 0·∞ at a = 0.
            return product(np.where(b == 0, 0.0, b * a ** (b - 1)), a.shape)
        # At a = 0 (and b > 0) aᵇ stays 0 as b moves: the gradient is 0, not 0·ln 0 = nan.
        return product(output * np.log(np.where(a == 0, 1.0, a)), b.shape)


@register
class Neg(Op):
    """−a;  ∂/∂a = −1."""

    name = "neg"
    pattern = "−{0}"
    local_names = ("−1",)

    def forward(self, a):
        return -a

    def local(self, index, inputs, output):
        return product(MINUS_ONE, inputs[0].shape)
