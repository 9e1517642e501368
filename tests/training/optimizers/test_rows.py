"""Sparse updates: with `rows`, only those rows of a parameter and of its state change."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.training.optimizers import OPTIMIZERS, Adam, make_optimizer

NAMES = sorted(OPTIMIZERS)


def embedding():
    # Every row has a non-zero gradient, so an untouched row proves the rows were honoured.
    L = np.arange(12.0).reshape(4, 3) / 10.0
    grad = np.linspace(-1.0, 1.0, 12).reshape(4, 3) + 0.05
    return L, grad


@pytest.mark.parametrize("name", NAMES)
def test_only_the_given_rows_and_their_state_change(name):
    L, grad = embedding()
    original = L.copy()
    optimizer = make_optimizer(name)
    for _ in range(2):
        optimizer.step({"L": L}, {"L": grad}, 0.1, rows={"L": np.array([2, 0])})
    np.testing.assert_array_equal(L[[1, 3]], original[[1, 3]])
    assert not np.array_equal(L[[0, 2]], original[[0, 2]])
    for part, array in optimizer.state["L"].items():
        np.testing.assert_array_equal(array[[1, 3]], np.zeros_like(array[[1, 3]]), err_msg=part)


@pytest.mark.parametrize("name", NAMES)
def test_the_chosen_rows_move_as_if_they_were_the_whole_parameter(name):
    L, grad = embedding()
    alone = L[[0, 2]].copy()
    sparse, dense = make_optimizer(name), make_optimizer(name)
    for _ in range(3):
        sparse.step({"L": L}, {"L": grad}, 0.1, rows={"L": [0, 2]})
        dense.step({"L": alone}, {"L": grad[[0, 2]]}, 0.1)
    np.testing.assert_array_equal(L[[0, 2]], alone)


@pytest.mark.parametrize("name", NAMES)
def test_a_repeated_row_takes_one_step(name):
    # The caller has already summed the repeated word's gradient rows.
    once, grad = embedding()
    twice = once.copy()
    first, second = make_optimizer(name), make_optimizer(name)
    first.step({"L": once}, {"L": grad}, 0.1, rows={"L": np.array([0, 2])})
    second.step({"L": twice}, {"L": grad}, 0.1, rows={"L": np.array([2, 0, 2, 2])})
    np.testing.assert_array_equal(once, twice)
    for part, array in first.state["L"].items():
        np.testing.assert_array_equal(array, second.state["L"][part])


def test_adam_counts_steps_per_row_lazily():
    L = np.zeros((3, 2))
    adam = Adam()
    grad = np.ones((3, 2))
    adam.step({"L": L}, {"L": grad}, 0.1, rows={"L": [0]})
    adam.step({"L": L}, {"L": grad}, 0.1, rows={"L": [0, 1]})
    np.testing.assert_array_equal(adam.state["L"]["t"], [2, 1, 0])
    # Row 1's first step is bias-corrected as a first step: lr·sign(g), like row 0's was.
    np.testing.assert_allclose(L[1], [-0.1, -0.1], rtol=1e-6)
    # Row 0 has had two steps with g = 1: m̂ = v̂ = 1 each time, so it moved by 2·lr.
    np.testing.assert_allclose(L[0], [-0.2, -0.2], rtol=1e-6)
    np.testing.assert_array_equal(L[2], [0.0, 0.0])


def test_rows_apply_only_to_their_parameter():
    L, grad = embedding()
    W = np.ones((2, 2))
    original = L.copy()
    make_optimizer("sgd").step({"W": W, "L": L}, {"W": np.ones((2, 2)), "L": grad}, 0.1,
                               rows={"L": [3]})
    np.testing.assert_allclose(W, np.full((2, 2), 0.9))  # dense
    np.testing.assert_array_equal(L[:3], original[:3])
    np.testing.assert_allclose(L[3], original[3] - 0.1 * grad[3])


def test_no_rows_change_nothing():
    L, grad = embedding()
    original = L.copy()
    make_optimizer("adam").step({"L": L}, {"L": grad}, 0.1, rows={"L": []})
    np.testing.assert_array_equal(L, original)


@pytest.mark.parametrize("rows, message", [
    ([4], r"must lie in 0\.\.3"),
    ([-1], r"must lie in 0\.\.3"),
    ([0.0, 1.0], "must be integers"),
])
def test_bad_rows_are_refused(rows, message):
    L, grad = embedding()
    with pytest.raises(ValueError, match=message):
        make_optimizer("sgd").step({"L": L}, {"L": grad}, 0.1, rows={"L": rows})


def test_rows_need_a_known_parameter_with_a_gradient_and_rows():
    L, grad = embedding()
    sgd = make_optimizer("sgd")
    with pytest.raises(ValueError, match="unknown parameter"):
        sgd.step({"L": L}, {"L": grad}, 0.1, rows={"M": [0]})
    with pytest.raises(ValueError, match="without a gradient"):
        sgd.step({"L": L, "W": np.ones(2)}, {"W": np.ones(2)}, 0.1, rows={"L": [0]})
    with pytest.raises(ValueError, match="scalar"):
        sgd.step({"s": np.array(1.0)}, {"s": np.array(1.0)}, 0.1, rows={"s": [0]})
