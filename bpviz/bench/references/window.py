"""The W2 workload by hand: both windows of every pair in one stacked batch, one product
per layer, and the word vectors' SGD update as one unbuffered subtraction per element.

As fast as plain NumPy allows: the looked-up rows' flat cell indices are computed once
per batch (not per step), every intermediate has a preallocated buffer written with
`out=`, the margins and the loss are taken without temporaries, and the dense
parameters' updates scale the gradient in place (no `lr * g` array per step)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


class FusedWindowScorer:
    """s = uᵀ tanh(W x + b), J = mean max(0, 1 − s + s_c), SGD with sparse rows of L."""

    def __init__(self, params: Mapping[str, np.ndarray], batch: int, window: int) -> None:
        self.L, self.W = params["L"].copy(), params["W"].copy()
        self.b, self.u = params["b"].copy(), params["u"].copy()
        d, hidden = self.L.shape[1], len(self.b)
        self.d, self.batch, self.window = d, batch, window
        pairs = 2 * batch
        self.rows = np.empty(pairs * window, dtype=np.intp)
        self.X = np.empty((pairs * window, d))
        self.H = np.empty((pairs, hidden))
        self.s = np.empty(pairs)
        self.ds = np.empty(pairs)
        self.dH = np.empty((pairs, hidden))
        self.slope = np.empty((pairs, hidden))
        self.dX = np.empty((pairs, window * d))
        self.dW = np.empty_like(self.W)
        self.db = np.empty_like(self.b)
        self.du = np.empty_like(self.u)
        self.ones = np.ones(pairs)
        self.columns = np.arange(d)
        self.cells = np.empty(pairs * window * d, dtype=np.intp)  # L's looked-up cells
        self.margin = np.empty(batch)
        self.violated = np.empty(batch, dtype=bool)

    def set_batch(self, true_rows: np.ndarray, corrupt_rows: np.ndarray) -> None:
        """B × n row indices of the true windows and of their corrupt twins."""
        half = self.batch * self.window
        self.rows[:half] = true_rows.reshape(-1)
        self.rows[half:] = corrupt_rows.reshape(-1)
        np.add((self.rows * self.d)[:, np.newaxis], self.columns,
               out=self.cells.reshape(-1, self.d))

    def gradients(self) -> float:
        """Forward and backward; the mean loss. ∂J/∂X is left in `self.dX`."""
        B = self.batch
        np.take(self.L, self.rows, axis=0, out=self.X)
        X = self.X.reshape(2 * B, -1)
        H = self.H
        np.matmul(X, self.W.T, out=H)
        H += self.b
        np.tanh(H, out=H)
        np.matmul(H, self.u, out=self.s)
        margin, violated = self.margin, self.violated
        np.subtract(self.s[B:], self.s[:B], out=margin)
        margin += 1.0
        np.greater(margin, 0.0, out=violated)
        np.maximum(margin, 0.0, out=margin)
        loss = float(np.add.reduce(margin)) / B
        np.divide(violated, B, out=self.ds[B:])
        np.negative(self.ds[B:], out=self.ds[:B])
        np.matmul(H.T, self.ds, out=self.du)
        np.multiply(self.ds[:, np.newaxis], self.u, out=self.dH)
        np.multiply(H, H, out=self.slope)
        np.subtract(1.0, self.slope, out=self.slope)
        self.dH *= self.slope
        np.matmul(self.dH.T, X, out=self.dW)
        np.matmul(self.ones, self.dH, out=self.db)
        np.matmul(self.dH, self.W, out=self.dX)
        return loss

    def sgd(self, lr: float) -> None:
        """θ −= lr·g; L's looked-up rows one element at a time, repeats accumulating."""
        for param, grad in ((self.W, self.dW), (self.b, self.db), (self.u, self.du)):
            grad *= lr
            param -= grad
        self.dX *= lr
        np.subtract.at(self.L.reshape(-1), self.cells, self.dX.reshape(-1))

    def step(self, lr: float) -> float:
        loss = self.gradients()
        self.sgd(lr)
        return loss

    def dense_grads(self) -> dict[str, np.ndarray]:
        """∂J/∂θ with ∂J/∂L dense, for comparing with bpviz."""
        L = np.zeros_like(self.L)
        np.add.at(L, self.rows, self.dX.reshape(-1, self.d))
        return {"L": L, "W": self.dW.copy(), "b": self.db.copy(), "u": self.du.copy()}
