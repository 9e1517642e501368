"""The three objectives the embedding lab trains, and their gradients, in plain NumPy.
The lab trains the GloVe panels with these; skip-gram trains through the engine's
compiled plan (bpviz.models.sgns_batch), and its NumPy form here is the independent
recomputation the tests hold that plan to.

Each loss is a sum over a minibatch (of (centre, context) pairs, or of non-zero entries
of X); the gradients are of that sum, for the rows the batch touches.

- Skip-gram with negative sampling: J = Σ −log σ(u_oᵀv_c) − Σ_k log σ(−u_kᵀv_c).
- GloVe: J = Σ f(X_ij) (w_iᵀw̃_j + b_i + b̃_j − log X_ij)², f(x) = min(1, (x/x_max)^α).
- Simpler GloVe: J = Σ (v_iᵀv_j − PMI_ij)², one table and no biases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.labs.embedding.sparse import RowGrad, scatter_rows


def log1p_exp(x: np.ndarray) -> np.ndarray:
    """log(1 + eˣ) without overflow: −log σ(−x)."""
    return np.logaddexp(0.0, x)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e⁻ˣ), exact at both ends (e⁻ˣ overflowing gives 0)."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class SgnsGrads:
    """J over the batch, ∂J/∂V (centre vectors) and ∂J/∂U (outside vectors) at the rows
    touched, and each pair's coefficients: `pos[b]` = σ(u_oᵀv_c) − 1 and
    `neg[b, k]` = σ(u_kᵀv_c), with which ∂J/∂v_c = pos·u_o + Σ_k neg_k·u_k."""

    loss: float
    centre: RowGrad
    outside: RowGrad
    pos: np.ndarray
    neg: np.ndarray


def sgns_loss_and_grads(V: np.ndarray, U: np.ndarray, centres: np.ndarray,
                        contexts: np.ndarray, negatives: np.ndarray) -> SgnsGrads:
    """Skip-gram with negative sampling on a batch: `centres`, `contexts` (B) and
    `negatives` (B×K) index rows of V (centre) and U (outside) respectively."""
    v_c, u_o, u_k = V[centres], U[contexts], U[negatives]  # B×d, B×d, B×K×d
    s_pos = np.einsum("bd,bd->b", v_c, u_o)
    s_neg = np.einsum("bkd,bd->bk", u_k, v_c)
    loss = float(log1p_exp(-s_pos).sum() + log1p_exp(s_neg).sum())
    pos, neg = sigmoid(s_pos) - 1.0, sigmoid(s_neg)
    d_v = pos[:, None] * u_o + np.einsum("bk,bkd->bd", neg, u_k)
    d_o = pos[:, None] * v_c
    d_k = neg[:, :, None] * v_c[:, None, :]
    outside = scatter_rows(np.concatenate([contexts, negatives.ravel()]),
                           np.concatenate([d_o, d_k.reshape(-1, V.shape[1])]))
    return SgnsGrads(loss, scatter_rows(centres, d_v), outside, pos, neg)


def sgns_loss(V: np.ndarray, U: np.ndarray, centres: np.ndarray, contexts: np.ndarray,
              negatives: np.ndarray) -> float:
    """J of skip-gram with negative sampling on a batch (no gradients)."""
    s_pos = np.einsum("bd,bd->b", V[centres], U[contexts])
    s_neg = np.einsum("bkd,bd->bk", U[negatives], V[centres])
    return float(log1p_exp(-s_pos).sum() + log1p_exp(s_neg).sum())


def glove_weight(counts: np.ndarray, x_max: float, alpha: float) -> np.ndarray:
    """f(x) = min(1, (x / x_max)^α)."""
    return np.minimum(1.0, (counts / x_max) ** alpha)


@dataclass(frozen=True)
class GloveGrads:
    """J over the batch and ∂J/∂W, ∂J/∂W̃, ∂J/∂b, ∂J/∂b̃ at the rows touched."""

    loss: float
    W: RowGrad
    W_tilde: RowGrad
    b: RowGrad
    b_tilde: RowGrad


def glove_loss_and_grads(W: np.ndarray, W_tilde: np.ndarray, b: np.ndarray, b_tilde: np.ndarray,
                         rows: np.ndarray, cols: np.ndarray, counts: np.ndarray,
                         x_max: float, alpha: float) -> GloveGrads:
    """GloVe on the entries X[rows[e], cols[e]] = counts[e] (all positive)."""
    w, w_t = W[rows], W_tilde[cols]
    error = np.einsum("ed,ed->e", w, w_t) + b[rows] + b_tilde[cols] - np.log(counts)
    weight = glove_weight(counts, x_max, alpha)
    g = 2.0 * weight * error  # ∂J/∂(w_iᵀw̃_j) for each entry
    return GloveGrads(float((weight * error ** 2).sum()), scatter_rows(rows, g[:, None] * w_t),
                      scatter_rows(cols, g[:, None] * w), scatter_rows(rows, g),
                      scatter_rows(cols, g))


def glove_loss(W: np.ndarray, W_tilde: np.ndarray, b: np.ndarray, b_tilde: np.ndarray,
               rows: np.ndarray, cols: np.ndarray, counts: np.ndarray,
               x_max: float, alpha: float) -> float:
    """J of GloVe on the given entries (no gradients)."""
    error = np.einsum("ed,ed->e", W[rows], W_tilde[cols]) + b[rows] + b_tilde[cols] \
        - np.log(counts)
    return float((glove_weight(counts, x_max, alpha) * error ** 2).sum())


@dataclass(frozen=True)
class SimpleGloveGrads:
    """J over the batch and ∂J/∂V at the rows touched."""

    loss: float
    V: RowGrad


def simple_glove_loss_and_grads(V: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                                pmi: np.ndarray) -> SimpleGloveGrads:
    """Simpler GloVe on the entries (rows[e], cols[e]) with targets `pmi[e]`; a diagonal
    entry (i, i) sends both its halves to row i."""
    v_i, v_j = V[rows], V[cols]
    error = np.einsum("ed,ed->e", v_i, v_j) - pmi
    g = (2.0 * error)[:, None]
    grad = scatter_rows(np.concatenate([rows, cols]), np.concatenate([g * v_j, g * v_i]))
    return SimpleGloveGrads(float((error ** 2).sum()), grad)


def simple_glove_loss(V: np.ndarray, rows: np.ndarray, cols: np.ndarray, pmi: np.ndarray) -> float:
    """J of simpler GloVe on the given entries (no gradients)."""
    return float(((np.einsum("ed,ed->e", V[rows], V[cols]) - pmi) ** 2).sum())
