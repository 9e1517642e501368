"""Classical momentum: a velocity that keeps some of its past direction."""

from __future__ import annotations

import numpy as np

from bpviz.training.choices import require
from bpviz.training.optimizers.base import Optimizer, State


class Momentum(Optimizer):
    """v = μ v − lr g;  θ += v  (v starts at 0)."""

    name = "momentum"
    formula = "v ← μ·v − lr·g;  θ ← θ + v"
    state_names = ("velocity",)
    setting_names = ("mu",)

    def __init__(self, mu: float = 0.9) -> None:
        require("mu", mu, 0.0 <= mu < 1.0, "in [0, 1)")
        super().__init__()
        self.mu = mu

    def _apply(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> None:
        velocity = state["velocity"]
        velocity *= self.mu
        velocity -= lr * grad
        param += velocity
