"""2-D classifiers: softmax regression (no hidden layer) and a multi-layer perceptron.

Both share one interface: build the objective on a batch, take its gradients, predict
class probabilities on any set of points. Weights follow the lecture: z = W x + b with
W of shape (n_out × n_in).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine import Graph, Node, Trace
from bpviz.engine.ops import softmax
from bpviz.models.activations import activation
from bpviz.models.affine import affine
from bpviz.models.model_graph import ModelGraph
from bpviz.models.objectives import loss, with_penalty
from bpviz.training.init import init_weight


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
        self.params: dict[str, np.ndarray] = {}
        for layer, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), start=1):
            weight, bias = self.layer_names(layer)
            self.params[weight] = init_weight(config.init, (n_out, n_in), rng)
            self.params[bias] = np.zeros(n_out)

    @property
    def num_layers(self) -> int:
        return len(self.sizes) - 1

    def layer_names(self, layer: int) -> tuple[str, str]:
        """The lecture's W, b for a single layer; W1, b1, W2, … for a deeper net."""
        return ("W", "b") if self.num_layers == 1 else (f"W{layer}", f"b{layer}")

    def scores(self, x: Node, variables: dict[str, Node]) -> Node:
        """f: the class scores of one point (vector) or a batch (one point per row)."""
        f = activation(self.config.activation)
        h = x
        for layer in range(1, self.num_layers + 1):
            weight, bias = self.layer_names(layer)
            last = layer == self.num_layers
            suffix = "" if self.num_layers == 1 else str(layer)
            z = affine(variables[weight], h, variables[bias], "f" if last else f"z{suffix}")
            h = z if last else f(z, label=f"h{suffix}")
        return h

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
        """Fast mode: J over the whole batch at once and ∂J/∂θ, nothing recorded."""
        built = self.objective(X, y)
        return built.output.item(), built.gradients()

    def record(self, x: np.ndarray, y: int) -> Trace:
        """Recorded mode: one example's full forward and backward trace, for the viewer."""
        return self.objective(np.asarray(x, dtype=float), int(y)).trace()

    def predict_proba(self, points: np.ndarray) -> np.ndarray:
        """Class probabilities softmax(f) for each row of `points` (N×2 → N×C)."""
        graph = Graph()
        variables = {name: graph.constant(value, name) for name, value in self.params.items()}
        scores = self.scores(graph.constant(np.atleast_2d(points), label="x"), variables)
        return softmax(scores.value)

    def evaluate(self, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """(J, accuracy) on a data set, without the gradient."""
        if len(X) == 0:
            return float("nan"), float("nan")
        accuracy = float(np.mean(self.predict_proba(X).argmax(axis=1) == y))
        return self.objective(X, y).output.item(), accuracy
