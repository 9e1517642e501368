"""Shared by the word-vector model tests: central differences of a model's J, in NumPy."""

from __future__ import annotations

import numpy as np


def central_differences(J, params: dict[str, np.ndarray], name: str, h: float = 1e-6
                        ) -> np.ndarray:
    """∂J/∂params[name] by (J(θ + h) − J(θ − h)) / 2h, one element at a time."""
    grad = np.zeros_like(params[name])
    for index in np.ndindex(grad.shape):
        moved = {key: value.copy() for key, value in params.items()}
        moved[name][index] += h
        up = J(moved)
        moved[name][index] -= 2 * h
        grad[index] = (up - J(moved)) / (2 * h)
    return grad
