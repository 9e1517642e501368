"""Plain stochastic gradient descent."""

from __future__ import annotations

import numpy as np

from bpviz.training.optimizers.base import Optimizer, State
from bpviz.training.row_gradient import RowGradient


class SGD(Optimizer):
    """θ −= lr · g. No state."""

    name = "sgd"
    formula = "θ ← θ − lr·g"

    def _apply(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> None:
        param -= lr * grad

    def _update_rows(self, name: str, param: np.ndarray, grad: RowGradient, lr: float) -> None:
        # θ −= lr·g is linear: each looked-up row's part can be subtracted on its own,
        # one table element at a time (fast in NumPy), repeats accumulating.
        if not param.flags.c_contiguous:
            super()._update_rows(name, param, grad, lr)
            return
        np.subtract.at(param.reshape(-1), grad.element_indices(param.shape[1]),
                       (lr * grad.values).reshape(-1))
