"""The W2-sgns workload by hand: skip-gram with negative sampling on a minibatch, one SGD step
with sparse row updates of V and U, in as few NumPy passes as it allows.

As fast as plain NumPy allows (each choice measured, see the README's W2-sgns notes): each
pair's outside rows [o, k₁ … k_K] are gathered in one `take`; the scores are one batched
product of B (1+K)×d matrices with a d-vector; ∂J/∂v_c another (no B×(1+K)×d temporary
for either); the looked-up cells' flat indices are computed once per batch (not per
step); every intermediate has a preallocated buffer written with `out=`; the updates are
one unbuffered `np.subtract.at` per table (faster here than a `bincount` over the whole
table or a sort and `reduceat` of the rows)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


class FusedSgns:
    """J = Σ_b −log σ(u_oᵀv_c) − Σ_k log σ(−u_kᵀv_c), plain SGD on the rows it touches."""

    def __init__(self, params: Mapping[str, np.ndarray], batch: int, negatives: int) -> None:
        self.V, self.U = params["V"].copy(), params["U"].copy()
        d = self.V.shape[1]
        self.d, self.batch, self.width = d, batch, negatives + 1
        self.centres = np.empty(batch, dtype=np.intp)
        self.outside = np.empty(batch * self.width, dtype=np.intp)  # o, k₁ … k_K per pair
        self.v_c = np.empty((batch, d))
        self.u = np.empty((batch, self.width, d))
        self.z = np.empty((batch, self.width))  # the signed scores: u_oᵀv_c, −u_kᵀv_c
        self.sign = np.full((1, self.width), -1.0)
        self.sign[0, 0] = 1.0
        self.work = np.empty((batch, self.width))
        self.coef = np.empty((batch, self.width))  # ∂J/∂(u_wᵀv_c)
        self.low = np.empty((batch, self.width))
        self.positive = np.empty((batch, self.width), dtype=bool)
        self.d_v = np.empty((batch, d))
        self.d_u = np.empty((batch, self.width, d))
        self.columns = np.arange(d)
        self.cells_v = np.empty(batch * d, dtype=np.intp)
        self.cells_u = np.empty(batch * self.width * d, dtype=np.intp)

    def set_batch(self, centres: np.ndarray, contexts: np.ndarray, negatives: np.ndarray) -> None:
        """B centres and contexts (rows of V and U) and B × K negatives (rows of U)."""
        self.centres[:] = centres
        outside = self.outside.reshape(self.batch, self.width)
        outside[:, 0] = contexts
        outside[:, 1:] = negatives
        np.add((self.centres * self.d)[:, np.newaxis], self.columns,
               out=self.cells_v.reshape(-1, self.d))
        np.add((self.outside * self.d)[:, np.newaxis], self.columns,
               out=self.cells_u.reshape(-1, self.d))

    def gradients(self) -> float:
        """Forward and backward; J. ∂J/∂v_c is left in `d_v`, ∂J/∂[u_o, u_k] in `d_u`."""
        np.take(self.V, self.centres, axis=0, out=self.v_c)
        np.take(self.U, self.outside, axis=0, out=self.u.reshape(-1, self.d))
        z, work, coef = self.z, self.work, self.coef
        np.matmul(self.u, self.v_c[:, :, np.newaxis], out=z[:, :, np.newaxis])
        z *= self.sign
        # log σ(z) = min(z, 0) − log(1 + e^{−|z|}); ∂(−log σ(z))/∂z = −σ(−z).
        np.abs(z, out=work)
        np.negative(work, out=work)
        np.exp(work, out=work)  # e^{−|z|}, kept for σ below
        np.log1p(work, out=coef)
        np.minimum(z, 0.0, out=self.low)
        loss = float(np.add.reduce(coef, axis=None)) - float(np.add.reduce(self.low, axis=None))
        np.add(work, 1.0, out=coef)
        np.greater(z, 0.0, out=self.positive)
        self.low.fill(1.0)
        np.copyto(self.low, work, where=self.positive)
        np.divide(self.low, coef, out=coef)  # σ(−z), stable: e^{−z}/(1+e^{−z}) or 1/(1+e^{z})
        coef *= -self.sign  # ∂J/∂(u_wᵀv_c): σ(u_oᵀv_c) − 1, then σ(u_kᵀv_c)
        np.matmul(coef[:, np.newaxis, :], self.u, out=self.d_v[:, np.newaxis, :])
        np.multiply(coef[:, :, np.newaxis], self.v_c[:, np.newaxis, :], out=self.d_u)
        return loss

    def sgd(self, lr: float) -> None:
        """Both tables' touched rows, one element at a time, repeats accumulating."""
        self.d_v *= lr
        self.d_u *= lr
        np.subtract.at(self.V.reshape(-1), self.cells_v, self.d_v.reshape(-1))
        np.subtract.at(self.U.reshape(-1), self.cells_u, self.d_u.reshape(-1))

    def step(self, lr: float) -> float:
        loss = self.gradients()
        self.sgd(lr)
        return loss

    def dense_grads(self) -> dict[str, np.ndarray]:
        """∂J/∂V and ∂J/∂U as whole tables, for comparing with bpviz."""
        V, U = np.zeros_like(self.V), np.zeros_like(self.U)
        np.add.at(V, self.centres, self.d_v)
        np.add.at(U, self.outside, self.d_u.reshape(-1, self.d))
        return {"V": V, "U": U}
