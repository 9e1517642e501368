"""Lecture 3's softmax window classifier ŷ = softmax(W x), and its neural version
ŷ = softmax(U f(W x + b)), trained with cross-entropy on the centre word's class."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine import Graph, Naming, Trace, WindowSpec, matmul, softmax_cross_entropy
from bpviz.errors import BpvizError
from bpviz.models.activations import activation
from bpviz.models.affine import affine, layer_spec
from bpviz.models.model_graph import ModelGraph
from bpviz.models.window_scorer import TRUE_WINDOW
from bpviz.models.word_vectors import (
    WordVectors, check_windows, gradients_with_table, window_vector, word_symbols,
)
from bpviz.training.init import init_weight

ENTITY_CLASSES = ("PER", "LOC", "ORG", "NONE")
NODE_LABELS = ("W", "b", "U", "x", "Wx", "z", "h", "f", "J")  # no word may take one


@dataclass(frozen=True)
class WindowClassifierConfig:
    """The window, the classes and the true one; hidden = 0 gives the linear softmax(W x)."""

    window: tuple[str, ...] = TRUE_WINDOW
    classes: tuple[str, ...] = ENTITY_CLASSES
    target: str = "LOC"  # Paris, the centre word, is a location
    d: int = 4
    hidden: int = 0
    activation: str = "tanh"
    seed: int = 0


class WindowClassifier:
    """Parameters L and W (C × n·d) for softmax(W x); L, W, b and U (C × hidden) with a hidden layer."""

    def __init__(self, config: WindowClassifierConfig = WindowClassifierConfig(),
                 rng: np.random.Generator | None = None) -> None:
        check_windows(config.window, reserved=NODE_LABELS)
        if config.target not in config.classes:
            raise BpvizError(f"the target class '{config.target}' is not one of "
                             f"{', '.join(config.classes)}")
        activation(config.activation)
        rng = np.random.default_rng(config.seed) if rng is None else rng
        self.config = config
        self.words = WordVectors(config.window, config.d, rng)
        width, classes = len(config.window) * config.d, len(config.classes)
        if config.hidden:
            self.params = {"L": self.words.L,
                           "W": init_weight("xavier", (config.hidden, width), rng),
                           "b": np.zeros(config.hidden),
                           "U": init_weight("xavier", (classes, config.hidden), rng)}
        else:
            self.params = {"L": self.words.L, "W": init_weight("xavier", (classes, width), rng)}

    def objective(self) -> ModelGraph:
        """The graph of J = −log ŷ_target; variables W (b, U) and one per distinct word."""
        graph = Graph()
        words = self.words.variables(graph, self.config.window)
        variables = {name: graph.variable(value, name)
                     for name, value in self.params.items() if name != "L"}
        x = window_vector(words, self.config.window, "x")
        if self.config.hidden:
            z = affine(variables["W"], x, variables["b"], "z")
            h = activation(self.config.activation)(z, label="h")
            scores = matmul(variables["U"], h, label="f")
            layers = (layer_spec(variables["W"], z, h, variables["b"]),
                      layer_spec(variables["U"], scores, scores, None))
        else:
            scores = affine(variables["W"], x, None, "f")
            layers = (layer_spec(variables["W"], scores, scores, None),)
        target = self.config.classes.index(self.config.target)
        J = softmax_cross_entropy(scores, target, label="J")
        naming = Naming("J", word_symbols(words), windows=(WindowSpec("true", x.id, layers),))
        return ModelGraph(graph, J, {**variables, **words}, naming)

    def gradients(self) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
        """J, ∂J/∂θ for every parameter (L included) and the rows of L that changed."""
        return gradients_with_table(self.objective(), self.words)

    def record(self) -> Trace:
        """The recorded forward and backward pass, for the viewer."""
        return self.objective().trace()
