"""Su Jianlin's "simpler GloVe": one set of vectors, no biases, fitted to the pointwise
mutual information: J = Σ_{i,j: X_ij > 0} (v_iᵀv_j − log(P̃(i,j) / (P̃(i) P̃(j))))²,
with P̃(i,j) = X_ij / ΣX and P̃(i) = Σ_j X_ij / ΣX."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.engine import Graph, Naming, matmul, total, transpose
from bpviz.models.glove import check_counts
from bpviz.models.model_graph import ModelGraph
from bpviz.models.word_corpus import WordCounts
from bpviz.models.word_model import WordModel, check_d, default_counts, initial_vectors


@dataclass(frozen=True)
class SimpleGloVeConfig:
    """The vector size d and the seed."""

    d: int = 2
    seed: int = 0


def pmi(X: np.ndarray) -> np.ndarray:
    """log(P̃(i,j) / (P̃(i) P̃(j))) where X_ij > 0, and 0 where it is 0 (no term there)."""
    X = check_counts(X)
    total_count = X.sum()
    joint = X / total_count
    marginal = X.sum(axis=1) / total_count
    expected = np.outer(marginal, marginal)
    return np.where(X > 0, np.log(np.where(X > 0, joint, 1.0) / np.where(X > 0, expected, 1.0)),
                    0.0)


class SimpleGloVe(WordModel):
    """One vector v_i per word (V, n×d): ⟨v_i, v_j⟩ ≈ PMI(i, j)."""

    def __init__(self, config: SimpleGloVeConfig = SimpleGloVeConfig(),
                 counts: WordCounts | None = None) -> None:
        check_d(config.d)
        self.config = config
        self.counts = default_counts(counts)
        self.X = check_counts(self.counts.cooccurrence)
        self.pmi = pmi(self.X)
        rng = np.random.default_rng(config.seed)
        self.params = {"V": initial_vectors(rng, len(self.X), config.d)}

    def objective(self, params: Mapping[str, np.ndarray] | None = None) -> ModelGraph:
        """J = Σ [X > 0] ∘ (V Vᵀ − PMI)²; V feeds both sides of the product."""
        params = self.params if params is None else params
        graph = Graph()
        V = graph.variable(params["V"], "V")
        target = graph.constant(self.pmi, "PMI")
        mask = graph.constant((self.X > 0).astype(float), "[X > 0]")
        products = matmul(V, transpose(V, label="Vᵀ"), label="VVᵀ")  # v_iᵀv_j
        error = (products - target).named("e")
        squared = (error ** 2).named("e²")
        J = total((mask * squared).named("[X > 0] e²"), label="J")
        return ModelGraph(graph, J, {"V": V}, Naming("J"))

    def shifted(self, c: np.ndarray) -> dict[str, np.ndarray]:
        """Every vector plus c: with no biases to absorb it, J changes."""
        return {"V": self.params["V"] + c}

    def json_inputs(self) -> dict[str, Any]:
        return {"X": self.X.tolist()}
