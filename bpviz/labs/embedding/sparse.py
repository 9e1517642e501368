"""Gradients of a few rows of a table, and the updates that write only those rows.

A minibatch touches few rows of a vocabulary-sized table, and the same row may be touched
several times (a word twice in a batch, a negative drawn twice): its gradients are summed
as the full gradient would have them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RowGrad:
    """The gradient of a table at `rows` (sorted, distinct): `values[k]` is row `rows[k]`'s;
    every other row's gradient is zero."""

    rows: np.ndarray
    values: np.ndarray

    def dense(self, shape: tuple[int, ...]) -> np.ndarray:
        """The whole table's gradient, zeros where no row was touched."""
        full = np.zeros(shape)
        full[self.rows] = self.values
        return full


def scatter_rows(indices: np.ndarray, grads: np.ndarray) -> RowGrad:
    """Sum the gradients `grads[k]` meant for rows `indices[k]` (a row given twice gets both)."""
    indices = np.asarray(indices, dtype=np.int64)
    if len(indices) == 0:
        return RowGrad(indices, np.zeros((0, *grads.shape[1:])))
    # Sorted, each row's gradients are a run: one reduceat sums every run (faster than add.at).
    order = np.argsort(indices, kind="stable")
    ordered = indices[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return RowGrad(ordered[starts], np.add.reduceat(grads[order], starts, axis=0))


@dataclass(frozen=True)
class RowWrite:
    """New values for some rows of a table, computed but not yet written."""

    table: np.ndarray
    rows: np.ndarray
    values: np.ndarray

    def finite(self) -> bool:
        return bool(np.isfinite(self.values).all())

    def apply(self) -> None:
        self.table[self.rows] = self.values


def sgd(table: np.ndarray, grad: RowGrad, lr: float) -> list[RowWrite]:
    """Plain gradient descent on the touched rows: x ← x − lr·g."""
    with np.errstate(over="ignore", invalid="ignore"):  # a non-finite result is refused later
        return [RowWrite(table, grad.rows, table[grad.rows] - lr * grad.values)]


def adagrad(table: np.ndarray, cache: np.ndarray, grad: RowGrad, lr: float) -> list[RowWrite]:
    """AdaGrad on the touched rows, as GloVe trains: G ← G + g², x ← x − lr·g/√G
    (G starts at 1, as in GloVe's own code)."""
    with np.errstate(over="ignore", invalid="ignore"):
        squares = cache[grad.rows] + grad.values ** 2
        values = table[grad.rows] - lr * grad.values / np.sqrt(squares)
    return [RowWrite(cache, grad.rows, squares), RowWrite(table, grad.rows, values)]
