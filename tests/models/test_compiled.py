"""A compiled objective stays bound to a model's flat parameters until one is replaced."""

import numpy as np

from bpviz.models.classifier import Classifier, ClassifierConfig


def _compiled(model, X, y):
    return model._compiled_objective(X, y, backward=True)


def test_a_plan_bound_to_flat_parameters_is_bound_until_an_entry_is_replaced():
    rng = np.random.default_rng(0)
    model = Classifier(2, 2, ClassifierConfig(hidden=(3,)), rng)
    X, y = rng.normal(size=(4, 2)), np.array([0, 1, 1, 0])
    compiled = _compiled(model, X, y)
    assert compiled.bound_to(model.params)
    assert compiled.bound_to(dict(model.params))  # the same arrays in another mapping
    model.params["W1"] = model.params["W1"].copy()  # a new array the plan does not read
    assert not compiled.bound_to(model.params)
    assert _compiled(model, X, y) is not compiled  # so the model compiles afresh


def test_training_steps_on_the_plan_match_the_generic_gradients():
    rng = np.random.default_rng(1)
    model = Classifier(2, 3, ClassifierConfig(hidden=(4,)), rng)
    X, y = rng.normal(size=(6, 2)), np.array([0, 1, 2, 0, 1, 2])
    built = model.objective(X, y)
    expected = built.gradients()
    _, grads = model.gradients(X, y)
    for name, grad in expected.items():
        np.testing.assert_allclose(grads[name], grad, rtol=1e-12, atol=1e-15)
