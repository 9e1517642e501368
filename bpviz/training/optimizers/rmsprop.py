"""RMSprop: Adagrad with a leaky cache, so old gradients are forgotten."""

from __future__ import annotations

import numpy as np

from bpviz.training.choices import require
from bpviz.training.optimizers.base import Optimizer, State


class RMSprop(Optimizer):
    """cache = ρ cache + (1 − ρ) g²;  θ −= lr · g / (√cache + ε)."""

    name = "rmsprop"
    formula = "c ← ρ·c + (1−ρ)·g²;  θ ← θ − lr·g / (√c + ε)"
    state_names = ("cache",)
    setting_names = ("rho", "eps")

    def __init__(self, rho: float = 0.9, eps: float = 1e-8) -> None:
        require("rho", rho, 0.0 <= rho < 1.0, "in [0, 1)")
        require("eps", eps, eps > 0.0, "> 0")
        super().__init__()
        self.rho = rho
        self.eps = eps

    def _apply(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> None:
        cache = state["cache"]
        cache *= self.rho
        cache += (1.0 - self.rho) * grad * grad
        param -= lr * grad / (np.sqrt(cache) + self.eps)
