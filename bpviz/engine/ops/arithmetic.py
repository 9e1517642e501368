"""Arithmetic: + − · / ** and negation, broadcasting as NumPy does."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import Op


class Add(Op):
    """a + b;  ∂/∂a = 1,  ∂/∂b = 1."""

    name = "add"
    templates = ("∂({0}+{1})/∂{0} = 1", "∂({0}+{1})/∂{1} = 1")

    def forward(self, a, b):
        return a + b

    def vjp(self, index, upstream, inputs, output):
        return upstream


class Sub(Op):
    """a − b;  ∂/∂a = 1,  ∂/∂b = −1."""

    name = "sub"
    templates = ("∂({0}−{1})/∂{0} = 1", "∂({0}−{1})/∂{1} = −1")

    def forward(self, a, b):
        return a - b

    def vjp(self, index, upstream, inputs, output):
        return upstream if index == 0 else -upstream


class Mul(Op):
    """a · b (element-wise);  ∂/∂a = b,  ∂/∂b = a: each input gets the other's value."""

    name = "mul"
    templates = ("∂({0}·{1})/∂{0} = {1}", "∂({0}·{1})/∂{1} = {0}")

    def forward(self, a, b):
        return a * b

    def vjp(self, index, upstream, inputs, output):
        return upstream * inputs[1 - index]


class Div(Op):
    """a / b;  ∂/∂a = 1/b,  ∂/∂b = −a/b²."""

    name = "div"
    templates = ("∂({0}/{1})/∂{0} = 1/{1}", "∂({0}/{1})/∂{1} = −{0}/{1}²")

    def forward(self, a, b):
        return a / b

    def vjp(self, index, upstream, inputs, output):
        a, b = inputs
        return upstream / b if index == 0 else -upstream * a / (b * b)


class Pow(Op):
    """a ** b;  ∂/∂a = b·a^(b−1),  ∂/∂b = a^b·ln a."""

    name = "pow"
    templates = ("∂({0}^{1})/∂{0} = {1}·{0}^({1}−1)", "∂({0}^{1})/∂{1} = {0}^{1}·ln {0}")

    def forward(self, a, b):
        return a ** b

    def vjp(self, index, upstream, inputs, output):
        a, b = inputs
        if index == 0:
            # b = 0 makes a⁰ = 1 flat in a; b·a^(b−1) would be 0·∞ at a = 0.
            return upstream * np.where(b == 0, 0.0, b * a ** (b - 1))
        # At a = 0 (and b > 0) aᵇ stays 0 as b moves: the gradient is 0, not 0·ln 0 = nan.
        return upstream * output * np.log(np.where(a == 0, 1.0, a))


class Neg(Op):
    """−a;  ∂/∂a = −1."""

    name = "neg"
    templates = ("∂(−{0})/∂{0} = −1",)

    def forward(self, a):
        return -a

    def vjp(self, index, upstream, inputs, output):
        return -upstream
