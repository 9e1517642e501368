"""A table's gradient as the gradients of the rows a batch looked up, repeats not yet summed.

An embedding L of 5,000 words touched by a batch in a few hundred rows needs neither a
dense 5,000-row gradient nor a pass over the untouched rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RowGradient:
    """∂J/∂L = Σ_k e_{rows[k]} values[k]ᵀ: row rows[k] of L receives values[k]."""

    rows: np.ndarray    # (k,) row indices, repeats allowed
    values: np.ndarray  # (k, d)
    # The table's row count the rows were already checked against (a compiled plan checks
    # a batch's rows as it takes them), or −1: then `check` looks at each.
    within: int = -1

    def check(self, name: str, param: np.ndarray) -> None:
        """Refuse rows outside the table or values of the wrong width."""
        if param.ndim != 2 or self.values.shape != (len(self.rows), param.shape[1]):
            raise ValueError(f"the row gradient of {name!r} has values of shape "
                             f"{self.values.shape} for {len(self.rows)} rows; the parameter "
                             f"has shape {param.shape}")
        if self.within == param.shape[0]:
            return  # checked against this very row count already: no second pass
        # Seen unsigned, a negative row is huge: one maximum checks both ends.
        if self.rows.size and int(np.maximum.reduce(self.rows.astype(np.intp, copy=False)
                                                    .view(np.uintp))) >= param.shape[0]:
            raise ValueError(f"rows of {name!r} must lie in 0..{param.shape[0] - 1}")

    def summed(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct rows, sorted, and each one's summed gradient."""
        rows, where = np.unique(self.rows, return_inverse=True)
        values = np.zeros((len(rows), self.values.shape[1]), dtype=self.values.dtype)
        np.add.at(values, where.reshape(-1), self.values)
        return rows.astype(np.intp), values

    def dense(self, shape: tuple[int, ...]) -> np.ndarray:
        """The full gradient, zero in the rows nobody looked up."""
        grad = np.zeros(shape, dtype=self.values.dtype)
        np.add.at(grad, self.rows, self.values)
        return grad

    def element_indices(self, width: int) -> np.ndarray:
        """Each value's position in the flattened table: row · width + column."""
        return (self.rows[:, np.newaxis] * width + np.arange(width)).reshape(-1)
