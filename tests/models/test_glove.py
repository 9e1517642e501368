"""GloVe exactly as written: J = Σ_{X_ij>0} f(X_ij)(w_iᵀw̃_j + b_i + b̃_j − log X_ij)²."""

import numpy as np
import pytest

from bpviz.errors import BpvizError
from bpviz.models.glove import GloVe, GloVeConfig, weighting
from tests.models.word_checks import central_differences


def numpy_J(W, W_tilde, b, b_tilde, X, x_max=100.0, alpha=0.75):
    """The sum over the cells with X_ij > 0, term by term."""
    J = 0.0
    for i, j in zip(*np.nonzero(X)):
        f = min(1.0, (X[i, j] / x_max) ** alpha)
        J += f * (W[i] @ W_tilde[j] + b[i] + b_tilde[j] - np.log(X[i, j])) ** 2
    return J


def test_weighting_is_min_of_one_and_the_power():
    np.testing.assert_allclose(weighting(np.array([0.0, 10.0, 100.0, 400.0])),
                               [0.0, 0.1 ** 0.75, 1.0, 1.0])


@pytest.mark.parametrize("config", [GloVeConfig(), GloVeConfig(d=3, x_max=3.0, alpha=0.5, seed=5)])
def test_J_and_gradients_equal_numpy_and_central_differences(config):
    model = GloVe(config)
    model.params["b"][:] = np.linspace(-0.5, 0.5, 8)  # biases away from 0 test their terms
    model.params["b_tilde"][:] = np.linspace(0.3, -0.2, 8)
    p, X = model.params, model.X
    def loss(params):
        return numpy_J(params["W"], params["W_tilde"], params["b"], params["b_tilde"], X,
                       config.x_max, config.alpha)
    J, grads, _ = model.gradients()
    assert J == pytest.approx(loss(p), rel=1e-12)
    # The closed form: with E_ij = f(X_ij)·2(w_iᵀw̃_j + b_i + b̃_j − log X_ij),
    # ∂J/∂W = E W̃, ∂J/∂W̃ = Eᵀ W, ∂J/∂b = E 1, ∂J/∂b̃ = Eᵀ 1.
    f = np.where(X > 0, np.minimum(1.0, (X / config.x_max) ** config.alpha), 0.0)
    logX = np.log(np.where(X > 0, X, 1.0))
    E = 2 * f * (p["W"] @ p["W_tilde"].T + p["b"][:, None] + p["b_tilde"][None, :] - logX)
    np.testing.assert_allclose(grads["W"], E @ p["W_tilde"], rtol=1e-11)
    np.testing.assert_allclose(grads["W_tilde"], E.T @ p["W"], rtol=1e-11)
    np.testing.assert_allclose(grads["b"], E.sum(axis=1), rtol=1e-11)
    np.testing.assert_allclose(grads["b_tilde"], E.sum(axis=0), rtol=1e-11)
    for name in p:
        np.testing.assert_allclose(grads[name], central_differences(loss, p, name), atol=1e-8)


def test_no_half_in_front_the_sum_is_exactly_as_written():
    model = GloVe(GloVeConfig(x_max=1.0))  # f = 1 for every count ≥ 1
    p = {name: np.zeros_like(value) for name, value in model.params.items()}
    X = model.X
    assert model.loss(p) == pytest.approx(np.sum(np.log(X[X > 0]) ** 2), rel=1e-12)


def test_the_shift_the_note_derives_leaves_J_unchanged():
    model = GloVe(GloVeConfig(d=3, seed=2))
    c = np.array([0.7, -1.2, 2.0])
    shifted = model.shifted(c)
    np.testing.assert_allclose(shifted["W"], model.params["W"] + c)
    assert model.loss(shifted) == pytest.approx(model.loss(), rel=1e-12)


@pytest.mark.parametrize("config, message", [
    (GloVeConfig(d=0), "vector size d"), (GloVeConfig(x_max=0.0), "x_max"),
    (GloVeConfig(alpha=float("nan")), "α")])
def test_bad_settings_are_refused(config, message):
    with pytest.raises(BpvizError, match=message):
        GloVe(config)
