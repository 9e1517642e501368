"""The fast forward pass equals the engine's: probabilities and every hidden layer."""

import numpy as np
import pytest

from bpviz.lab.forward import ACTIVATION_OPS, layer_outputs
from bpviz.models.activations import ACTIVATIONS
from bpviz.models.classifier import Classifier, ClassifierConfig


def model(hidden=(8, 8), activation="tanh", classes=3, seed=0):
    config = ClassifierConfig(hidden=hidden, activation=activation)
    return Classifier(2, classes, config, np.random.default_rng(seed))


def points(n=500, seed=1):
    return np.random.default_rng(seed).uniform(-2, 2, size=(n, 2))


def test_every_activation_of_the_models_has_an_op():
    assert set(ACTIVATION_OPS) == set(ACTIVATIONS)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [(), (5,), (8, 8), (3, 4, 2)])
def test_probabilities_equal_predict_proba(activation, hidden):
    net, X = model(hidden, activation, classes=4), points()
    expected = net.predict_proba(X)
    exact = layer_outputs(net, X.T, np.float64)[-1].T
    np.testing.assert_allclose(exact, expected, rtol=0, atol=1e-12)
    fast = layer_outputs(net, X.T)[-1]
    assert fast.dtype == np.float32 and fast.shape == (4, len(X))
    np.testing.assert_allclose(fast.T, expected, rtol=0, atol=1e-5)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_hidden_layers_equal_the_engines_h_values(activation, engine_values):
    net, X = model((6, 5), activation), points(50)
    h1, h2, _ = layer_outputs(net, X.T, np.float64)
    values = engine_values(net, X)
    np.testing.assert_allclose(h1.T, values["h1"], atol=1e-12)
    np.testing.assert_allclose(h2.T, values["h2"], atol=1e-12)


def test_one_output_per_layer_and_columns_sum_to_one():
    outputs = layer_outputs(model((8, 8, 8)), points().T)
    assert [len(output) for output in outputs] == [8, 8, 8, 3]
    np.testing.assert_allclose(outputs[-1].sum(axis=0), 1, atol=1e-6)


def test_huge_scores_do_not_overflow():
    net = model(())
    net.params["W"][...] = 1e4
    probabilities = layer_outputs(net, points().T)[-1]
    assert np.isfinite(probabilities).all()
    np.testing.assert_allclose(probabilities.T, net.predict_proba(points()), atol=1e-5)


def test_reusing_a_results_arrays_overwrites_them_with_the_new_values():
    net, X = model(), points()
    first = layer_outputs(net, X.T)
    kept = [out.copy() for out in first]
    net.params["W1"] *= 2
    second = layer_outputs(net, X.T, reuse=first)
    assert all(new is old for new, old in zip(second, first))
    np.testing.assert_allclose(second[-1], layer_outputs(net, X.T)[-1], atol=1e-6)
    assert not np.allclose(second[0], kept[0])


@pytest.mark.parametrize("reuse", [
    [np.empty((8, 500), np.float32), np.empty((8, 500), np.float32)],       # too few layers
    [np.empty((8, 400), np.float32)] * 2 + [np.empty((3, 400), np.float32)],  # other points
    [np.empty((8, 500)), np.empty((8, 500)), np.empty((3, 500))],            # float64
])
def test_arrays_that_do_not_fit_are_not_reused(reuse):
    net, X = model(), points()
    outputs = layer_outputs(net, X.T, reuse=reuse)
    assert all(out is not old for out, old in zip(outputs, reuse))
    np.testing.assert_allclose(outputs[-1].T, net.predict_proba(X), atol=1e-5)
