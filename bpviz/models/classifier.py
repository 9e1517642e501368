"""2-D classifiers: softmax regression (no hidden layer) and a multi-layer perceptron.

Both share one interface: build the objective on a batch, take its gradients, predict
class probabilities on any set of points. Weights follow the lecture: z = W x + b with
W of shape (n_out × n_in).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine import Graph, Node, Trace
from bpviz.engine.plan import BatchDataError
from bpviz.models.activations import activation
from bpviz.models.affine import affine
from bpviz.models.compiled import CompiledGraph, PlanCache, compile_model_graph, node_with_data
from bpviz.models.forward_pass import ForwardPass
from bpviz.models.model_graph import ModelGraph
from bpviz.models.objectives import loss, with_penalty
from bpviz.training.flat_params import FlatParams, layout_of
from bpviz.training.init import init_weight
from bpviz.training.optimizers import Optimizer


@dataclass(frozen=True)
class ClassifierConfig:
    """Hidden layer sizes (empty for softmax regression), f, loss, penalties, initialisation."""

    hidden: tuple[int, ...] = (8, 8)
    activation: str = "tanh"
    loss: str = "softmax"
    l1: float = 0.0
    l2: float = 0.0
    init: str = "xavier"


class Classifier:
    """Softmax regression when `config.hidden` is empty, otherwise an MLP; multi-class."""

    def __init__(self, num_inputs: int, num_classes: int, config: ClassifierConfig,
                 rng: np.random.Generator) -> None:
        activation(config.activation)  # fail early on an unknown name
        self.config = config
        self.sizes = (num_inputs, *config.hidden, num_classes)
        params: dict[str, np.ndarray] = {}
        for layer, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), start=1):
            weight, bias = self.layer_names(layer)
            params[weight] = init_weight(config.init, (n_out, n_in), rng)
            params[bias] = np.zeros(n_out)
        # One buffer behind all of them, an optimiser updates it in one go; each layer's
        # W and b as one block [W | b], so a compiled plan folds the bias into its product.
        self.params: dict[str, np.ndarray] = FlatParams.from_arrays(
            params, fold=[self.layer_names(layer) for layer in range(1, self.num_layers + 1)])
        self._plans = PlanCache()

    @property
    def num_layers(self) -> int:
        return len(self.sizes) - 1

    def layer_names(self, layer: int) -> tuple[str, str]:
        """The lecture's W, b for a single layer; W1, b1, W2, … for a deeper net."""
        return ("W", "b") if self.num_layers == 1 else (f"W{layer}", f"b{layer}")

    def scores(self, x: Node, variables: dict[str, Node]) -> Node:
        """f: the class scores of one point (vector) or a batch (one point per row)."""
        return self.layers(x, variables)[-1]

    def layers(self, x: Node, variables: dict[str, Node]) -> list[Node]:
        """Each layer's output: h1, h2, …, and last the scores f."""
        f = activation(self.config.activation)
        h, outputs = x, []
        for layer in range(1, self.num_layers + 1):
            weight, bias = self.layer_names(layer)
            last = layer == self.num_layers
            suffix = "" if self.num_layers == 1 else str(layer)
            z = affine(variables[weight], h, variables[bias], "f" if last else f"z{suffix}")
            h = z if last else f(z, label=f"h{suffix}")
            outputs.append(h)
        return outputs

    def objective(self, X: np.ndarray, y) -> ModelGraph:
        """The graph of J = loss(f(X), y) + penalty, with the parameters as variables."""
        graph = Graph()
        variables = {name: graph.variable(value, name) for name, value in self.params.items()}
        x = graph.constant(X, label="x")
        data_loss = loss(self.config.loss, self.scores(x, variables), y)
        weights = [variables[self.layer_names(layer)[0]] for layer in range(1, self.num_layers + 1)]
        J = with_penalty(data_loss, weights, self.config.l1, self.config.l2)
        return ModelGraph(graph, J, variables)

    def gradients(self, X: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Fast mode: J over the whole batch at once and ∂J/∂θ, nothing recorded.

        The objective is compiled once per batch shape into a plan; the gradients come
        back in one new flat buffer (a FlatParams), the parameters' layout.
        """
        X, y = np.asarray(X), np.asarray(y)
        ran = self._run_compiled(X, y)
        if ran is None:
            built = self.objective(X, y)
            return built.output.item(), built.gradients()
        J, compiled = ran
        layout = (self.params.layout if isinstance(self.params, FlatParams)
                  else layout_of(self.params))
        return J, compiled.flat_grads(layout).copy_flat()

    def train_step(self, X: np.ndarray, y: np.ndarray, optimizer: Optimizer, lr: float) -> float:
        """One step of `optimizer` on the batch, the parameters updated in place; J before it.

        The same step as `gradients` then `optimizer.step`, without handing the gradients
        out: the optimiser reads them straight from the compiled plan's buffer.
        """
        X, y, params = np.asarray(X), np.asarray(y), self.params
        # The usual case, every training step, with as few layers as it can take.
        compiled = (self._compiled_objective(X, y, backward=True)
                    if isinstance(params, FlatParams) else None)
        if compiled is not None:
            try:
                J = float(compiled.run({"x": X}, {"y": y}))
            except BatchDataError:  # targets out of range: `gradients` says so below
                pass
            else:
                optimizer.step(params, compiled.flat_grads(params.layout), lr)
                return J
        J, grads = self.gradients(X, y)
        optimizer.step(params, grads, lr)
        return J

    def _run_compiled(self, X: np.ndarray, y: np.ndarray) -> tuple[float, CompiledGraph] | None:
        """J from the compiled objective (its gradients in the plan), or None where the
        generic graph must answer."""
        compiled = self._compiled_objective(X, y, backward=True)
        if compiled is None:
            return None
        try:
            return float(compiled.run({"x": X}, {"y": y})), compiled
        except BatchDataError:  # targets out of range: the generic graph says so in its words
            return None

    def _compiled_objective(self, X: np.ndarray, y: np.ndarray,
                            backward: bool) -> CompiledGraph | None:
        """The plan of J for this batch shape, or None where the generic graph must answer
        (odd shapes, or targets it will reject with its own message)."""
        if X.ndim != 2 or len(X) == 0 or y.shape != (len(X),) or y.dtype.kind not in "iu":
            return None

        def build() -> CompiledGraph:
            built = self.objective(X, y)
            x = next(node for node in built.graph.nodes if node.label == "x")
            targets = node_with_data(built.graph, "targets")
            return compile_model_graph(built, {"x": x}, {"y": targets}, self.params,
                                       backward=backward, column_major=True)
        return self._plans.get(("J", X.shape, backward, self.config), self.params, build)

    def record(self, x: np.ndarray, y: int) -> Trace:
        """Recorded mode: one example's full forward and backward trace, for the viewer."""
        return self.objective(np.asarray(x, dtype=float), int(y)).trace()

    def predict_proba(self, points: np.ndarray, dtype=np.float64) -> np.ndarray:
        """Class probabilities softmax(f) for each row of `points` (N×2 → N×C), a new array.

        `dtype=np.float32` computes in single precision: about 5× faster on a large grid
        (tanh dominates), plenty for a picture, not for training.
        """
        return self._forward("proba", np.atleast_2d(points), dtype)[-1].T.copy()

    def layer_outputs(self, points: np.ndarray, dtype=np.float32) -> list[np.ndarray]:
        """Every layer's output on the rows of `points` (N×2): h1, h2, …, and last the class
        probabilities softmax(f), each units × N (one column per point), for pictures.

        The forward pass is compiled once per number of points; the arrays are its
        buffers, rewritten by the next call with as many points: copy what must stay.
        """
        return self._forward("layers", points, dtype)

    def _forward(self, purpose: str, points: np.ndarray, dtype) -> list[np.ndarray]:
        # One plan per purpose, so a picture's buffers survive a prediction on as many points.
        dtype, points = np.dtype(dtype), np.asarray(points)
        forward = self._plans.get((purpose, points.shape, dtype.str, self.config), self.params,
                                  lambda: ForwardPass(self, points, dtype), bound=False)
        return forward.run(points, self.params)

    def evaluate(self, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """(J, accuracy) on a data set, without the gradient."""
        if len(X) == 0:
            return float("nan"), float("nan")
        accuracy = float(np.mean(self.predict_proba(X).argmax(axis=1) == y))
        X, y = np.asarray(X), np.asarray(y)
        compiled = self._compiled_objective(X, y, backward=False)
        try:
            if compiled is not None:
                return float(compiled.run({"x": X}, {"y": y})), accuracy
        except BatchDataError:
            pass
        return self.objective(X, y).output.item(), accuracy
