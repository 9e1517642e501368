"""Every layer's output on many points at once (the lab's pictures) equals the engine's."""

import numpy as np
import pytest

from bpviz.engine import Graph
from bpviz.engine.ops import softmax
from bpviz.models.activations import ACTIVATIONS
from bpviz.models.classifier import Classifier, ClassifierConfig


def model(hidden=(8, 8), activation="tanh", classes=3, seed=0):
    config = ClassifierConfig(hidden=hidden, activation=activation)
    return Classifier(2, classes, config, np.random.default_rng(seed))


def points(n=500, seed=1):
    return np.random.default_rng(seed).uniform(-2, 2, size=(n, 2))


def engine_layers(net, X):
    """h1, h2, …, f of the generic engine on X, each N × units."""
    graph = Graph()
    constants = {name: graph.constant(value, name) for name, value in net.params.items()}
    return [node.value for node in net.layers(graph.constant(X, label="x"), constants)]


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [(), (5,), (8, 8), (3, 4, 2)])
def test_every_layer_equals_the_generic_engine(activation, hidden):
    net, X = model(hidden, activation, classes=4), points()
    *hidden_values, scores = engine_layers(net, X)
    outputs = net.layer_outputs(X, np.float64)
    assert [out.shape for out in outputs] == [(size, len(X)) for size in net.sizes[1:]]
    for out, value in zip(outputs, hidden_values):
        np.testing.assert_allclose(out.T, value, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(outputs[-1].T, softmax(scores), rtol=1e-12, atol=1e-13)
    single = net.layer_outputs(X)[-1]
    assert single.dtype == np.float32
    np.testing.assert_allclose(single.T, softmax(scores), atol=1e-5)
    np.testing.assert_allclose(net.predict_proba(X), softmax(scores), rtol=1e-12, atol=1e-13)


def test_columns_sum_to_one_and_huge_scores_do_not_overflow():
    net = model(())
    net.params["W"][...] = 1e4
    probabilities = net.layer_outputs(points())[-1]
    assert np.isfinite(probabilities).all()
    np.testing.assert_allclose(probabilities.sum(axis=0), 1, atol=1e-6)


def test_each_call_shows_the_current_weights_in_the_same_buffers():
    net, X = model(), points()
    first = net.layer_outputs(X)
    kept = [out.copy() for out in first]
    net.params["W1"] *= 2
    second = net.layer_outputs(X)
    assert all(np.shares_memory(new, old) for new, old in zip(second, first))
    assert not np.allclose(second[0], kept[0])
    np.testing.assert_allclose(second[-1].T, net.predict_proba(X), atol=1e-5)


def test_a_prediction_on_as_many_points_leaves_a_pictures_buffers_alone():
    net, X = model(), points()
    picture = net.layer_outputs(X)[-1]
    kept = picture.copy()
    net.predict_proba(points(seed=2), dtype=np.float32)
    np.testing.assert_array_equal(picture, kept)
