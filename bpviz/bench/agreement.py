"""How far two sets of gradients (or outputs) are apart, relative to their size."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def max_difference(ours: Mapping[str, np.ndarray], theirs: Mapping[str, np.ndarray]) -> float:
    """max over names of ‖ours − theirs‖∞ / max(1, ‖theirs‖∞); inf if the names differ."""
    if set(ours) != set(theirs):
        return float("inf")
    worst = 0.0
    for name, value in ours.items():
        a, b = np.asarray(value, dtype=np.float64), np.asarray(theirs[name], dtype=np.float64)
        if a.shape != b.shape:
            return float("inf")
        scale = max(1.0, float(np.abs(b).max(initial=0.0)))
        worst = max(worst, float(np.abs(a - b).max(initial=0.0)) / scale)
    return worst
