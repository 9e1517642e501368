"""A classifier's forward pass compiled for many points at once, for pictures: every
layer's output on a grid (or on the data), with the points along the long axis."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bpviz.engine import Graph
from bpviz.engine.plan import softmax
from bpviz.models.compiled import compile_model_graph
from bpviz.models.model_graph import ModelGraph

if TYPE_CHECKING:  # the classifier builds these; a runtime import would be circular
    from bpviz.models.classifier import Classifier


class ForwardPass:
    """The plan of h1, h2, …, f for N points in `dtype`; softmax(f) overwrites f.

    The parameters are copied in on every run (in `dtype`), so it always shows the
    model's current weights, whichever arrays hold them.
    """

    def __init__(self, model: Classifier, points: np.ndarray, dtype: np.dtype) -> None:
        graph = Graph(dtype)
        constants = {name: graph.constant(value, name) for name, value in model.params.items()}
        x = graph.constant(points, label="x")
        layers = model.layers(x, constants)
        built = ModelGraph(graph, layers[-1], constants)
        self.compiled = compile_model_graph(built, {"x": x}, {}, model.params, backward=False,
                                            bind=False, column_major=True)
        plan = self.compiled.plan
        self._hidden = [plan.value(node.id) for node in layers[:-1]]
        self._row_scratch = np.empty((len(points), 1), dtype=dtype)

    def run(self, points: np.ndarray, params) -> list[np.ndarray]:
        """h1, h2, …, softmax(f) on `points` with `params`, each units × N (the buffers)."""
        scores = self.compiled.run({"x": points}, {}, params=params)
        # In place: f is needed no more, and one buffer fewer stays in the cache.
        probabilities = softmax(scores, out=scores, row_scratch=self._row_scratch)
        return [h.T for h in self._hidden] + [probabilities.T]
