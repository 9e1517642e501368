"""The data and a regular grid seen from the neural net's last hidden layer.

Lecture 3's picture of why the net wins: its hidden layers bend the plane until the
output layer, which is only softmax regression, can cut the classes apart with lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bpviz.data.dataset import Dataset
from bpviz.labs.boundary.grid import Extent, spaced
from bpviz.models.classifier import Classifier

GRID_LINES = 21     # horizontal lines, and as many vertical ones
LINE_SAMPLES = 81   # points along each line, enough for a smooth curve once bent


@dataclass(frozen=True)
class HiddenSpace:
    """`points` (N, 2): the training then the test points in two hidden units (or the
    hidden layer's first two principal components); `labels`, `is_train` (N,);
    `grid_lines`: the input grid's horizontal then vertical lines, each (M, 2), mapped
    the same way; `axes` names the two coordinates, e.g. ("h2[0]", "h2[1]") or ("PC1", "PC2")."""

    points: np.ndarray
    labels: np.ndarray
    is_train: np.ndarray
    grid_lines: tuple[np.ndarray, ...]
    axes: tuple[str, str]


def map_hidden_space(model: Classifier, train: Dataset, test: Dataset, extent: Extent,
                     units: tuple[int, int] | None = None,
                     model_inputs: Callable[[np.ndarray], np.ndarray] | None = None
                     ) -> HiddenSpace:
    """Map the points and the grid lines of `extent` through `model`'s last hidden layer
    (`model_inputs` turns N×2 points into what the model sees, e.g. standardised).

    With `units`, those two units' activations; without, units 0 and 1 of a 2-unit layer,
    a single unit against 0, or the first two principal components of the data's hidden
    vectors. A model without hidden layers shows the input plane itself (x1, x2).
    """
    X = np.concatenate([train.X, test.X])
    lines = _input_lines(extent)
    inputs = np.hstack([X.T, np.concatenate(lines).T])      # (2, N + lines·samples)
    if model.num_layers == 1:
        coords, axes = inputs, (train.header[0], train.header[1])
    else:
        seen = inputs.T if model_inputs is None else model_inputs(inputs.T)
        hidden = model.layer_outputs(seen, np.float64)[-2].copy()  # kept in the result
        coords, axes = _two_coordinates(hidden, len(X), f"h{model.num_layers - 1}", units)
    mapped = coords.T
    line_count = len(lines)
    grid_lines = tuple(np.ascontiguousarray(part)
                       for part in np.split(mapped[len(X):], line_count))
    return HiddenSpace(
        points=np.ascontiguousarray(mapped[:len(X)]),
        labels=np.concatenate([train.y, test.y]),
        is_train=np.concatenate([np.ones(len(train), bool), np.zeros(len(test), bool)]),
        grid_lines=grid_lines, axes=axes)


def _input_lines(extent: Extent) -> list[np.ndarray]:
    """GRID_LINES horizontal lines (bottom to top), then as many vertical (left to right)."""
    xmin, xmax, ymin, ymax = extent
    along_x, along_y = _line(xmin, xmax, LINE_SAMPLES), _line(ymin, ymax, LINE_SAMPLES)
    horizontal = [np.column_stack([along_x, np.full(LINE_SAMPLES, level)])
                  for level in _line(ymin, ymax, GRID_LINES)]
    vertical = [np.column_stack([np.full(LINE_SAMPLES, level), along_y])
                for level in _line(xmin, xmax, GRID_LINES)]
    return horizontal + vertical


def _line(low: float, high: float, count: int) -> np.ndarray:
    """`np.linspace(low, high, count)`, finite too for an extent as wide as the floats."""
    if np.isfinite(high - low):
        return np.linspace(low, high, count)
    return spaced(low, high, np.linspace(0.0, 1.0, count))


def _two_coordinates(hidden: np.ndarray, data_count: int, layer: str,
                     units: tuple[int, int] | None) -> tuple[np.ndarray, tuple[str, str]]:
    """(2, M) coordinates from the hidden layer's (width, M) activations, and their names."""
    width = len(hidden)
    if units is not None:
        for unit in units:
            if not 0 <= unit < width:
                raise ValueError(f"{layer} has units 0..{width - 1}, got {unit}")
        return hidden[list(units)], (f"{layer}[{units[0]}]", f"{layer}[{units[1]}]")
    if width == 1:
        return np.vstack([hidden, np.zeros_like(hidden)]), (f"{layer}[0]", "")
    if width == 2:
        return hidden, (f"{layer}[0]", f"{layer}[1]")
    return _principal_components(hidden, data_count), ("PC1", "PC2")


def _principal_components(hidden: np.ndarray, data_count: int) -> np.ndarray:
    """The activations projected on the data's first two principal axes (the grid's when
    there are fewer than 2 points), each axis signed so its largest loading is positive."""
    fit = hidden[:, :data_count] if data_count >= 2 else hidden[:, data_count:]
    mean = fit.mean(axis=1, keepdims=True)
    # The eigenvectors of the (width × width) scatter matrix are the principal axes (the
    # centred matrix's left singular vectors), without an SVD of all M columns.
    centred = fit - mean
    values, vectors = np.linalg.eigh(centred @ centred.T)
    axes = vectors[:, np.argsort(values)[::-1][:2]]
    # A singular vector's sign is arbitrary; fixing it keeps the picture from flipping.
    largest = axes[np.abs(axes).argmax(axis=0), [0, 1]]
    axes = axes * np.where(largest < 0, -1.0, 1.0)
    return axes.T @ (hidden - mean)
