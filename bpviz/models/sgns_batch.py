"""Skip-gram with negative sampling on a minibatch, through the engine's compiled path.

The batch's B (centre, context) pairs and their K negatives each are two lookups: v_c
from V (B rows), and each pair's u_o and u_k … from U (B·(1 + K) rows), whose 1 + K
scores are one product with v_c (a stack of B products). The objective is the one
`NegativeSampling` puts on the stage, summed over the pairs:
J = Σ_b [−log σ(u_oᵀv_c) − Σ_k log σ(−u_kᵀv_c)].
It is compiled once per (B, K) into a plan bound to V and U, whose gradients are the
looked-up rows' only (RowGradient), so a step updates just those rows of both tables,
as the window scorer's batch path does.
"""

from __future__ import annotations

import numpy as np

from bpviz.engine import Graph, Node, lookup, matmul, reshape, total
from bpviz.engine.word_functions import log_sigmoid
from bpviz.models.compiled import CompiledGraph, PlanCache, compile_model_graph
from bpviz.models.model_graph import ModelGraph
from bpviz.training.optimizers import Optimizer
from bpviz.training.row_gradient import RowGradient

TABLES = ("V", "U")


class SgnsBatch:
    """The centre vectors V and outside vectors U (vocabulary × d, the caller's arrays,
    updated in place) and the compiled batch objective."""

    def __init__(self, V: np.ndarray, U: np.ndarray) -> None:
        if V.shape != U.shape or V.ndim != 2:
            raise ValueError(f"V and U must be two tables of one shape, not {V.shape} and "
                             f"{U.shape}")
        self.params = {"V": V, "U": U}
        self._plans = PlanCache()
        self.compiled: CompiledGraph | None = None  # the last batch's plan
        self._outside: np.ndarray | None = None  # the batch's rows of U, B × (1 + K)

    def run(self, centres: np.ndarray, contexts: np.ndarray, negatives: np.ndarray
            ) -> tuple[float, dict[str, RowGradient]]:
        """J on the batch (B centres and contexts, B×K negatives, rows of V and U) and
        ∂J/∂V, ∂J/∂U at the looked-up rows (repeats kept). The gradients are the plan's
        own buffers (the rows too), rewritten by the next run: copy what must outlive it."""
        negatives = np.asarray(negatives)
        if negatives.ndim != 2 or len(negatives) != len(centres) or not negatives.size \
                or len(contexts) != len(centres):
            raise ValueError("centres and contexts must be B rows and negatives B × K")
        compiled = self._plans.get(negatives.shape, self.params,
                                   lambda: self._compile(negatives.shape))
        self.compiled = compiled
        outside = self._outside
        if outside is None or outside.shape != (len(negatives), negatives.shape[1] + 1):
            outside = self._outside = np.empty((len(negatives), negatives.shape[1] + 1),
                                               dtype=np.intp)
        outside[:, 0] = contexts  # each pair's rows of U: o, then its negatives
        outside[:, 1:] = negatives
        J = float(compiled.run({}, {"centres": centres, "outside": outside.reshape(-1)}))
        plan, params = compiled.plan, self.params
        # The plan checked the rows against each table as it took the batch.
        return J, {name: RowGradient(*plan.row_gradient(compiled.params[name]),
                                     within=len(params[name]))
                   for name in TABLES}

    def scores(self) -> np.ndarray:
        """The last run's B × (1 + K) scores: u_oᵀv_c, then each u_kᵀv_c (a plan buffer)."""
        compiled = self._last()
        return compiled.plan.value(compiled.scores)

    def train_step(self, centres: np.ndarray, contexts: np.ndarray, negatives: np.ndarray,
                   optimizer: Optimizer, lr: float) -> float:
        """One step of `optimizer` on the batch (the looked-up rows of V and U only); J
        before it."""
        J, grads = self.run(centres, contexts, negatives)
        optimizer.step(self.params, grads, lr)
        return J

    def _last(self) -> CompiledGraph:
        if self.compiled is None:
            raise ValueError("no batch has run yet")
        return self.compiled

    def _compile(self, shape: tuple[int, int]) -> CompiledGraph:
        built, lookups, scores = batch_graph(self.params, *shape)
        compiled = compile_model_graph(built, {}, lookups, self.params, sparse=TABLES)
        compiled.scores = scores.id
        return compiled


def batch_graph(params: dict[str, np.ndarray], pairs: int, negatives: int
                ) -> tuple[ModelGraph, dict[str, Node], Node]:
    """The graph of J summed over `pairs` pairs with `negatives` negatives each, its two
    lookups by name ("centres": v_c, "outside": each pair's u_o, u_k … in a row) and its
    scores u_wᵀv_c (pairs × (1 + negatives))."""
    d, width = params["V"].shape[1], negatives + 1
    graph = Graph()
    variables = {name: graph.variable(params[name], name) for name in TABLES}
    v_c = lookup(variables["V"], np.zeros(pairs, dtype=np.intp), label="v_c")
    u = lookup(variables["U"], np.zeros(pairs * width, dtype=np.intp), label="[u_o, u_k]")
    # One product per pair for its outside word and its negatives: u_wᵀv_c for each w.
    stacked = matmul(reshape(u, (pairs, width, d)), reshape(v_c, (pairs, d, 1)))
    scores = reshape(stacked, (pairs, width), label="u_wᵀv_c")
    sign = np.full((1, width), -1.0)
    sign[0, 0] = 1.0  # log σ(u_oᵀv_c) and log σ(−u_kᵀv_c)
    ell = log_sigmoid(scores * graph.constant(sign, "±1"), label="ℓ")
    J = (total(ell, label="Σℓ") * -1.0).named("J")
    return ModelGraph(graph, J, variables), {"centres": v_c, "outside": u}, scores
