"""GloVe (lecture 2) on a small co-occurrence matrix X, exactly as written (no ½):
J = Σ_{i,j: X_ij > 0} f(X_ij) (w_iᵀw̃_j + b_i + b̃_j − log X_ij)²,  f(x) = min(1, (x/x_max)^α)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.engine import Graph, Naming, matmul, reshape, total, transpose
from bpviz.errors import BpvizError
from bpviz.models.model_graph import ModelGraph
from bpviz.models.word_corpus import WordCounts
from bpviz.models.word_model import WordModel, check_d, default_counts, initial_vectors

X_MAX, ALPHA = 100.0, 0.75
# The lecture's names of the context table and biases on stage; JSON keys stay ASCII.
LABELS = {"W_tilde": "W̃", "b_tilde": "b̃"}
JSON_KEYS = {label: name for name, label in LABELS.items()}


@dataclass(frozen=True)
class GloVeConfig:
    """The vector size d, the weighting's x_max and α, and the seed."""

    d: int = 2
    x_max: float = X_MAX
    alpha: float = ALPHA
    seed: int = 0


def weighting(X: np.ndarray, x_max: float = X_MAX, alpha: float = ALPHA) -> np.ndarray:
    """f(X_ij) = min(1, (X_ij/x_max)^α); 0 where X_ij = 0, so those cells drop out of J."""
    return np.minimum(1.0, (np.asarray(X, dtype=float) / x_max) ** alpha)


def log_counts(X: np.ndarray) -> np.ndarray:
    """log X_ij where X_ij > 0, and 0 where it is 0 (those cells carry no weight)."""
    X = np.asarray(X, dtype=float)
    return np.log(np.where(X > 0, X, 1.0))


def check_counts(X: np.ndarray) -> np.ndarray:
    """A square matrix of finite counts ≥ 0 with at least one positive, as floats."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != X.shape[1] or not X.size:
        raise BpvizError(f"the co-occurrence matrix must be square, not {X.shape}")
    if not np.isfinite(X).all() or (X < 0).any() or not (X > 0).any():
        raise BpvizError("co-occurrence counts must be finite, ≥ 0, and not all 0")
    return X


class GloVe(WordModel):
    """Word vectors W, context vectors W̃ (n×d, a row per word), biases b and b̃ (n)."""

    def __init__(self, config: GloVeConfig = GloVeConfig(), counts: WordCounts | None = None
                 ) -> None:
        check_d(config.d)
        if not (config.x_max > 0 and np.isfinite(config.x_max)):
            raise BpvizError(f"x_max must be a number above 0, not {config.x_max}")
        if not (config.alpha > 0 and np.isfinite(config.alpha)):
            raise BpvizError(f"α must be a number above 0, not {config.alpha}")
        self.config = config
        self.counts = default_counts(counts)
        self.X = check_counts(self.counts.cooccurrence)
        rng = np.random.default_rng(config.seed)
        n = len(self.X)
        self.params = {"W": initial_vectors(rng, n, config.d),
                       "W_tilde": initial_vectors(rng, n, config.d),
                       "b": np.zeros(n), "b_tilde": np.zeros(n)}

    def objective(self, params: Mapping[str, np.ndarray] | None = None) -> ModelGraph:
        """J = Σ f(X) ∘ (W W̃ᵀ + b 1ᵀ + 1 b̃ᵀ − log X)², the cells with X_ij = 0 weighted 0."""
        params = self.params if params is None else params
        graph = Graph()
        variables = {name: graph.variable(params[name], LABELS.get(name, name))
                     for name in ("W", "W_tilde", "b", "b_tilde")}
        W, W_tilde, b, b_tilde = variables.values()
        n = len(self.X)
        log_X = graph.constant(log_counts(self.X), "log X")
        f_X = graph.constant(weighting(self.X, self.config.x_max, self.config.alpha), "f(X)")
        products = matmul(W, transpose(W_tilde, label="W̃ᵀ"), label="WW̃ᵀ")  # w_iᵀw̃_j
        with_b = (products + reshape(b, (n, 1), label="b_col")).named("WW̃ᵀ + b")
        with_both = (with_b + b_tilde).named("WW̃ᵀ + b + b̃")  # b̃_j along each row
        error = (with_both - log_X).named("e")
        squared = (error ** 2).named("e²")
        J = total((f_X * squared).named("f(X) e²"), label="J")
        return ModelGraph(graph, J, variables, Naming("J"))

    def shifted(self, c: np.ndarray) -> dict[str, np.ndarray]:
        """The parameters with c added to every w_i and w̃_j and the biases adjusted as Su
        Jianlin derives: b_i − ⟨w_i, c⟩ − |c|²/2, b̃_j − ⟨w̃_j, c⟩ − |c|²/2 (J unchanged)."""
        W, W_tilde = self.params["W"], self.params["W_tilde"]
        half = 0.5 * float(c @ c)
        return {"W": W + c, "W_tilde": W_tilde + c, "b": self.params["b"] - W @ c - half,
                "b_tilde": self.params["b_tilde"] - W_tilde @ c - half}

    def json_key(self, label: str) -> str:
        return JSON_KEYS.get(label, label)

    def json_inputs(self) -> dict[str, Any]:
        return {"X": self.X.tolist(), "x_max": self.config.x_max, "alpha": self.config.alpha}
