"""A labelled set of 2-D points, and its seeded split into a training and a test set."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from bpviz.data.arguments import MIN_CLASSES, require_rng
from bpviz.data.errors import DataSettingError

DEFAULT_HEADER = ("x1", "x2", "label")


@dataclass(frozen=True, eq=False)
class Dataset:
    """N points in the plane, each of one of C classes.

    `X` is N×2 float64 and finite; `y` holds class indices 0..C-1 (int64) into
    `class_names`. Both are read-only copies of what was passed. `header` names the
    two features and the label column, as a CSV file's first row does. Names are
    kept as a CSV file would read them back: no line breaks, no surrounding spaces.
    `==` is identity; compare the arrays with `np.array_equal`.
    """

    X: np.ndarray
    y: np.ndarray
    class_names: tuple[str, ...]
    name: str
    header: tuple[str, str, str] = DEFAULT_HEADER

    def __post_init__(self) -> None:
        class_names = _names("class_names", self.class_names, empty_ok=False)
        if len(class_names) < MIN_CLASSES:
            raise ValueError(f"a data set needs at least {MIN_CLASSES} class names, "
                             f"got {len(class_names)}")
        if len(set(class_names)) != len(class_names):
            raise ValueError(f"class_names must be different from each other, got {class_names}")
        header = _names("header", self.header, empty_ok=True)
        if len(header) != 3:
            raise ValueError(f"header must name 3 columns (x1, x2, label), got {header}")
        X, y = _points(self.X), _labels(self.y, len(class_names))
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} points but y has {len(y)} labels")
        for field, value in (("X", X), ("y", y), ("class_names", class_names),
                             ("header", header), ("name", str(self.name))):
            object.__setattr__(self, field, value)  # frozen: set once, here

    @property
    def num_classes(self) -> int:
        """C, the number of class names (a class may have no points, e.g. in a small test set)."""
        return len(self.class_names)

    def __len__(self) -> int:
        return len(self.y)


@dataclass(frozen=True)
class Split:
    """A data set cut in two: `train` to fit on, `test` (possibly empty) to measure on."""

    train: Dataset
    test: Dataset


def split(dataset: Dataset, train_fraction: float, rng: np.random.Generator) -> Split:
    """Shuffle with `rng`; the first round(N·train_fraction) points train, the rest test.

    `train_fraction` is in (0, 1]; 1 leaves the test set empty. At least one point must train.
    """
    if (isinstance(train_fraction, bool) or not isinstance(train_fraction, numbers.Real)
            or not 0 < train_fraction <= 1):  # NaN fails the comparison too
        raise DataSettingError(f"train_fraction must be more than 0 and at most 1, "
                         f"got {train_fraction!r}")
    n_train = round(len(dataset) * float(train_fraction))
    if n_train < 1:
        raise DataSettingError(f"a train_fraction of {train_fraction!r} of {len(dataset)} points "
                         "leaves no point to train on")
    order = require_rng(rng).permutation(len(dataset))
    return Split(_subset(dataset, order[:n_train], "train"),
                 _subset(dataset, order[n_train:], "test"))


def _subset(dataset: Dataset, indices: np.ndarray, part: str) -> Dataset:
    return Dataset(dataset.X[indices], dataset.y[indices], dataset.class_names,
                   f"{dataset.name} ({part})", dataset.header)


def _read_only(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def _points(X: object) -> np.ndarray:
    points = np.array(X, dtype=np.float64)  # always a copy: the caller's array stays theirs
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2), got {points.shape}")
    if not np.isfinite(points).all():
        raise ValueError("X must be finite (no NaN or infinity)")
    return _read_only(points)


def _labels(y: object, num_classes: int) -> np.ndarray:
    given = np.asarray(y)
    # An empty list arrives as float64; anything else must already be whole numbers,
    # so that 1.7 is refused instead of silently becoming class 1.
    if given.size and not np.issubdtype(given.dtype, np.integer):
        raise ValueError(f"y must hold integer class indices, got dtype {given.dtype}")
    labels = np.array(given, dtype=np.int64)
    if labels.ndim != 1:
        raise ValueError(f"y must have shape (N,), got {labels.shape}")
    if labels.size and not (0 <= labels.min() and labels.max() < num_classes):
        raise ValueError(f"y must be class indices in 0..{num_classes - 1}, "
                         f"got values from {labels.min()} to {labels.max()}")
    return _read_only(labels)


def _names(what: str, names: object, empty_ok: bool) -> tuple[str, ...]:
    names = names if isinstance(names, str) else tuple(names)  # a one-shot iterator is read once
    if isinstance(names, str) or not all(isinstance(name, str) for name in names):
        raise ValueError(f"{what} must be a sequence of strings, got {names!r}")
    for name in names:
        if name != name.strip() or "\n" in name or "\r" in name or not (name or empty_ok):
            raise ValueError(f"{what} must be {'' if empty_ok else 'non-empty '}names without "
                             f"line breaks or surrounding spaces, got {name!r}")
    return names
