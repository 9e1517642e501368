"""L2 and L1 penalties on the weights, the lecture's J + λ Σ θ², and their gradients.

These are the reference (and the fast path) for a penalty a model may also build
into its graph. Biases are not penalised: they do not make the model more complex.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from bpviz.training.choices import require


def regularized(name: str, array: np.ndarray) -> bool:
    """Whether a parameter is penalised: a weight matrix (≥ 2-D, the word vectors L too),
    and not a bias (a name starting with "b"), even when a bias is kept as an n×1 column."""
    return np.ndim(array) >= 2 and not name.startswith("b")


def _check_strengths(l1: float, l2: float) -> None:
    require("l1", l1, math.isfinite(l1) and l1 >= 0.0, "a finite number ≥ 0")
    require("l2", l2, math.isfinite(l2) and l2 >= 0.0, "a finite number ≥ 0")


def penalty(params: Mapping[str, np.ndarray], l1: float = 0.0, l2: float = 0.0) -> float:
    """R(θ) = λ₂ Σ θ² + λ₁ Σ |θ|, summed over the regularized parameters."""
    _check_strengths(l1, l2)
    total = 0.0
    for name, array in params.items():
        if regularized(name, array):
            total += l2 * float(np.sum(array * array)) + l1 * float(np.sum(np.abs(array)))
    return total


def penalty_grads(params: Mapping[str, np.ndarray], l1: float = 0.0,
                  l2: float = 0.0) -> dict[str, np.ndarray]:
    """∂R/∂θ = 2λ₂θ + λ₁ sign(θ) (0 at θ = 0); zeros for parameters not regularized.

    Every parameter gets an entry, so the result adds to a gradient dict key by key.
    """
    _check_strengths(l1, l2)
    return {name: (2.0 * l2 * array + l1 * np.sign(array)) if regularized(name, array)
            else np.zeros_like(array, dtype=np.float64)
            for name, array in params.items()}
