"""The grid a panel shows: a square around the data, at least ±1, cells centred inside it."""

import math

import numpy as np
import pytest

from bpviz.labs.boundary.grid import (
    cell_centres, covers, display_unit, grid_extent, grid_points, likeliest,
)


@pytest.mark.parametrize("X", [
    np.array([[0.0, 0.0], [0.1, 0.2]]),                      # tiny: at least ±1
    np.random.default_rng(0).normal(0, 1, size=(300, 2)),     # around 0
    np.array([[100.0, 5.0], [140.0, 6.0], [120.0, 5.5]]),     # far from 0, flat
])
def test_the_extent_is_a_square_that_covers_the_data_with_a_margin(X):
    xmin, xmax, ymin, ymax = grid_extent(X)
    assert xmax - xmin == pytest.approx(ymax - ymin)
    assert xmax - xmin >= 2
    span = (X.max(axis=0) - X.min(axis=0)).max()
    assert xmin < X[:, 0].min() and X[:, 0].max() < xmax
    assert ymin < X[:, 1].min() and X[:, 1].max() < ymax
    assert xmax - xmin >= 1.2 * span - 1e-9  # 10 % on each side


def test_without_points_the_extent_is_plus_minus_one():
    assert grid_extent(np.empty((0, 2))) == (-1.0, 1.0, -1.0, 1.0)


def test_a_nearby_point_rarely_moves_the_view():
    X = np.random.default_rng(0).uniform(-1, 1, size=(100, 2))
    assert grid_extent(X) == grid_extent(np.vstack([X, [[0.3, 0.2]]]))


def test_cells_are_centred_inside_the_extent():
    xs, ys = cell_centres((-2.0, 2.0, 0.0, 1.0), 4)
    np.testing.assert_allclose(xs, [-1.5, -0.5, 0.5, 1.5])
    np.testing.assert_allclose(ys, [0.125, 0.375, 0.625, 0.875])


def test_grid_points_run_along_x_within_a_row_of_y():
    points = grid_points(np.array([0.0, 1.0, 2.0]), np.array([10.0, 20.0]))
    assert points.shape == (2, 6) and points.dtype == np.float32
    np.testing.assert_array_equal(points.reshape(2, 2, 3)[0], [[0, 1, 2], [0, 1, 2]])
    np.testing.assert_array_equal(points.reshape(2, 2, 3)[1], [[10, 10, 10], [20, 20, 20]])


def test_likeliest_is_argmax_down_the_rows_first_on_ties():
    rng = np.random.default_rng(0)
    probabilities = rng.random((4, 1000)).astype(np.float32)
    np.testing.assert_array_equal(likeliest(probabilities), probabilities.argmax(axis=0))
    ties = np.array([[0.5, 0.2, 0.4], [0.5, 0.2, 0.4], [0.0, 0.6, 0.2]])
    np.testing.assert_array_equal(likeliest(ties), [0, 2, 0])


def test_covers_says_whether_every_point_is_inside_edges_included():
    extent = (-1.0, 1.0, -2.0, 2.0)
    assert covers(extent, np.empty((0, 2)))
    assert covers(extent, np.array([[-1.0, 2.0], [1.0, -2.0], [0.0, 0.0]]))
    assert not covers(extent, np.array([[0.0, 0.0], [1.01, 0.0]]))
    assert not covers(extent, np.array([[0.0, -2.5]]))


@pytest.mark.parametrize("size", [1e40, 1e200, 1.7e308])
def test_the_extent_and_its_cells_are_finite_for_any_finite_data(size):
    X = np.array([[-size, 0.0], [size, 1.0], [size / 3, -size]])
    with np.errstate(all="raise"):
        extent = grid_extent(X)
        xs, ys = cell_centres(extent, 200)
    assert all(np.isfinite(extent)) and np.isfinite(xs).all() and np.isfinite(ys).all()
    assert covers(extent, X)
    assert np.all(np.diff(xs) > 0) and np.all(np.diff(ys) > 0)
    # Past 1e100 the plots draw such coordinates divided by a power of ten, within ±10.
    unit = display_unit(extent)
    assert unit == 1.0 if size < 1e100 else 1 < max(map(abs, extent)) / unit < 10


def test_ordinary_data_keeps_the_same_extent_bits_and_no_display_unit():
    X = np.random.default_rng(3).uniform(-700, 900, size=(300, 2))
    low, high = X.min(axis=0), X.max(axis=0)
    half = math.ceil(float((high - low).max()) * 0.6 / 0.25 - 1e-9) * 0.25  # the plain formula
    cx = round(float((low[0] + high[0]) / 2) / 0.25) * 0.25
    assert grid_extent(X)[:2] == (cx - half, cx + half)
    assert display_unit(grid_extent(X)) == 1.0
