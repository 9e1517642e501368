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
        cells, scaled, columns = self._row_buffers(name, grad.values)
        starts = grad.rows * param.shape[1]  # each row's first cell, then all its cells
        np.add(starts[:, np.newaxis], columns, out=cells)
        np.multiply(grad.values, lr, out=scaled)
        np.subtract.at(param.reshape(-1), cells.reshape(-1), scaled.reshape(-1))

    def _row_buffers(self, name: str, values: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Reused buffers for a row update's flat cell indices and scaled gradients (a
        batch's rows take the same shape step after step: no fresh arrays each step)."""
        buffers = getattr(self, "_rows", None)
        if buffers is None:
            buffers = self._rows = {}
        kept, shape = buffers.get(name), values.shape
        if kept is None or kept[1].shape != shape or kept[1].dtype != values.dtype:
            kept = buffers[name] = (np.empty(shape, dtype=np.intp), np.empty_like(values),
                                    np.arange(shape[1], dtype=np.intp))
        return kept
