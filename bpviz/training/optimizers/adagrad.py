"""Adagrad: each element's step shrinks with the squared gradients it has seen so far."""

from __future__ import annotations

import numpy as np

from bpviz.training.choices import require
from bpviz.training.optimizers.base import Optimizer, State


class Adagrad(Optimizer):
    """cache += g²;  θ −= lr · g / (√cache + ε)."""

    name = "adagrad"
    formula = "c ← c + g²;  θ ← θ − lr·g / (√c + ε)"
    state_names = ("cache",)
    setting_names = ("eps",)

    def __init__(self, eps: float = 1e-8) -> None:
        require("eps", eps, eps > 0.0, "> 0")
        super().__init__()
        self.eps = eps

    def _apply(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> None:
        cache = state["cache"]
        cache += grad * grad
        param -= lr * grad / (np.sqrt(cache) + self.eps)
