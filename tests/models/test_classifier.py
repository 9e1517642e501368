"""2-D classifiers: softmax regression and the MLP share one interface and true gradients."""

import numpy as np
import pytest

from bpviz.engine import gradcheck, picture_at
from bpviz.models.classifier import Classifier, ClassifierConfig

LOSSES = ["softmax", "margin", "squared"]
ACTIVATIONS = ["sigmoid", "tanh", "hard_tanh", "relu", "leaky_relu", "linear"]


def batch(rng, n=12, classes=3):
    return rng.normal(size=(n, 2)), rng.integers(0, classes, n)


@pytest.mark.parametrize("hidden", [(), (5,), (4, 3)])
@pytest.mark.parametrize("loss", LOSSES)
def test_gradients_match_central_differences_for_every_loss(hidden, loss):
    rng = np.random.default_rng(1)
    model = Classifier(2, 3, ClassifierConfig(hidden=hidden, loss=loss, l1=0.01, l2=0.02), rng)
    built = model.objective(*batch(rng))
    report = gradcheck(built.graph, built.output)
    assert report.passed(1e-7)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradients_match_central_differences_for_every_activation(activation):
    rng = np.random.default_rng(2)
    model = Classifier(2, 4, ClassifierConfig(hidden=(5,), activation=activation), rng)
    built = model.objective(*batch(rng, classes=4))
    report = gradcheck(built.graph, built.output)
    assert report.passed(1e-7)


def test_parameter_names_and_shapes_follow_the_lecture():
    rng = np.random.default_rng(0)
    softmax_regression = Classifier(2, 3, ClassifierConfig(hidden=()), rng)
    assert {k: v.shape for k, v in softmax_regression.params.items()} == {"W": (3, 2), "b": (3,)}
    mlp = Classifier(2, 3, ClassifierConfig(hidden=(8, 8)), rng)
    assert {k: v.shape for k, v in mlp.params.items()} == {
        "W1": (8, 2), "b1": (8,), "W2": (8, 8), "b2": (8,), "W3": (3, 8), "b3": (3,)}
    assert not mlp.params["b1"].any()


def test_fast_mode_on_one_example_gives_the_recorded_gradients():
    rng = np.random.default_rng(3)
    model = Classifier(2, 3, ClassifierConfig(hidden=(6,), l2=0.1), rng)
    x, y = np.array([0.3, -0.7]), 2
    loss_value, fast = model.gradients(x[np.newaxis], np.array([y]))
    trace = model.record(x, y)
    final = picture_at(trace, len(trace.steps))
    by_label = {info.label: info.id for info in trace.nodes}
    assert float(final.values[trace.output]) == pytest.approx(loss_value, rel=1e-13)
    for name, grad in fast.items():
        np.testing.assert_allclose(final.grads[by_label[name]], grad, rtol=1e-12, atol=1e-15)


def test_recorded_mode_uses_the_lecture_labels():
    model = Classifier(2, 3, ClassifierConfig(hidden=(4,)), np.random.default_rng(0))
    labels = [info.label for info in model.record(np.array([0.1, 0.2]), 1).nodes]
    for label in ["x", "W1", "b1", "z1", "h1", "W2", "f", "J"]:
        assert label in labels


def test_predicted_probabilities_are_a_distribution_matching_the_scores():
    rng = np.random.default_rng(4)
    model = Classifier(2, 3, ClassifierConfig(hidden=(5,), activation="relu"), rng)
    grid = rng.uniform(-1, 1, size=(400, 2))
    probabilities = model.predict_proba(grid)
    assert probabilities.shape == (400, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-12)
    p = model.params
    scores = p["W2"] @ np.maximum(p["W1"] @ grid[7] + p["b1"], 0) + p["b2"]
    np.testing.assert_allclose(probabilities[7], np.exp(scores) / np.exp(scores).sum(), rtol=1e-12)


def test_same_seed_same_model():
    first = Classifier(2, 3, ClassifierConfig(), np.random.default_rng(9))
    second = Classifier(2, 3, ClassifierConfig(), np.random.default_rng(9))
    for name in first.params:
        np.testing.assert_array_equal(first.params[name], second.params[name])


def test_a_new_config_is_used_by_the_next_gradients_not_a_stale_compiled_plan():
    rng = np.random.default_rng(4)
    model = Classifier(2, 3, ClassifierConfig(hidden=(5,), loss="softmax"), rng)
    X, y = rng.normal(size=(7, 2)), np.array([0, 1, 2, 0, 1, 2, 0])
    model.gradients(X, y)
    for changed in (ClassifierConfig(hidden=(5,), loss="margin"),
                    ClassifierConfig(hidden=(5,), loss="margin", l2=0.5)):
        model.config = changed
        fresh = Classifier(2, 3, changed, np.random.default_rng(0))
        fresh.params.update({name: value.copy() for name, value in model.params.items()})
        loss, grads = model.gradients(X, y)
        expected_loss, expected = fresh.gradients(X, y)
        assert loss == expected_loss
        for name in expected:
            np.testing.assert_array_equal(grads[name], expected[name])


def test_a_train_step_is_gradients_then_the_optimisers_step():
    from bpviz.training.optimizers import make_optimizer

    rng = np.random.default_rng(11)
    X, y = rng.normal(size=(12, 2)), rng.integers(0, 3, 12)
    stepped, by_hand = (Classifier(2, 3, ClassifierConfig(hidden=(4, 3)), np.random.default_rng(5))
                        for _ in range(2))
    adam, adam_by_hand = make_optimizer("adam"), make_optimizer("adam")
    for _ in range(3):
        J = stepped.train_step(X, y, adam, 0.05)
        J_by_hand, grads = by_hand.gradients(X, y)
        adam_by_hand.step(by_hand.params, grads, 0.05)
        assert J == J_by_hand
    for name in stepped.params:
        np.testing.assert_array_equal(stepped.params[name], by_hand.params[name])


def test_each_layers_weight_and_bias_are_one_block_of_the_buffer():
    model = Classifier(2, 3, ClassifierConfig(hidden=(4,)), np.random.default_rng(0))
    W1, b1 = model.params["W1"], model.params["b1"]
    block = model.params.flat[:4 * 3].reshape(4, 3)
    assert np.shares_memory(W1, block) and np.shares_memory(b1, block)
    np.testing.assert_array_equal(block, np.column_stack([W1, b1]))
