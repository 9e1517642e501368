"""Skip-gram with negative sampling (lecture 2):
J = −log σ(u_oᵀv_c) − Σ_{k=1..K} log σ(−u_kᵀv_c), the K negatives drawn from
P_n(w) = U(w)^{3/4} / Z, with log σ computed by the engine's stable op."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.engine import Graph, Naming, matmul, total
from bpviz.engine.word_functions import log_sigmoid
from bpviz.errors import BpvizError
from bpviz.models.model_graph import ModelGraph
from bpviz.models.word_corpus import WordCounts, noise_distribution
from bpviz.models.word_model import WordModel, check_d

MAX_NEGATIVES = 64
NOISE_POWER = 0.75  # the 3/4 of U(w)^{3/4}


@dataclass(frozen=True)
class NegativeSamplingConfig:
    """The centre word c, the outside word o, K negatives, the vector size d and the seed."""

    centre: str = "ice"
    outside: str = "solid"
    negatives: int = 3
    d: int = 2
    seed: int = 0


@dataclass(frozen=True)
class NoiseTable:
    """What the negatives are drawn from, word by word: U(w), U(w)/ΣU and U(w)^{3/4}/Z."""

    vocabulary: tuple[str, ...]
    counts: np.ndarray
    unigram: np.ndarray
    noise: np.ndarray


def draw_negatives(noise: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """K word rows drawn with replacement from `noise` (a word may come twice)."""
    return rng.choice(len(noise), size=k, replace=True, p=noise).astype(np.intp)


class NegativeSampling(WordModel):
    """Centre vectors V and outside vectors U (a row per word); the negatives are drawn once,
    from the seed's generator, so the objective J on stage stays the same between updates."""

    def __init__(self, config: NegativeSamplingConfig = NegativeSamplingConfig(),
                 counts: WordCounts | None = None) -> None:
        check_d(config.d)
        if not 1 <= config.negatives <= MAX_NEGATIVES:
            raise BpvizError(f"the number of negatives K must be from 1 to {MAX_NEGATIVES}, "
                             f"not {config.negatives}")
        self.config = config
        rng = self._start_pair(config, counts)
        self.noise = noise_distribution(self.counts.unigram, NOISE_POWER)
        self.negatives = draw_negatives(self.noise, config.negatives, rng)

    def noise_table(self) -> NoiseTable:
        """The unigram distribution beside the ^{3/4} one the negatives come from."""
        counts = self.counts.unigram
        return NoiseTable(self.counts.vocabulary, counts.copy(), counts / counts.sum(),
                          self.noise.copy())

    @property
    def negative_words(self) -> tuple[str, ...]:
        """The drawn negatives' words, in draw order."""
        return tuple(self.counts.vocabulary[row] for row in self.negatives)

    def objective(self, params: Mapping[str, np.ndarray] | None = None) -> ModelGraph:
        """J = −log σ(u_oᵀv_c) − Σ_k log σ(−u_kᵀv_c); variables v_c, u_o (d) and u_neg (K×d)."""
        params = self.params if params is None else params
        graph = Graph()
        v_c = graph.variable(params["V"][self.c], "v_c")
        u_o = graph.variable(params["U"][self.o], "u_o")
        u_neg = graph.variable(params["U"][self.negatives], "u_neg")
        positive = log_sigmoid(matmul(u_o, v_c, label="uₒᵀv_c"), label="ℓ_o")
        scores = matmul(u_neg, v_c, label="uₖᵀv_c")  # one per negative, in draw order
        negative = log_sigmoid(-scores, label="ℓ_k")
        negative.parents[0].named("−uₖᵀv_c")
        J = (-positive).named("−ℓ_o") - total(negative, label="Σℓₖ")
        naming = Naming("J", {u_neg.id: "u_k"})
        return ModelGraph(graph, J.named("J"), {"v_c": v_c, "u_o": u_o, "u_neg": u_neg}, naming)

    def gradients(self) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
        """J, ∂J/∂V (row c) and ∂J/∂U (row o and the negatives' rows, a repeat adding up)."""
        built = self.objective()
        grads = built.gradients()
        grad_V = np.zeros_like(self.params["V"])
        grad_V[self.c] = grads["v_c"]
        grad_U = np.zeros_like(self.params["U"])
        grad_U[self.o] += grads["u_o"]
        np.add.at(grad_U, self.negatives, grads["u_neg"])
        rows = {"V": np.array([self.c], dtype=np.intp),
                "U": np.unique(np.append(self.negatives, self.o))}
        return built.output.item(), {"V": grad_V, "U": grad_U}, rows

    def json_extras(self) -> dict[str, Any]:
        table = self.noise_table()
        return {**super().json_extras(), "centre": self.config.centre,
                "outside": self.config.outside, "negative_words": list(self.negative_words),
                "unigram": table.unigram.tolist(), "noise": table.noise.tolist()}
