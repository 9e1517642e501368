"""Many points counted per class on a raster: what the lab draws instead of a mark per point."""

import numpy as np

from bpviz.labs.boundary.point_density import point_density


def test_each_point_is_counted_once_in_its_cell_and_class():
    X = np.array([[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.9, 0.85], [1.0, 1.0], [2.0, 0.5]])
    density = point_density(X, np.array([0, 1, 1, 0, 1, 0]), 2, (0.0, 1.0, 0.0, 1.0), size=2)
    counts = density.counts
    assert counts.shape == (2, 2, 2) and counts.sum() == 5  # (2, 0.5) is outside
    assert counts[0, 0].tolist() == [1, 0]   # bottom left: class 0
    assert counts[0, 1].tolist() == [0, 1]   # bottom right: class 1
    assert counts[1, 1].tolist() == [1, 2]   # top right, the top edge included
    assert counts[1, 0].tolist() == [0, 0]


def test_a_million_points_and_an_extent_as_wide_as_the_floats():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(1_000_000, 2)) * 1.7e308
    with np.errstate(all="raise"):
        density = point_density(X, rng.integers(0, 3, 1_000_000), 3,
                                (-1.79e308, 1.79e308, -1.79e308, 1.79e308))
    assert density.counts.sum() == 1_000_000
    assert density.counts.shape == (256, 256, 3)
