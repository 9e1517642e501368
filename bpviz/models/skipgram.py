"""Skip-gram with the full softmax (lecture 1): J = −log P(o|c), with
P(o|c) = exp(u_oᵀv_c) / Σ_w exp(u_wᵀv_c).

The graph writes J = −u_oᵀv_c + log Σ_w exp(u_wᵀv_c), so v_c feeds two nodes and its
gradient arrives as two contributions that add up to the lecture's "observed minus
expected": ∂J/∂v_c = −u_o + Σ_w P(w|c) u_w.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.engine import Graph, Naming, Node, matmul
from bpviz.engine.word_functions import log_sum_exp, table_row
from bpviz.models.model_graph import ModelGraph
from bpviz.models.word_corpus import WordCounts
from bpviz.models.word_model import WordModel, check_d


@dataclass(frozen=True)
class SkipGramConfig:
    """The centre word c, the outside word o, the vector size d and the seed."""

    centre: str = "ice"
    outside: str = "solid"
    d: int = 2
    seed: int = 0


class SkipGram(WordModel):
    """Centre vectors V (row v_w per word) and outside vectors U (row u_w per word)."""

    def __init__(self, config: SkipGramConfig = SkipGramConfig(),
                 counts: WordCounts | None = None) -> None:
        check_d(config.d)
        self.config = config
        self._start_pair(config, counts)

    def objective(self, params: Mapping[str, np.ndarray] | None = None) -> ModelGraph:
        """J = log Σ_w exp(u_wᵀv_c) − u_oᵀv_c; variables v_c (d) and U (V×d)."""
        return self._build(params)[0]

    def _build(self, params: Mapping[str, np.ndarray] | None = None
               ) -> tuple[ModelGraph, Node, Node]:
        """The objective, its node u_oᵀv_c (observed) and its node U v_c (the scores)."""
        params = self.params if params is None else params
        graph = Graph()
        v_c = graph.variable(params["V"][self.c], "v_c")
        U = graph.variable(params["U"], "U")
        scores = matmul(U, v_c, label="Uv_c")  # u_wᵀv_c for every word w
        normaliser = log_sum_exp(scores, "P(w|c)", label="log Σ exp Uv_c")
        u_o = table_row(U, self.o, label="u_o")
        observed = matmul(u_o, v_c, label="uₒᵀv_c")
        J = (normaliser - observed).named("J")
        return ModelGraph(graph, J, {"v_c": v_c, "U": U}, Naming("J")), observed, scores

    def observed_and_expected(self) -> tuple[np.ndarray, np.ndarray]:
        """The two gradients backprop sends to v_c, as recorded: −u_o through u_oᵀv_c
        (observed) and Σ_w P(w|c) u_w through U v_c (expected)."""
        built, observed, scores = self._build()
        trace = built.trace()
        v_c = built.variables["v_c"].id
        sent = {step.node: part.downstream for step in trace.steps if step.phase == "backward"
                for part in step.contributions if part.to == v_c}
        return sent[observed.id], sent[scores.id]

    def gradients(self) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
        """J, ∂J/∂V (row c only) and ∂J/∂U; V's changed row."""
        built = self.objective()
        grads = built.gradients()
        grad_V = np.zeros_like(self.params["V"])
        grad_V[self.c] = grads["v_c"]
        return built.output.item(), {"V": grad_V, "U": grads["U"]}, {
            "V": np.array([self.c], dtype=np.intp)}

    def probabilities(self) -> np.ndarray:
        """P(w|c) for every word w, at the current parameters."""
        scores = self.params["U"] @ self.params["V"][self.c]
        exps = np.exp(scores - scores.max())
        return exps / exps.sum()

    def json_inputs(self) -> dict[str, Any]:
        return {"o": self.o}

    def json_extras(self) -> dict[str, Any]:
        return {**super().json_extras(), "centre": self.config.centre,
                "outside": self.config.outside}
