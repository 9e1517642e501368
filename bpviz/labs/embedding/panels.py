"""The lab's three models, each holding its tables and computing (never yet writing) the
update for one batch, so that a step can be refused for all three at once.

Skip-gram with negative sampling: centre vectors V and outside vectors U, plain SGD.
GloVe: W, W̃, b, b̃ with AdaGrad. Simpler GloVe: one table V with AdaGrad. The vectors
drawn, compared and exported are V, W and V (the centre or word vectors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.data.cooccurrence import Cooccurrence
from bpviz.engine import NonFiniteError
from bpviz.labs.embedding.objectives import (
    glove_loss, glove_loss_and_grads, sigmoid, simple_glove_loss, simple_glove_loss_and_grads,
)
from bpviz.labs.embedding.sparse import RowWrite, adagrad
from bpviz.models.sgns_batch import SgnsBatch
from bpviz.training.optimizers import Optimizer, make_optimizer
from bpviz.training.row_gradient import RowGradient


@dataclass(frozen=True)
class Highlight:
    """Skip-gram's first pair of the latest batch: the centre word c, its context word o and
    its negatives (vocabulary ids, in draw order, a word drawn twice appearing twice), their
    vectors before the step, and the moves this pair alone gave them (−lr × its gradient):
    `pull` is v_c's move towards u_o, `pushes[k]` its move away from u_k, `context_move`
    and `negative_moves[k]` those of u_o and u_k. The batch's other pairs move them too."""

    centre: int
    context: int
    negatives: np.ndarray
    v_c: np.ndarray
    u_o: np.ndarray
    u_negatives: np.ndarray
    pull: np.ndarray
    pushes: np.ndarray
    context_move: np.ndarray
    negative_moves: np.ndarray


class SgnsPanel:
    """Skip-gram with negative sampling; U starts at zero, as in word2vec. Each batch runs
    through the engine's compiled plan (bpviz.models.sgns_batch, the step `bpviz bench`
    times as W2-sgns), and plain SGD updates only the rows it looked up."""

    def __init__(self, V: np.ndarray) -> None:
        self.model = SgnsBatch(V.copy(), np.zeros_like(V))
        self.optimizer = make_optimizer("sgd")

    @property
    def V(self) -> np.ndarray:
        return self.model.params["V"]

    @property
    def U(self) -> np.ndarray:
        return self.model.params["U"]

    @property
    def vectors(self) -> np.ndarray:
        return self.V

    def tables(self) -> dict[str, np.ndarray]:
        return {"V": self.V, "U": self.U}

    def arrays(self) -> dict[str, np.ndarray]:
        """Every array that training changes, by name (live: a session file's state)."""
        return self.tables()

    def prepare(self, centres: np.ndarray, contexts: np.ndarray, negatives: np.ndarray,
                lr: float) -> tuple[float, list[RowsSgd], Highlight | None]:
        """J on the batch, the SGD writes, and the first pair's highlight (None, with a
        J of NaN, when the batch's loss or gradients are not finite)."""
        try:
            loss, grads = self.model.run(centres, contexts, negatives)
        except NonFiniteError:
            return float("nan"), [], None
        writes = [RowsSgd(self.model.params[name], name, grads[name], lr, self.optimizer)
                  for name in ("V", "U")]
        c, o, k = int(centres[0]), int(contexts[0]), negatives[0]
        v_c, u_o, u_k = self.V[c].copy(), self.U[o].copy(), self.U[k].copy()
        # ∂J/∂(u_wᵀv_c) of the first pair: σ(u_oᵀv_c) − 1 for o, σ(u_kᵀv_c) for each k.
        coefficients = sigmoid(self.model.scores()[0])
        pos, neg = coefficients[0] - 1.0, coefficients[1:]
        highlight = Highlight(c, o, k.copy(), v_c, u_o, u_k, -lr * pos * u_o,
                              -lr * neg[:, None] * u_k, -lr * pos * v_c,
                              -lr * neg[:, None] * v_c[None, :])
        return loss, writes, highlight


LARGEST = 0.5 * np.finfo(float).max  # below it, a sum of two such numbers stays finite


@dataclass(frozen=True)
class RowsSgd:
    """Plain SGD on the rows of `table` a batch looked up, by the engine's optimiser (one
    element at a time, repeats accumulating), computed but not yet written."""

    table: np.ndarray
    name: str
    grad: RowGradient
    lr: float
    optimizer: Optimizer

    def finite(self) -> bool:
        """Whether the touched rows stay finite: the step is tried and undone (the rows
        put back exactly; a repeated row gets its one saved value back each time)."""
        rows, values = self.grad.rows, self.grad.values
        if not len(rows):
            return True
        saved = self.table[rows]
        # Sure without trying: no cell moves by more than lr·Σ|g| ≤ lr·k·max|g|.
        if float(np.abs(saved).max()) + self.lr * len(rows) * float(np.abs(values).max()) \
                < LARGEST:
            return True
        with np.errstate(over="ignore", invalid="ignore"):
            self.apply()
        finite = bool(np.isfinite(self.table[rows]).all())
        self.table[rows] = saved
        return finite

    def apply(self) -> None:
        self.optimizer.step({self.name: self.table}, {self.name: self.grad}, self.lr)


class GlovePanel:
    """GloVe on X's non-zero entries, weighted by f(X_ij) = min(1, (X_ij/x_max)^α)."""

    def __init__(self, W: np.ndarray, W_tilde: np.ndarray, b: np.ndarray, b_tilde: np.ndarray,
                 X: Cooccurrence, x_max: float, alpha: float) -> None:
        self.W, self.W_tilde = W.copy(), W_tilde.copy()
        self.b, self.b_tilde = b.copy(), b_tilde.copy()
        self.X, self.x_max, self.alpha = X, x_max, alpha
        # AdaGrad's sums of squared gradients, starting at 1 as in GloVe's own code.
        self.caches = {name: np.ones_like(table) for name, table in self.tables().items()}

    @property
    def vectors(self) -> np.ndarray:
        return self.W

    def tables(self) -> dict[str, np.ndarray]:
        return {"W": self.W, "W_tilde": self.W_tilde, "b": self.b, "b_tilde": self.b_tilde}

    def arrays(self) -> dict[str, np.ndarray]:
        """Every array that training changes, by name: the tables and AdaGrad's caches."""
        return {**self.tables(), **{f"cache_{name}": cache for name, cache in self.caches.items()}}

    def prepare(self, entries: np.ndarray, lr: float) -> tuple[float, list[RowWrite]]:
        """J on the entries and the AdaGrad writes."""
        X = self.X
        grads = glove_loss_and_grads(self.W, self.W_tilde, self.b, self.b_tilde, X.rows[entries],
                                     X.cols[entries], X.values[entries], self.x_max, self.alpha)
        writes: list[RowWrite] = []
        for name, table in self.tables().items():
            writes += adagrad(table, self.caches[name], getattr(grads, name), lr)
        return grads.loss, writes

    def full_loss(self) -> float:
        """J over every non-zero entry of X."""
        X = self.X
        return glove_loss(self.W, self.W_tilde, self.b, self.b_tilde, X.rows, X.cols, X.values,
                          self.x_max, self.alpha)


class SimpleGlovePanel:
    """Simpler GloVe: ⟨v_i, v_j⟩ fitted to the PMI at X's non-zero entries."""

    def __init__(self, V: np.ndarray, X: Cooccurrence) -> None:
        self.V, self.X, self.pmi = V.copy(), X, X.pmi()
        self.cache = np.ones_like(self.V)

    @property
    def vectors(self) -> np.ndarray:
        return self.V

    def tables(self) -> dict[str, np.ndarray]:
        return {"V": self.V}

    def arrays(self) -> dict[str, np.ndarray]:
        """Every array that training changes, by name: V and AdaGrad's cache."""
        return {"V": self.V, "cache": self.cache}

    def prepare(self, entries: np.ndarray, lr: float) -> tuple[float, list[RowWrite]]:
        """J on the entries and the AdaGrad writes."""
        grads = simple_glove_loss_and_grads(self.V, self.X.rows[entries], self.X.cols[entries],
                                            self.pmi[entries])
        return grads.loss, adagrad(self.V, self.cache, grads.V, lr)

    def full_loss(self) -> float:
        """J over every non-zero entry of X."""
        return simple_glove_loss(self.V, self.X.rows, self.X.cols, self.pmi)
