"""Plain stochastic gradient descent."""

from __future__ import annotations

import numpy as np

from bpviz.training.optimizers.base import Optimizer, State


class SGD(Optimizer):
    """θ −= lr · g. No state."""

    name = "sgd"
    formula = "θ ← θ − lr·g"

    def _apply(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> None:
        param -= lr * grad
