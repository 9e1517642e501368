"""Lecture 3's window scorer: s = uᵀ f(W x + b), trained with J = max(0, 1 − s + s_c).

The true window and the corrupt one go through the same W, b, u and the same word
vectors, so a word in both windows gets gradient from both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine import (
    Graph, LayerSpec, Naming, Node, Trace, WindowSpec, lookup, matmul, max_margin, reshape, rows,
    total,
)
from bpviz.models.activations import activation
from bpviz.models.affine import affine, layer_spec
from bpviz.models.compiled import CompiledGraph, PlanCache, compile_model_graph
from bpviz.models.model_graph import ModelGraph
from bpviz.models.word_vectors import (
    WordVectors, check_windows, gradients_with_table, window_vector, word_symbols,
)
from bpviz.training.init import init_weight
from bpviz.training.optimizers import Optimizer
from bpviz.training.row_gradient import RowGradient

TRUE_WINDOW = ("museums", "in", "Paris", "are", "amazing")
CORRUPT_WINDOW = ("Not", "all", "museums", "in", "Paris")
PARAMETERS = ("W", "b", "u")
# Labels of the graph's own nodes: a word may not take one, or ∂J/∂x would be ambiguous.
NODE_LABELS = (*PARAMETERS, "x", "x_c", "Wx", "Wx_c", "z", "z_c", "h", "h_c", "s", "s_c", "J")


@dataclass(frozen=True)
class WindowConfig:
    """The two windows, word-vector size d, hidden size, f and the seed (lecture: d=4, 8 hidden)."""

    true_window: tuple[str, ...] = TRUE_WINDOW
    corrupt_window: tuple[str, ...] = CORRUPT_WINDOW
    d: int = 4
    hidden: int = 8
    activation: str = "tanh"
    seed: int = 0
    vocabulary: tuple[str, ...] = ()  # more words for L beyond the windows' (batch training)


class WindowScorer:
    """Parameters L (word vectors), W (hidden × n·d), b (hidden) and u (hidden)."""

    def __init__(self, config: WindowConfig = WindowConfig(),
                 rng: np.random.Generator | None = None) -> None:
        check_windows(config.true_window, config.corrupt_window, reserved=NODE_LABELS)
        activation(config.activation)
        rng = np.random.default_rng(config.seed) if rng is None else rng
        self.config = config
        self.words = WordVectors(config.true_window + config.corrupt_window + config.vocabulary,
                                 config.d, rng)
        width = len(config.true_window) * config.d
        self.params = {
            "L": self.words.L,
            "W": init_weight("xavier", (config.hidden, width), rng),
            "b": np.zeros(config.hidden),
            "u": init_weight("xavier", (1, config.hidden), rng)[0],
        }
        self._plans = PlanCache()

    def score(self, x: Node, variables: dict[str, Node], suffix: str = "") -> Node:
        """s = uᵀ f(W x + b) for one window x, or one score per row of a batch of windows."""
        return self._score(x, variables, suffix)[0]

    def _score(self, x: Node, variables: dict[str, Node], suffix: str
               ) -> tuple[Node, Node, tuple[LayerSpec, ...]]:
        """The score s, the node z = W x + b whose ∂s/∂z the lecture calls δ, and the layers."""
        W, b, u = variables["W"], variables["b"], variables["u"]
        z = affine(W, x, b, f"z{suffix}")
        h = activation(self.config.activation)(z, label=f"h{suffix}")
        product = matmul(u, h) if h.value.ndim == 1 else matmul(h, u)
        s = product.named(f"s{suffix}")
        return s, z, (layer_spec(W, z, h, b), LayerSpec(u.id, s.id, s.id))

    def objective(self) -> ModelGraph:
        """The graph of J for the two windows; variables W, b, u and one per distinct word.

        Its naming gives the lecture's scores s, s_c and δ = ∂s/∂z, δ_c = ∂s_c/∂z_c.
        """
        graph = Graph()
        config = self.config
        words = self.words.variables(graph, config.true_window + config.corrupt_window)
        # Only the windows' words are variables: the rest of L gets no gradient at all.
        variables = {name: graph.variable(self.params[name], name) for name in PARAMETERS}
        x = window_vector(words, config.true_window, "x")
        s, z, layers = self._score(x, variables, "")
        x_c = window_vector(words, config.corrupt_window, "x_c")
        s_c, z_c, layers_c = self._score(x_c, variables, "_c")
        windows = (WindowSpec("true", x.id, layers, s.id),
                   WindowSpec("corrupt", x_c.id, layers_c, s_c.id))
        naming = Naming("J", word_symbols(words), (s.id, s_c.id),
                        {z.id: ("δ", s.id), z_c.id: ("δ_c", s_c.id)}, windows)
        return ModelGraph(graph, max_margin(s, s_c, label="J"), {**variables, **words}, naming)

    def gradients(self) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
        """J, ∂J/∂θ for L, W, b, u, and the rows of L that changed (a sparse update)."""
        return gradients_with_table(self.objective(), self.words)

    def record(self) -> Trace:
        """The recorded forward and backward pass of both windows, for the viewer."""
        return self.objective().trace()

    def batch_gradients(self, true_rows: np.ndarray, corrupt_rows: np.ndarray
                        ) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Fast mode: B window pairs (B × n row indices of L each), mean J over the batch.

        The windows are looked up from L in one go and stacked into a matrix, as the
        lecture advises, instead of one small product per window. ∂J/∂L comes back dense,
        with the rows that changed; `sparse_batch_gradients` skips the dense table.
        """
        J, grads = self.sparse_batch_gradients(true_rows, corrupt_rows)
        grads["L"] = grads["L"].dense(self.params["L"].shape)  # summed as the lookup's vjp sums
        used = np.unique(np.concatenate([np.ravel(true_rows), np.ravel(corrupt_rows)]))
        return J, {name: grads[name] for name in self.params}, {"L": used}

    def sparse_batch_gradients(self, true_rows: np.ndarray, corrupt_rows: np.ndarray
                               ) -> tuple[float, dict[str, np.ndarray | RowGradient]]:
        """Mean J over B window pairs and ∂J/∂θ, with ∂J/∂L as a RowGradient: the rows the
        windows looked up (true windows first, repeats kept) and their gradients.

        Optimiser.step takes it as it is and updates only those rows.
        """
        J, grads = self._run_batch(true_rows, corrupt_rows)
        L = grads.pop("L")
        copied: dict[str, np.ndarray | RowGradient] = {name: grad.copy() for name, grad in grads.items()}
        copied["L"] = RowGradient(L.rows.copy(), L.values.copy())
        return J, copied

    def train_step(self, true_rows: np.ndarray, corrupt_rows: np.ndarray, optimizer: Optimizer,
                   lr: float) -> float:
        """One step of `optimizer` on B window pairs (L's looked-up rows only); J before it.
        The optimiser reads the gradients straight from the compiled plan's buffers."""
        J, grads = self._run_batch(true_rows, corrupt_rows)
        optimizer.step(self.params, grads, lr)
        return J

    def _run_batch(self, true_rows: np.ndarray, corrupt_rows: np.ndarray
                   ) -> tuple[float, dict[str, np.ndarray | RowGradient]]:
        """J and the gradients as the plan's own buffers (rewritten by the next run)."""
        true_rows = np.asarray(true_rows, dtype=np.intp)
        corrupt_rows = np.asarray(corrupt_rows, dtype=np.intp)
        if true_rows.ndim != 2 or true_rows.shape != corrupt_rows.shape or not true_rows.size:
            raise ValueError("true_rows and corrupt_rows must be B × n arrays of one shape")
        stacked = np.concatenate((true_rows.reshape(-1), corrupt_rows.reshape(-1)))
        compiled = self._plans.get(true_rows.shape, self.params,
                                   lambda: self._compile_batch(true_rows.shape))
        J = float(compiled.run({}, {"rows": stacked}))
        plan = compiled.plan
        grads: dict[str, np.ndarray | RowGradient] = {
            name: plan.grad(node_id) for name, node_id in compiled.params.items() if name != "L"}
        grads["L"] = RowGradient(*plan.row_gradient(compiled.params["L"]))
        return J, grads

    def _compile_batch(self, shape: tuple[int, int]) -> CompiledGraph:
        built, lookup_node = self._batch_graph(shape)
        return compile_model_graph(built, {}, {"rows": lookup_node}, self.params, sparse=("L",))

    def _batch_graph(self, shape: tuple[int, int]) -> tuple[ModelGraph, Node]:
        """The graph of the mean J over B pairs, and its lookup of L.

        The true windows and then the corrupt ones are one stack of 2B windows, so each
        layer is one product of 2B rows; s and s_c are its two halves.
        """
        pairs, width = shape
        graph = Graph()
        variables = {name: graph.variable(value, name) for name, value in self.params.items()}
        vectors = lookup(variables["L"], np.zeros(2 * pairs * width, dtype=np.intp),
                         label="L[X; X_c]")
        X = reshape(vectors, (2 * pairs, width * self.config.d), label="[X; X_c]")
        scores = self.score(X, variables, "_all")
        s = rows(scores, 0, pairs, label="s")
        s_c = rows(scores, pairs, 2 * pairs, label="s_c")
        J = total(max_margin(s, s_c), label="ΣJ") * (1.0 / pairs)
        return ModelGraph(graph, J, variables), vectors
