"""Arithmetic: + − · / ** and negation, broadcasting as NumPy does."""

from __future__ import annotations

import math

import numpy as np

from bpviz.engine.ops.base import QUIET, Op
from bpviz.engine.ops.registry import register

ONE, MINUS_ONE = 1.0, -1.0


@register
class Add(Op):
    """a + b;  ∂/∂a = 1,  ∂/∂b = 1: + distributes the upstream unchanged."""

    name = "add"
    pattern = "{0} + {1}"
    local_names = ("1", "1")
    on_floats = QUIET

    def forward(self, a, b):
        return a + b

    def factor(self, index, inputs, output):
        return ONE

    def floats(self, a, b):
        return a + b, (ONE, ONE)


@register
class Sub(Op):
    """a − b;  ∂/∂a = 1,  ∂/∂b = −1."""

    name = "sub"
    pattern = "{0} − {1}"
    local_names = ("1", "−1")
    on_floats = QUIET

    def forward(self, a, b):
        return a - b

    def factor(self, index, inputs, output):
        return ONE if index == 0 else MINUS_ONE

    def floats(self, a, b):
        return a - b, (ONE, MINUS_ONE)


@register
class Mul(Op):
    """a · b (element-wise);  ∂/∂a = b,  ∂/∂b = a: each input gets the other's value."""

    name = "mul"
    pattern = "{0}·{1}"
    local_names = ("{1}", "{0}")
    on_floats = QUIET

    def forward(self, a, b):
        return a * b

    def factor(self, index, inputs, output):
        return inputs[1 - index]

    def floats(self, a, b):
        return a * b, (b, a)


@register
class Div(Op):
    """a / b;  ∂/∂a = 1/b,  ∂/∂b = −a/b²."""

    name = "div"
    pattern = "{0}/{1}"
    local_names = ("1/{1}", "−{0}/{1}²")
    on_floats = QUIET  # Python's / raises on a zero divisor: the engine then uses NumPy's

    def forward(self, a, b):
        return a / b

    def factor(self, index, inputs, output):
        a, b = inputs
        return 1.0 / b if index == 0 else -a / (b * b)


@register
class Pow(Op):
    """a ** b;  ∂/∂a = b·a^(b−1),  ∂/∂b = a^b·ln a."""

    name = "pow"
    pattern = "{0}^{1}"
    local_names = ("{1}·{0}^({1}−1)", "{0}^{1}·ln {0}")
    on_floats = QUIET  # on floats: Python's ** (it raises), NumPy's log only where it is finite

    def forward(self, a, b):
        return a ** b

    def factor(self, index, inputs, output):
        a, b = inputs
        if index == 0:
            # b = 0 makes a⁰ = 1 flat in a; b·a^(b−1) would be 0·∞ at a = 0.
            if type(b) is float:
                return 0.0 if b == 0 else b * a ** (b - 1)
            return np.where(b == 0, 0.0, b * a ** (b - 1))
        # At a = 0 (and b > 0) aᵇ stays 0 as b moves: the gradient is 0, not 0·ln 0 = nan.
        if type(a) is float:
            return output * np.log(a) if a > 0 else (0.0 * output if a == 0 else math.nan)
        return output * np.log(np.where(a == 0, 1.0, a))


@register
class Neg(Op):
    """−a;  ∂/∂a = −1."""

    name = "neg"
    pattern = "−{0}"
    local_names = ("−1",)
    on_floats = QUIET

    def forward(self, a):
        return -a

    def factor(self, index, inputs, output):
        return MINUS_ONE

    def floats(self, a):
        return -a, (MINUS_ONE,)
