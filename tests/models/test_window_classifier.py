"""The softmax window classifier: δ = ŷ − t, ∂J/∂x = Wᵀ δ split into the window's words."""

import numpy as np
import pytest

from bpviz.engine import gradcheck
from bpviz.errors import BpvizError
from bpviz.models.window_classifier import WindowClassifier, WindowClassifierConfig


def softmax(f):
    exps = np.exp(f - f.max())
    return exps / exps.sum()


def window_x(model):
    return np.concatenate([model.words.L[model.words.index[w]] for w in model.config.window])


def test_linear_classifier_gradients_are_the_lecture_formulas():
    model = WindowClassifier()
    J, grads, rows = model.gradients()
    x = window_x(model)
    y_hat = softmax(model.params["W"] @ x)
    t = np.eye(4)[1]  # LOC
    assert J == pytest.approx(-np.log(y_hat[1]), rel=1e-12)
    delta = y_hat - t
    np.testing.assert_allclose(grads["W"], np.outer(delta, x), rtol=1e-12)
    dx = model.params["W"].T @ delta
    np.testing.assert_allclose(grads["L"], dx.reshape(5, 4), rtol=1e-11, atol=1e-15)
    np.testing.assert_array_equal(rows["L"], np.arange(5))


def test_neural_version_has_a_hidden_layer_and_passes_the_gradient_check():
    model = WindowClassifier(WindowClassifierConfig(hidden=6, activation="sigmoid"))
    assert model.params["W"].shape == (6, 20) and model.params["U"].shape == (4, 6)
    built = model.objective()
    assert gradcheck(built.graph, built.output).max_rel_error < 1e-7


def test_a_word_repeated_in_the_window_gets_both_updates_added():
    config = WindowClassifierConfig(window=("the", "cat", "the"), target="NONE")
    model = WindowClassifier(config)
    _, grads, _ = model.gradients()
    x = window_x(model)
    delta = softmax(model.params["W"] @ x) - np.eye(4)[3]
    dx = (model.params["W"].T @ delta).reshape(3, 4)
    np.testing.assert_allclose(grads["L"][model.words.index["the"]], dx[0] + dx[2], rtol=1e-12)


def test_an_unknown_target_class_is_a_clear_error():
    with pytest.raises(BpvizError, match="'CITY' is not one of PER, LOC, ORG, NONE"):
        WindowClassifier(WindowClassifierConfig(target="CITY"))
