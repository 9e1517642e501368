"""Data by drawing: add a point, remove the nearest one, clear them all.

Each returns a new Dataset (Datasets are frozen) with the same class names, header
and name, so a drawn set saves to CSV like a loaded one.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from bpviz.data.dataset import Dataset
from bpviz.data.errors import DataSettingError


def add_point(dataset: Dataset, x: float, y: float, label: int) -> Dataset:
    """`dataset` with the point (x, y) of class index `label` appended."""
    if isinstance(label, bool) or not isinstance(label, numbers.Integral):
        raise TypeError(f"label must be a class index, got {label!r}")
    if not 0 <= label < dataset.num_classes:
        raise ValueError(f"label must be a class index in 0..{dataset.num_classes - 1}, "
                         f"got {label}")
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"a point needs finite coordinates, got ({x}, {y})")
    return _with(dataset, np.vstack([dataset.X, [[x, y]]]), np.append(dataset.y, int(label)))


def remove_nearest(dataset: Dataset, x: float, y: float) -> Dataset:
    """`dataset` without the point nearest (x, y) (the first of equally near ones);
    the same data set when it has no points."""
    if len(dataset) == 0:
        return dataset
    nearest = int(np.argmin(((dataset.X - [x, y]) ** 2).sum(axis=1)))
    return _with(dataset, np.delete(dataset.X, nearest, axis=0), np.delete(dataset.y, nearest))


def clear_points(dataset: Dataset) -> Dataset:
    """`dataset` with no points, keeping its class names, header and name."""
    return _with(dataset, np.empty((0, 2)), np.empty(0, dtype=np.int64))


def check_savable(dataset: Dataset) -> None:
    """Refuse a data set its CSV file could not load back: one needs points of 2 classes."""
    present = np.unique(dataset.y).size
    if present < 2:
        raise DataSettingError(
            f"cannot save {len(dataset)} point{'s' if len(dataset) != 1 else ''} of "
            f"{present} class{'es' if present != 1 else ''}: a CSV data set needs points of "
            "at least 2 classes; draw some more first")


def _with(dataset: Dataset, X: np.ndarray, y: np.ndarray) -> Dataset:
    return Dataset(X, y, dataset.class_names, dataset.name, dataset.header)
