"""A Dataset holds read-only copies of valid points; split is a seeded shuffle then a cut."""

from __future__ import annotations

import re

import numpy as np
import pytest

from bpviz.data import DEFAULT_HEADER, Dataset, Split, split


def sample(n: int = 10, classes: int = 2) -> Dataset:
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    return Dataset(X, np.arange(n) % classes, tuple(str(k) for k in range(classes)), "sample")


# ---------------------------------------------------------------- Dataset


def test_fields_shapes_and_dtypes():
    data = Dataset([[0, 1], [2, 3], [4, 5]], [1, 0, 1], ("cat", "dog"), "pets")
    assert data.X.dtype == np.float64 and data.X.shape == (3, 2)
    assert data.y.dtype == np.int64 and data.y.tolist() == [1, 0, 1]
    assert (data.class_names, data.name, data.header) == (("cat", "dog"), "pets", DEFAULT_HEADER)
    assert (len(data), data.num_classes) == (3, 2)


def test_arrays_are_read_only_copies():
    X, y = np.zeros((2, 2)), np.array([0, 1])
    data = Dataset(X, y, ("0", "1"), "d")
    X[0, 0], y[0] = 5.0, 1
    assert data.X[0, 0] == 0.0 and data.y[0] == 0
    with pytest.raises(ValueError):
        data.X[0, 0] = 1.0
    with pytest.raises(ValueError):
        data.y[0] = 1


def test_the_dataset_itself_is_frozen():
    data = sample()
    with pytest.raises(AttributeError):
        data.name = "other"


def test_an_empty_dataset_is_allowed():
    data = Dataset(np.empty((0, 2)), [], ("0", "1"), "none")
    assert len(data) == 0 and data.y.dtype == np.int64 and data.num_classes == 2


@pytest.mark.parametrize("X, y, class_names, header, fragment", [
    (np.zeros((2, 3)), [0, 1], ("a", "b"), DEFAULT_HEADER, "shape (N, 2)"),
    (np.zeros(2), [0, 1], ("a", "b"), DEFAULT_HEADER, "shape (N, 2)"),
    ([[0, np.nan], [0, 0]], [0, 1], ("a", "b"), DEFAULT_HEADER, "finite"),
    ([[0, np.inf], [0, 0]], [0, 1], ("a", "b"), DEFAULT_HEADER, "finite"),
    (np.zeros((2, 2)), [0, 1, 1], ("a", "b"), DEFAULT_HEADER, "2 points but y has 3"),
    (np.zeros((2, 2)), [0.0, 1.5], ("a", "b"), DEFAULT_HEADER, "integer class indices"),
    (np.zeros((2, 2)), [[0, 1]], ("a", "b"), DEFAULT_HEADER, "shape (N,)"),
    (np.zeros((2, 2)), [0, 2], ("a", "b"), DEFAULT_HEADER, "in 0..1"),
    (np.zeros((2, 2)), [-1, 0], ("a", "b"), DEFAULT_HEADER, "in 0..1"),
    (np.zeros((2, 2)), [0, 0], ("a",), DEFAULT_HEADER, "at least 2 class names"),
    (np.zeros((2, 2)), [0, 1], ("a", "a"), DEFAULT_HEADER, "different"),
    (np.zeros((2, 2)), [0, 1], ("a", ""), DEFAULT_HEADER, "non-empty"),
    (np.zeros((2, 2)), [0, 1], ("a", " b"), DEFAULT_HEADER, "surrounding spaces"),
    (np.zeros((2, 2)), [0, 1], ("a", "b\nc"), DEFAULT_HEADER, "line breaks"),
    (np.zeros((2, 2)), [0, 1], "ab", DEFAULT_HEADER, "sequence of strings"),
    (np.zeros((2, 2)), [0, 1], ("a", 1), DEFAULT_HEADER, "sequence of strings"),
    (np.zeros((2, 2)), [0, 1], ("a", "b"), ("x", "y"), "3 columns"),
    (np.zeros((2, 2)), [0, 1], ("a", "b"), ("x", "y\r", "z"), "line breaks"),
])
def test_invalid_contents_are_refused(X, y, class_names, header, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        Dataset(X, y, class_names, "bad", header)


def test_names_may_come_from_any_iterable():
    data = Dataset(np.zeros((2, 2)), [0, 1], (name for name in "ab"), "d", iter(["u", "v", "w"]))
    assert data.class_names == ("a", "b") and data.header == ("u", "v", "w")


def test_a_header_may_have_empty_names():
    assert Dataset(np.zeros((2, 2)), [0, 1], ("a", "b"), "d", ("", "", "")).header == ("", "", "")


# ---------------------------------------------------------------- split


def test_split_sizes_and_that_every_point_lands_once():
    data = sample(10)
    parts = split(data, 0.7, np.random.default_rng(0))
    assert isinstance(parts, Split)
    assert (len(parts.train), len(parts.test)) == (7, 3)
    rows = np.concatenate([parts.train.X, parts.test.X])
    assert sorted(map(tuple, rows.tolist())) == sorted(map(tuple, data.X.tolist()))
    # Each point keeps its own label: in `sample` the label is x1 / 2 mod 2.
    for part in (parts.train, parts.test):
        assert np.array_equal(part.y, (part.X[:, 0] // 2) % 2)
        assert part.class_names == data.class_names and part.header == data.header
    assert (parts.train.name, parts.test.name) == ("sample (train)", "sample (test)")


def test_split_is_shuffled_and_deterministic():
    data = sample(50)
    first = split(data, 0.5, np.random.default_rng(1))
    again = split(data, 0.5, np.random.default_rng(1))
    other = split(data, 0.5, np.random.default_rng(2))
    assert np.array_equal(first.train.X, again.train.X)
    assert np.array_equal(first.test.y, again.test.y)
    assert not np.array_equal(first.train.X, other.train.X)
    assert not np.array_equal(first.train.X, data.X[:25])  # not simply the first half


def test_split_rounds_to_the_nearest_count():
    assert len(split(sample(10), 0.66, np.random.default_rng(0)).train) == 7
    assert len(split(sample(10), 0.64, np.random.default_rng(0)).train) == 6


def test_a_fraction_of_one_leaves_an_empty_test_set():
    parts = split(sample(10), 1.0, np.random.default_rng(0))
    assert (len(parts.train), len(parts.test)) == (10, 0)
    assert parts.test.X.shape == (0, 2) and parts.test.num_classes == 2


@pytest.mark.parametrize("fraction", [0, 0.0, -0.5, 1.01, 2, float("nan"), float("inf"), True,
                                      "0.5"])
def test_a_fraction_outside_zero_to_one_is_refused(fraction):
    with pytest.raises(ValueError, match="train_fraction must be more than 0 and at most 1"):
        split(sample(), fraction, np.random.default_rng(0))


def test_a_fraction_too_small_to_train_on_anything_is_refused():
    with pytest.raises(ValueError, match="leaves no point to train on"):
        split(sample(10), 0.04, np.random.default_rng(0))
    with pytest.raises(ValueError, match="leaves no point to train on"):
        split(Dataset(np.empty((0, 2)), [], ("0", "1"), "none"), 1.0, np.random.default_rng(0))


@pytest.mark.parametrize("rng", [0, None, np.random.RandomState(0), np.random])
def test_split_needs_a_generator_not_global_or_legacy_random_state(rng):
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        split(sample(), 0.5, rng)
