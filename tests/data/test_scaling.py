"""Standardising features far from unit size, and only those."""

import numpy as np
import pytest

from bpviz.data.scaling import input_scaling


def pixels(points=300, seed=0):
    return np.random.default_rng(seed).uniform(0, 500, size=(points, 2))


def test_large_features_are_standardised_and_described():
    X = pixels()
    scaling = input_scaling(X)
    seen = scaling.apply(X)
    np.testing.assert_allclose(seen.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(seen.std(axis=0), 1, atol=1e-12)
    assert scaling.describe(("px", "py")).startswith("px′ = (px − 2")


def test_a_constant_feature_is_only_shifted():
    X = np.column_stack([np.full(5, 40.0), np.arange(5.0)])
    np.testing.assert_array_equal(input_scaling(X).apply(X)[:, 0], 0.0)


def test_too_few_points_or_unit_sized_features_are_left_alone():
    assert input_scaling(np.array([[400.0, 3.0]])) is None
    assert input_scaling(np.random.default_rng(2).uniform(-9, 9, size=(50, 2))) is None


@pytest.mark.parametrize("size", [1e40, 1e155, 1e200, 1.7e308])
def test_features_of_any_finite_size_are_standardised_without_overflow(size):
    X = np.column_stack([np.linspace(-1, 1, 101) * size, np.arange(101.0)])
    with np.errstate(all="raise"):  # no step may overflow, even in passing
        scaling = input_scaling(X)
        seen = scaling.apply(X)
    assert np.isfinite(scaling.shift).all() and np.isfinite(scaling.scale).all()
    np.testing.assert_allclose(seen.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(seen.std(axis=0), 1, atol=1e-12)
    assert "inf" not in scaling.describe(("x1", "x2"))


def test_the_scaled_computation_gives_the_plain_formulas_bits():
    X = pixels(seed=5)
    scaling = input_scaling(X)
    assert scaling.shift.tobytes() == X.mean(axis=0).tobytes()
    assert scaling.scale.tobytes() == X.std(axis=0).tobytes()
    assert scaling.apply(X).tobytes() == ((X - X.mean(axis=0)) / X.std(axis=0)).tobytes()
