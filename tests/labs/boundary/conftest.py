"""Shared helpers for the lab's tests: the default spiral and the engine's own hidden values."""

import numpy as np
import pytest

from bpviz.engine import Graph
from bpviz.labs.boundary import DataSpec, make_dataset


@pytest.fixture
def spiral():
    """The lab's default data set: the 3-arm spiral, 300 points, seed 0."""
    return make_dataset(DataSpec())


@pytest.fixture
def engine_values():
    """fn(model, X) -> {label: value} of every node of the engine's forward pass on X:
    the reference the lab's fast NumPy pass must match."""
    def values(model, X):
        graph = Graph()
        variables = {name: graph.constant(value, name) for name, value in model.params.items()}
        scores = model.scores(graph.constant(np.asarray(X, dtype=float), label="x"), variables)
        return {node.label: node.value for node in graph.ancestors(scores)}
    return values
