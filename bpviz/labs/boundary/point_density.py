"""Many points as counts on a raster: how the lab's plots draw a data set too big to mark
point by point (the way datashader and density plots do), in one pass of bincount.

Up to SCATTER_LIMIT points each gets a mark; beyond, a plot shows a PointDensity: for
each of S×S cells over an extent, how many points of each class fall in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.labs.boundary.grid import Extent

SCATTER_LIMIT = 5_000  # points a plot marks one by one; beyond, it draws their density
DENSITY_SIZE = 256     # cells along each side of a density raster


@dataclass(frozen=True)
class PointDensity:
    """`counts` (S, S, C) int64 indexed [row = y cell, col = x cell], row 0 at ymin: the
    points of each class in each cell of `extent` (points outside it are left out)."""

    counts: np.ndarray
    extent: Extent


def point_density(X: np.ndarray, labels: np.ndarray, classes: int, extent: Extent,
                  size: int = DENSITY_SIZE) -> PointDensity:
    """Count the points X (N×2) of each class (labels 0..classes−1) in size×size cells."""
    xmin, xmax, ymin, ymax = extent
    cols, inside_x = _cells(X[:, 0], xmin, xmax, size)
    rows, inside_y = _cells(X[:, 1], ymin, ymax, size)
    inside = inside_x & inside_y
    flat = (np.asarray(labels)[inside] * size + rows[inside]) * size + cols[inside]
    counts = np.bincount(flat, minlength=classes * size * size)
    return PointDensity(counts.reshape(classes, size, size).transpose(1, 2, 0), extent)


def _cells(values: np.ndarray, low: float, high: float, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Each value's cell index along an axis, and whether it falls in [low, high]."""
    # In halves, so that an extent as wide as the floats allow has a finite width.
    width = high / 2 - low / 2
    if width <= 0:
        return np.zeros(len(values), np.int64), np.ones(len(values), bool)
    where = (values / 2 - low / 2) / width  # 0 at low, 1 at high
    inside = (where >= 0) & (where <= 1)
    return np.minimum((np.where(inside, where, 0) * size).astype(np.int64), size - 1), inside
