"""The lecture's non-linearities h = f(z), element-wise, with f′ for the backward pass."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import Op


class Tanh(Op):
    """tanh z;  f′(z) = 1 − tanh²(z)."""

    name = "tanh"
    templates = ("∂tanh({0})/∂{0} = 1 − tanh²({0})",)

    def forward(self, z):
        return np.tanh(z)

    def vjp(self, index, upstream, inputs, output):
        return upstream * (1.0 - output * output)


class Sigmoid(Op):
    """σ(z) = 1/(1 + e⁻ᶻ);  f′(z) = σ(z)(1 − σ(z))."""

    name = "sigmoid"
    templates = ("∂σ({0})/∂{0} = σ({0})(1 − σ({0}))",)

    def forward(self, z):
        # Two branches so that neither exp overflows for large |z|.
        positive = z >= 0
        exp_neg_abs = np.exp(np.where(positive, -z, z))
        return np.where(positive, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))

    def vjp(self, index, upstream, inputs, output):
        return upstream * output * (1.0 - output)


class Relu(Op):
    """max(z, 0);  f′(z) = 1 where z > 0, else 0 (0 at the kink)."""

    name = "relu"
    templates = ("∂relu({0})/∂{0} = 1 if {0} > 0 else 0",)

    def forward(self, z):
        return np.maximum(z, 0.0)

    def vjp(self, index, upstream, inputs, output):
        return upstream * (inputs[0] > 0)

    def branches(self, z):
        return np.sign(z)


class LeakyRelu(Op):
    """z where z > 0, else slope·z;  f′(z) = 1 or slope."""

    name = "leaky_relu"

    def __init__(self, slope: float = 0.01) -> None:
        self.slope = float(slope)
        self.templates = ("∂lrelu({0})/∂{0} = 1 if {0} > 0 else " + f"{self.slope:g}",)

    def describe(self) -> str:
        return f"leaky_relu(slope={self.slope:g})"

    def forward(self, z):
        return np.where(z > 0, z, self.slope * z)

    def vjp(self, index, upstream, inputs, output):
        return upstream * np.where(inputs[0] > 0, 1.0, self.slope)

    def branches(self, z):
        return np.sign(z)


class HardTanh(Op):
    """−1 below −1, z in between, 1 above 1;  f′(z) = 1 inside (−1, 1), else 0."""

    name = "hard_tanh"
    templates = ("∂hardtanh({0})/∂{0} = 1 if −1 < {0} < 1 else 0",)

    def forward(self, z):
        return np.clip(z, -1.0, 1.0)

    def vjp(self, index, upstream, inputs, output):
        z = inputs[0]
        return upstream * ((z > -1.0) & (z < 1.0))

    def branches(self, z):
        return np.sign(z - 1.0) + np.sign(z + 1.0)
