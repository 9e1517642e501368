"""Sparse updates: the rows of a parameter (e.g. the embedding L) that a batch touched."""

from __future__ import annotations

import numpy as np


def unique_rows(rows, param: np.ndarray, name: str) -> np.ndarray:
    """The distinct row indices, sorted; each row is updated once however often it occurs.

    The caller has already summed a repeated word's gradient rows, so a row that
    occurs twice must still take one step, not two.
    """
    rows = np.asarray(rows)
    if param.ndim == 0:
        raise ValueError(f"parameter {name!r} is a scalar: it has no rows to choose")
    if rows.size == 0:
        return np.zeros(0, dtype=np.intp)
    if rows.dtype.kind not in "iu":
        raise ValueError(f"rows of {name!r} must be integers, not {rows.dtype}")
    rows = np.unique(rows)  # also flattens
    # Negative indices would wrap around and could alias another listed row.
    if rows[0] < 0 or rows[-1] >= param.shape[0]:
        raise ValueError(f"rows of {name!r} must lie in 0..{param.shape[0] - 1}")
    return rows.astype(np.intp)
