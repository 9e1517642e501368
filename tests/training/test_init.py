"""Initialisers: shapes, Xavier's bound and variance, reproducible seeds, zero biases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpviz.training.choices import UnknownChoiceError
from bpviz.training.init import (
    INITIALIZERS, fans, init_weight, small_random, xavier_normal, xavier_uniform, zeros,
)

RANDOM = [xavier_uniform, xavier_normal, small_random]


def test_a_weight_matrix_is_n_out_by_n_in():
    assert fans((3, 5)) == (5, 3)  # W @ x maps 5 inputs to 3 outputs
    with pytest.raises(ValueError, match="needs a matrix"):
        fans((4,))


@pytest.mark.parametrize("initializer", RANDOM)
def test_shape_and_dtype(initializer):
    weights = initializer((3, 5), np.random.default_rng(0))
    assert weights.shape == (3, 5)
    assert weights.dtype == np.float64


@pytest.mark.parametrize("initializer", RANDOM)
def test_a_seed_reproduces_exactly_and_another_seed_differs(initializer):
    first = initializer((4, 6), np.random.default_rng(7))
    again = initializer((4, 6), np.random.default_rng(7))
    other = initializer((4, 6), np.random.default_rng(8))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


@pytest.mark.parametrize("initializer", RANDOM)
def test_draws_come_only_from_the_generator_passed_in(initializer):
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    rng = np.random.default_rng(1)
    first = initializer((2, 3), rng)
    second = initializer((2, 3), rng)  # the same generator moves on: never all equal
    np.testing.assert_array_equal(np.random.get_state()[1], before)
    assert not np.array_equal(first, second)
    assert len(np.unique(first)) == first.size


def test_xavier_uniform_stays_within_the_bound_and_reaches_near_it():
    n_out, n_in = 300, 500
    bound = math.sqrt(6.0 / (n_in + n_out))  # ≈ 0.0866
    weights = xavier_uniform((n_out, n_in), np.random.default_rng(0))
    assert np.abs(weights).max() <= bound
    assert np.abs(weights).max() > 0.99 * bound
    assert weights.min() < -0.99 * bound  # both signs


@pytest.mark.parametrize("initializer", [xavier_uniform, xavier_normal])
def test_xavier_variance_is_two_over_fan_in_plus_fan_out(initializer):
    n_out, n_in = 300, 500
    weights = initializer((n_out, n_in), np.random.default_rng(0))
    expected = 2.0 / (n_in + n_out)  # 0.0025
    assert weights.var() == pytest.approx(expected, rel=0.02)
    assert abs(weights.mean()) < 0.01 * math.sqrt(expected)


def test_xavier_normal_is_not_uniform():
    weights = xavier_normal((300, 500), np.random.default_rng(0))
    assert np.abs(weights).max() > math.sqrt(6.0 / 800)  # tails beyond the uniform bound


def test_small_random_has_the_given_spread():
    rng = np.random.default_rng(0)
    assert small_random((400, 400), rng).std() == pytest.approx(0.01, rel=0.02)
    assert small_random((400, 400), rng, sigma=0.1).std() == pytest.approx(0.1, rel=0.02)
    assert small_random((5,), rng).shape == (5,)


def test_biases_are_zeros():
    bias = zeros((4,))
    assert bias.dtype == np.float64
    np.testing.assert_array_equal(bias, [0.0, 0.0, 0.0, 0.0])


def test_init_weight_uses_the_named_initializer():
    assert INITIALIZERS == {"xavier": xavier_uniform, "xavier_normal": xavier_normal,
                            "small": small_random}
    for name, initializer in INITIALIZERS.items():
        np.testing.assert_array_equal(init_weight(name, (3, 2), np.random.default_rng(5)),
                                      initializer((3, 2), np.random.default_rng(5)))


def test_an_unknown_initializer_lists_the_choices():
    with pytest.raises(ValueError, match="unknown initialiser 'he'; choose one of "
                                         "'xavier', 'xavier_normal', 'small'") as caught:
        init_weight("he", (3, 2), np.random.default_rng(0))
    assert isinstance(caught.value, UnknownChoiceError)
