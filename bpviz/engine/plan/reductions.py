"""Fast reductions for the small shapes of training: NumPy's own are slow along short axes.

Each gives the same bits as the NumPy call it replaces (see the notes), so the plan's
numbers equal the generic engine's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

# NumPy sums fewer than 8 contiguous numbers one after another, from 0.0, so adding
# columns in order reproduces `a.sum(axis=-1)` exactly; from 8 on it pairs them up.
_SEQUENTIAL_SUM_LIMIT = 8


def row_max_into(scores: np.ndarray, out: np.ndarray) -> Callable[[], None]:
    """A function writing each row's maximum of 2-D `scores` into `out` (N×1)."""
    columns = [scores[:, j:j + 1] for j in range(scores.shape[1])]
    if len(columns) == 1:
        return lambda: np.copyto(out, columns[0])
    first, second, rest = columns[0], columns[1], columns[2:]
    if not rest:  # two classes: the NumPy call itself, no Python frame around it
        return partial(np.maximum, first, second, out=out)

    def run() -> None:
        np.maximum(first, second, out=out)
        for column in rest:
            np.maximum(out, column, out=out)
    return run if scores.shape[1] <= 16 else (lambda: np.max(scores, axis=1, keepdims=True,
                                                             out=out))


def row_sum_into(values: np.ndarray, out: np.ndarray) -> Callable[[], None]:
    """A function writing each row's sum of 2-D `values` into `out` (N×1), bit for bit
    `values.sum(axis=-1, keepdims=True)`."""
    if values.shape[1] >= _SEQUENTIAL_SUM_LIMIT:
        return lambda: np.sum(values, axis=1, keepdims=True, out=out)
    columns = [values[:, j:j + 1] for j in range(values.shape[1])]
    first, rest = columns[0], columns[1:]
    if len(rest) == 1:  # 0 + a + b is a + b, bit for bit
        (second,) = rest
        return partial(np.add, first, second, out)

    def run() -> None:
        np.copyto(out, first)
        for column in rest:
            np.add(out, column, out=out)
    return run


def reducer(source_shape: tuple[int, ...], target_shape: tuple[int, ...]
            ) -> Callable[[np.ndarray, np.ndarray], None]:
    """A function summing a gradient of `source_shape` over the axes broadcasting added or
    stretched, into an array of `target_shape` (the plan's reduce_to_shape)."""
    if source_shape == target_shape:
        return lambda source, out: np.copyto(out, source)
    leading = len(source_shape) - len(target_shape)
    if leading == 1 and source_shape[1:] == target_shape and len(source_shape) == 2:
        # A bias's gradient: the column sums of N×k, as one BLAS product with ones.
        ones = np.ones(source_shape[0])

        def column_sums(source: np.ndarray, out: np.ndarray) -> None:
            # np.dot takes only a C-contiguous out; a bias folded beside its weight is strided.
            (np.dot if out.flags.c_contiguous else np.matmul)(ones, source, out=out)
        return column_sums
    stretched = tuple(axis for axis, size in enumerate(target_shape)
                      if size == 1 and source_shape[leading + axis] != 1)
    axes = tuple(range(leading)) + tuple(leading + axis for axis in stretched)

    if not leading:  # summed into `out` as it is, keeping the summed axes: no temporary
        add = np.add.reduce
        return lambda source, out: add(source, axis=axes, keepdims=True, out=out)

    def run(source: np.ndarray, out: np.ndarray) -> None:
        out[...] = np.sum(source, axis=axes).reshape(target_shape)
    return run


def softmax(scores: np.ndarray, out: np.ndarray | None = None,
            row_scratch: np.ndarray | None = None) -> np.ndarray:
    """Row-wise softmax of N×C scores, into `out` or a new array: bit for bit `ops.softmax`,
    but with the row maximum and sum taken column by column, much faster for a few classes.
    `row_scratch` (N×1), if given, holds them (a fresh array each time costs page faults)."""
    rows = scores.shape[0]
    peak = np.empty((rows, 1), dtype=scores.dtype) if row_scratch is None else row_scratch
    row_max_into(scores, peak)()
    exps = np.subtract(scores, peak, out=out)
    np.exp(exps, out=exps)
    row_sum_into(exps, peak)()
    return np.divide(exps, peak, out=exps)
