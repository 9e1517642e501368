"""Numerically stable logarithms the word-vector objectives need: log σ(z) (negative
sampling) and log Σ_w exp(z_w) (the full softmax of skip-gram)."""

from __future__ import annotations

import numpy as np

from bpviz.engine.local import product
from bpviz.engine.ops.base import Op
from bpviz.engine.ops.losses import softmax
from bpviz.engine.ops.registry import register


def stable_sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) with neither branch's exp overflowing."""
    positive = z >= 0
    exp_neg_abs = np.exp(-np.abs(z))
    return np.where(positive, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))


@register
class LogSigmoid(Op):
    """log σ(z) = −log(1 + e⁻ᶻ), element-wise;  ∂/∂z = 1 − σ(z) = σ(−z).

    Written as min(z, 0) − log(1 + e^{−|z|}), so a large |z| neither overflows exp nor
    rounds σ to 0 before the log (log σ(−800) is −800, not −∞).
    """

    name = "log_sigmoid"
    display = "log σ"
    pattern = "log σ({0})"
    local_names = ("σ(−{0})",)

    def forward(self, z):
        return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))

    def local(self, index, inputs, output):
        return product(stable_sigmoid(-inputs[0]), inputs[0].shape)


@register
class LogSumExp(Op):
    """log Σ_w exp(z_w) over a vector;  ∂/∂z = softmax(z), the probabilities P(w) the
    scores give. Shifted by max z, so exp never overflows.

    `probability` is how the lecture writes softmax(z): P(w|c) for skip-gram's scores u_wᵀv_c.
    """

    name = "log_sum_exp"
    display = "log Σ exp"
    pattern = "log Σ_w exp({0})"
    local_names = ("{probability}",)

    def __init__(self, probability: str = "softmax(z)") -> None:
        self.probability = probability

    def settings(self):
        return {"probability": self.probability}

    def forward(self, z):
        if z.ndim != 1:
            raise ValueError("log Σ exp needs a vector of scores")
        top = z.max()
        return np.asarray(top + np.log(np.exp(z - top).sum()), dtype=z.dtype)

    def local(self, index, inputs, output):
        probabilities = softmax(inputs[0])
        return product(probabilities, inputs[0].shape, parts={self.probability: probabilities})
