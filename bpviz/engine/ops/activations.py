"""The lecture's non-linearities h = f(z), element-wise, with f′ for the backward pass."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import QUIET, Op
from bpviz.engine.ops.registry import register


class Activation(Op):
    """h = f(z) element-wise: ∂h/∂z = f′(z), which `derivative` gives from z and h."""

    activation = True
    local_names = ("",)
    title = ""  # the name menus and plots use: `tanh`, `ReLU`
    on_floats = QUIET  # none of them can overflow

    def factor(self, index, inputs, output):
        return self.derivative(inputs[0], output)

    def derivative(self, z: np.ndarray, h: np.ndarray) -> np.ndarray:
        raise NotImplementedError


@register
class Tanh(Activation):
    """tanh z;  f′(z) = 1 − tanh²(z)."""

    name = "tanh"
    title = "tanh"
    pattern = "tanh({0})"
    local_names = ("1 − tanh²({0})",)

    def forward(self, z):
        return np.tanh(z)

    def derivative(self, z, h):
        return 1.0 - h * h


@register
class Sigmoid(Activation):
    """σ(z) = 1/(1 + e⁻ᶻ);  f′(z) = σ(z)(1 − σ(z))."""

    name = "sigmoid"
    title = "sigmoid"
    pattern = "σ({0})"
    local_names = ("σ({0})(1 − σ({0}))",)

    def forward(self, z):
        # Two branches so that neither exp overflows for large |z|.
        positive = z >= 0
        exp_neg_abs = np.exp(np.where(positive, -z, z))
        return np.where(positive, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))

    def derivative(self, z, h):
        return h * (1.0 - h)


@register
class Relu(Activation):
    """max(z, 0);  f′(z) = 1 where z > 0, else 0 (0 at the kink)."""

    name = "relu"
    title = "ReLU"
    pattern = "relu({0})"
    local_names = ("(1 where {0} > 0, else 0)",)

    def forward(self, z):
        if type(z) is float:  # a scalar kept as a float: the same number without NumPy
            return z if z > 0.0 else 0.0
        return np.maximum(z, 0.0)

    def derivative(self, z, h):
        if type(z) is float:
            return 1.0 if z > 0.0 else 0.0
        return (z > 0).astype(z.dtype)

    def floats(self, z):
        return (z, (1.0,)) if z > 0.0 else (0.0, (0.0,))

    def branches(self, z):
        return np.sign(z)


@register
class LeakyRelu(Activation):
    """z where z > 0, else slope·z;  f′(z) = 1 or slope."""

    name = "leaky_relu"
    title = "leaky ReLU (0.01)"
    pattern = "lrelu({0})"
    local_names = ("(1 where {0} > 0, else {slope:g})",)

    def __init__(self, slope: float = 0.01) -> None:
        self.slope = float(slope)

    def settings(self):
        return {"slope": self.slope}

    def forward(self, z):
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z, h):
        return np.where(z > 0, 1.0, self.slope)

    def branches(self, z):
        return np.sign(z)


@register
class HardTanh(Activation):
    """−1 below −1, z in between, 1 above 1;  f′(z) = 1 inside (−1, 1), else 0."""

    name = "hard_tanh"
    title = "hard tanh"
    pattern = "hardtanh({0})"
    local_names = ("(1 where −1 < {0} < 1, else 0)",)

    def forward(self, z):
        return np.clip(z, -1.0, 1.0)

    def derivative(self, z, h):
        return np.asarray((z > -1.0) & (z < 1.0), dtype=np.result_type(z))

    def branches(self, z):
        return np.sign(z - 1.0) + np.sign(z + 1.0)
