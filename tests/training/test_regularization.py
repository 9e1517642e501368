"""L2/L1 penalties: which parameters, values by hand, gradients vs central differences."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.training.regularization import penalty, penalty_grads, regularized


def params():
    return {
        "W": np.array([[1.0, -2.0], [3.0, 0.0]]),
        "b": np.array([5.0, -5.0]),
        "b1": np.array([[4.0], [4.0]]),  # a bias kept as a column: still not penalised
        "L": np.array([[0.5, -0.5], [1.0, 2.0], [0.0, -1.0]]),
        "u": np.array([7.0, 7.0]),       # a vector: not penalised
    }


@pytest.mark.parametrize("name, shape, expected", [
    ("W", (2, 3), True), ("W1", (2, 3), True), ("L", (5, 2), True), ("U", (1, 3), True),
    ("b", (3,), False), ("b1", (3, 1), False), ("u", (3,), False), ("s", (), False),
])
def test_which_parameters_are_regularized(name, shape, expected):
    assert regularized(name, np.zeros(shape)) is expected


def test_l2_penalty_by_hand():
    # W: 1 + 4 + 9 + 0 = 14;  L: 0.25 + 0.25 + 1 + 4 + 0 + 1 = 6.5;  0.1·(14 + 6.5) = 2.05
    assert penalty(params(), l2=0.1) == pytest.approx(2.05, rel=1e-12)


def test_l1_penalty_by_hand():
    # W: 1 + 2 + 3 + 0 = 6;  L: 0.5 + 0.5 + 1 + 2 + 0 + 1 = 5;  0.5·11 = 5.5
    assert penalty(params(), l1=0.5) == pytest.approx(5.5, rel=1e-12)


def test_both_penalties_add_and_none_is_zero():
    assert penalty(params(), l1=0.5, l2=0.1) == pytest.approx(7.55, rel=1e-12)
    assert penalty(params()) == 0.0


def test_gradients_by_hand():
    grads = penalty_grads(params(), l1=0.5, l2=0.1)
    assert list(grads) == list(params())
    # 2·0.1·θ + 0.5·sign(θ), with sign(0) = 0
    np.testing.assert_allclose(grads["W"], [[0.2 + 0.5, -0.4 - 0.5], [0.6 + 0.5, 0.0]],
                               rtol=1e-12)
    for name in ("b", "b1", "u"):
        np.testing.assert_array_equal(grads[name], np.zeros_like(params()[name]))


def central_differences(values, l1, l2, h=1e-6):
    numeric = {}
    for name, array in values.items():
        numeric[name] = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            original = array[index]
            array[index] = original + h
            plus = penalty(values, l1, l2)
            array[index] = original - h
            minus = penalty(values, l1, l2)
            array[index] = original
            numeric[name][index] = (plus - minus) / (2 * h)
    return numeric


@pytest.mark.parametrize("l1, l2", [(0.0, 0.3), (0.2, 0.0), (0.2, 0.3)])
def test_gradients_match_central_differences(l1, l2):
    rng = np.random.default_rng(0)
    # Keep every element away from 0, where |θ| has its kink.
    values = {name: rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 2.0, size=shape)
              for name, shape in [("W1", (3, 4)), ("b1", (3,)), ("L", (5, 2))]}
    analytic = penalty_grads(values, l1, l2)
    numeric = central_differences(values, l1, l2)
    for name in values:
        np.testing.assert_allclose(analytic[name], numeric[name], rtol=1e-6, atol=1e-8)


def test_negative_strengths_are_refused():
    with pytest.raises(ValueError, match="l2 must be a finite number"):
        penalty(params(), l2=-0.1)
    with pytest.raises(ValueError, match="l1 must be a finite number"):
        penalty_grads(params(), l1=float("nan"))
