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
        starts, cells, flat_cells, scaled, flat_scaled, columns, width = self._row_buffers(
            name, grad.values)
        # Each looked-up row's cells in the flat table, once for the batch: its first cell
        # (row · width), then the row's others beside it.
        np.multiply(grad.rows, width, out=starts)
        np.add(starts[:, np.newaxis], columns, out=cells)
        np.multiply(grad.values, lr, out=scaled)
        np.subtract.at(param.reshape(-1), flat_cells, flat_scaled)

    def _row_buffers(self, name: str, values: np.ndarray) -> tuple:
        """Reused buffers for a row update's row starts, flat cell indices and scaled
        gradients (with their flat views), the columns and the width (a batch's rows take
        the same shape step after step: no fresh arrays each step)."""
        buffers = getattr(self, "_rows", None)
        if buffers is None:
            buffers = self._rows = {}
        kept, shape = buffers.get(name), values.shape
        if kept is None or kept[3].shape != shape or kept[3].dtype != values.dtype:
            cells, scaled = np.empty(shape, dtype=np.intp), np.empty_like(values)
            kept = buffers[name] = (np.empty(shape[0], dtype=np.intp), cells, cells.reshape(-1),
                                    scaled, scaled.reshape(-1),
                                    np.arange(shape[1], dtype=np.intp),
                                    np.array(shape[1], dtype=np.intp))  # an array: no int to convert
        return kept
