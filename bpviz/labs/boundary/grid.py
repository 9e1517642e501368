"""The square of the plane a lab panel shows, and its regular grid of G×G cell centres."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Extent = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax

MARGIN = 0.1      # of the data's span, on each side
MIN_HALF = 1.0    # the view is never smaller than ±1 around the data's centre
STEP = 0.25       # half-widths are rounded up to this, so adding a point rarely moves the view
ROUNDED_BELOW = 1e15  # past this, a quarter is below a float's resolution: no rounding
FLOAT_MAX = float(np.finfo(np.float64).max)
LARGEST_DRAWN = 1e100  # plots draw coordinates up to this as they are (see display_unit)


@dataclass(frozen=True)
class GridPicture:
    """A panel's predictions on the grid: `probabilities` (G, G, C) float32 indexed
    [row = y index, col = x index] with row 0 at ymin, `argmax` (G, G) the likeliest class,
    `xs` and `ys` (G,) the cell centres' coordinates, `extent` the grid's outer edges."""

    probabilities: np.ndarray
    extent: Extent
    argmax: np.ndarray
    xs: np.ndarray
    ys: np.ndarray


def grid_extent(X: np.ndarray) -> Extent:
    """A square around the points with a 10 % margin, at least ±1 around their centre
    (±1 around 0 with no points); equal scales on both axes so circles stay round.
    Finite for any finite points: halves are taken first, and the edges stop at ±FLOAT_MAX."""
    if len(X) == 0:
        return (-MIN_HALF, MIN_HALF, -MIN_HALF, MIN_HALF)
    low, high = X.min(axis=0), X.max(axis=0)
    centre = low / 2 + high / 2
    # (high − low)·(½ + margin), as (high/2 − low/2)·(1 + 2·margin): the same bits, never inf.
    half = max(MIN_HALF, float((high / 2 - low / 2).max()) * (1 + 2 * MARGIN))
    if half < ROUNDED_BELOW:
        half = math.ceil(half / STEP - 1e-9) * STEP
    # The centre is rounded too, so that a slightly different sample keeps the same view.
    cx, cy = (round(float(value) / STEP) * STEP if abs(value) < ROUNDED_BELOW else float(value)
              for value in centre)
    return tuple(float(np.clip(edge, -FLOAT_MAX, FLOAT_MAX))
                 for edge in _edges(cx, half) + _edges(cy, half))


def _edges(centre: float, half: float) -> tuple[float, float]:
    with np.errstate(over="ignore"):  # past ±FLOAT_MAX: clipped by the caller
        return float(np.float64(centre) - half), float(np.float64(centre) + half)


def covers(extent: Extent, X: np.ndarray) -> bool:
    """Whether every point of X (N×2) lies inside `extent`, edges included."""
    xmin, xmax, ymin, ymax = extent
    return bool(len(X) == 0 or (X[:, 0].min() >= xmin and X[:, 0].max() <= xmax
                                and X[:, 1].min() >= ymin and X[:, 1].max() <= ymax))


def cell_centres(extent: Extent, size: int) -> tuple[np.ndarray, np.ndarray]:
    """xs and ys (each `size`,) of the cells' centres, increasing: cell edges fall on the extent."""
    xmin, xmax, ymin, ymax = extent
    steps = (np.arange(size) + 0.5) / size
    return spaced(xmin, xmax, steps), spaced(ymin, ymax, steps)


def spaced(low: float, high: float, steps: np.ndarray) -> np.ndarray:
    """low + steps·(high − low) for steps in [0, 1], finite even where high − low is not."""
    span = high - low
    if math.isfinite(span):
        return low + steps * span
    # Both ends beyond ±FLOAT_MAX/2: around the middle, in halves.
    return (low / 2 + high / 2) + (2 * steps - 1) * (high / 2 - low / 2)


def display_unit(extent: Extent) -> float:
    """What the plots divide coordinates by to draw them (and their axes multiply back by):
    1, or for an extent reaching past ±1e100 the power of ten that brings it within ±10, so
    that no distance or square a plot computes can overflow."""
    largest = max(abs(edge) for edge in extent)
    if largest <= LARGEST_DRAWN:
        return 1.0
    return 10.0 ** math.floor(math.log10(largest))


def grid_points(xs: np.ndarray, ys: np.ndarray, dtype: type = np.float32) -> np.ndarray:
    """All cell centres as a (2, G·G) array, row-major over [y index, x index]."""
    xx, yy = np.meshgrid(xs, ys)
    return np.stack([xx.ravel(), yy.ravel()]).astype(dtype)


def likeliest(probabilities: np.ndarray) -> np.ndarray:
    """The row index of each column's largest value, the first on ties: `argmax(axis=0)`
    for a few long rows, row by row (8× faster than NumPy's reduction across rows)."""
    best = probabilities[0].copy()
    index = np.zeros(best.shape, dtype=np.int64)
    for row in range(1, len(probabilities)):
        better = probabilities[row] > best
        index[better] = row
        np.maximum(best, probabilities[row], out=best)
    return index
