"""The window scorer: the lecture's closed forms, the hinge's dead zone, both modes agree."""

import numpy as np
import pytest

from bpviz.engine import gradcheck, picture_at
from bpviz.errors import BpvizError
from bpviz.models.window_scorer import CORRUPT_WINDOW, TRUE_WINDOW, WindowConfig, WindowScorer


def dtanh(z):
    return 1.0 - np.tanh(z) ** 2


def forward(model, window):
    """x, z, h, s of one window, in plain NumPy from the model's parameters."""
    x = np.concatenate([model.words.L[model.words.index[word]] for word in window])
    z = model.params["W"] @ x + model.params["b"]
    h = np.tanh(z)
    return x, z, h, model.params["u"] @ h


def test_defaults_are_the_lecture_sizes():
    model = WindowScorer()
    assert model.params["W"].shape == (8, 20)
    assert model.params["b"].shape == model.params["u"].shape == (8,)
    assert model.words.vocabulary == ("museums", "in", "Paris", "are", "amazing", "Not", "all")


def test_gradients_equal_the_lecture_closed_forms():
    model = WindowScorer()
    J, grads, rows = model.gradients()
    x, z, h, s = forward(model, TRUE_WINDOW)
    x_c, z_c, h_c, s_c = forward(model, CORRUPT_WINDOW)
    assert J == pytest.approx(max(0.0, 1 - s + s_c), rel=1e-12)
    assert J > 0  # the default seed starts with a violated margin, so gradients flow
    u, W = model.params["u"], model.params["W"]
    delta, delta_c = u * dtanh(z), u * dtanh(z_c)           # δ = u ∘ f′(z)
    # J = 1 − s + s_c, so ∂J/∂θ = −∂s/∂θ + ∂s_c/∂θ.
    np.testing.assert_allclose(grads["u"], -h + h_c, rtol=1e-12)          # ∂s/∂u = h
    np.testing.assert_allclose(grads["b"], -delta + delta_c, rtol=1e-12)  # ∂s/∂b = δ
    np.testing.assert_allclose(grads["W"], -np.outer(delta, x) + np.outer(delta_c, x_c),
                               rtol=1e-12)                                # ∂s/∂W = δ xᵀ
    dx, dx_c = -W.T @ delta, W.T @ delta_c                                # ∂s/∂x = Wᵀ δ
    expected = np.zeros_like(model.words.L)
    for position, word in enumerate(TRUE_WINDOW):
        expected[model.words.index[word]] += dx[4 * position:4 * position + 4]
    for position, word in enumerate(CORRUPT_WINDOW):
        expected[model.words.index[word]] += dx_c[4 * position:4 * position + 4]
    np.testing.assert_allclose(grads["L"], expected, rtol=1e-11, atol=1e-15)
    np.testing.assert_array_equal(rows["L"], np.arange(7))


def test_shared_words_get_gradient_from_both_windows():
    model = WindowScorer()
    trace = model.record()
    paris = next(info.id for info in trace.nodes if info.label == "Paris")
    arriving = [part for step in trace.steps if step.phase == "backward"
                for part in step.contributions if part.to == paris]
    assert len(arriving) == 2
    final = picture_at(trace, len(trace.steps)).grads[paris]
    np.testing.assert_allclose(arriving[0].downstream + arriving[1].downstream, final, rtol=1e-12)


def test_no_gradient_flows_once_the_margin_is_met():
    model = WindowScorer()
    # Make s − s_c = 2 ≥ 1: b shifts h, and u is set so the true window scores higher.
    model.params["u"][:] = 0.0
    model.params["u"][0] = 1.0
    model.params["W"][0] = 0.0
    x, _, _, _ = forward(model, TRUE_WINDOW)
    x_c, _, _, _ = forward(model, CORRUPT_WINDOW)
    model.params["W"][0] = 50.0 * (x - x_c) / np.dot(x - x_c, x - x_c)
    J, grads, _ = model.gradients()
    assert J == 0.0
    for name, grad in grads.items():
        assert not grad.any(), name


def test_fast_batch_mode_gives_the_recorded_mode_gradients():
    model = WindowScorer(WindowConfig(activation="relu", seed=3))
    J, grads, rows = model.gradients()
    rows_true = model.words.rows(model.config.true_window)[np.newaxis]
    rows_corrupt = model.words.rows(model.config.corrupt_window)[np.newaxis]
    J_fast, fast, fast_rows = model.batch_gradients(rows_true, rows_corrupt)
    assert J_fast == pytest.approx(J, rel=1e-13)
    for name in grads:
        np.testing.assert_allclose(fast[name], grads[name], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(fast_rows["L"], rows["L"])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "hard_tanh", "relu", "leaky_relu",
                                        "linear"])
def test_every_activation_passes_the_gradient_check(activation):
    built = WindowScorer(WindowConfig(activation=activation, d=3, hidden=5, seed=1)).objective()
    report = gradcheck(built.graph, built.output)
    assert report.passed(1e-7)


def test_settings_change_the_model_and_the_seed_reproduces_it():
    config = WindowConfig(true_window=("a", "cat", "c"), corrupt_window=("c", "d", "a"), d=2,
                          hidden=3, seed=7)
    first, second = WindowScorer(config), WindowScorer(config)
    assert first.params["W"].shape == (3, 6)
    for name in first.params:
        np.testing.assert_array_equal(first.params[name], second.params[name])


@pytest.mark.parametrize("config, message", [
    (WindowConfig(corrupt_window=("Not", "all")), "same number of words"),
    (WindowConfig(true_window=("u", "in", "Paris", "are", "amazing")), "clashes"),
    (WindowConfig(activation="swish"), "unknown activation 'swish'"),
    (WindowConfig(d=0), "at least 1"),
])
def test_bad_settings_are_clear_errors(config, message):
    with pytest.raises(BpvizError, match=message):
        WindowScorer(config)


def test_a_batch_step_changes_only_the_rows_of_L_its_windows_used():
    from bpviz.training.optimizers import make_optimizer

    extra = tuple(f"word{i}" for i in range(50))
    model = WindowScorer(WindowConfig(vocabulary=extra, seed=2))
    rng = np.random.default_rng(0)
    true_rows = rng.integers(0, 57, size=(6, 5))
    corrupt_rows = true_rows.copy()
    corrupt_rows[:, 2] = rng.integers(0, 57, size=6)  # negative sampling: a random centre word
    before = model.params["L"].copy()
    _, grads, rows = model.batch_gradients(true_rows, corrupt_rows)
    make_optimizer("adam").step(model.params, grads, 0.1, rows=rows)
    changed = np.flatnonzero((model.params["L"] != before).any(axis=1))
    used = np.unique(np.concatenate([true_rows.ravel(), corrupt_rows.ravel()]))
    assert set(changed) <= set(used) and len(changed) > 0
    assert len(used) < 57  # some rows were not used, and stayed as they were


def test_a_batch_of_windows_averages_the_pairs_losses():
    model = WindowScorer(WindowConfig(seed=5))
    pairs = [(("museums", "in", "Paris", "are", "amazing"), ("Not", "all", "museums", "in", "Paris")),
             (("Not", "all", "museums", "in", "Paris"), ("museums", "in", "Paris", "are", "amazing"))]
    true_rows = np.array([model.words.rows(t) for t, _ in pairs])
    corrupt_rows = np.array([model.words.rows(c) for _, c in pairs])
    J, _, _ = model.batch_gradients(true_rows, corrupt_rows)
    s = forward(model, pairs[0][0])[3]
    s_c = forward(model, pairs[0][1])[3]
    expected = (max(0, 1 - s + s_c) + max(0, 1 - s_c + s)) / 2
    assert J == pytest.approx(expected, rel=1e-12)
