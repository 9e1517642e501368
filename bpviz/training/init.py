"""Initial parameter values: small random weights (never all equal) and zero biases.

A weight matrix is (n_out × n_in), as in the lecture's z = W x + b, so W @ x maps
n_in inputs to n_out outputs. Every random draw comes from the Generator passed in.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpviz.training.choices import choose

Shape = tuple[int, ...]
Initializer = Callable[[Shape, np.random.Generator], np.ndarray]


def fans(shape: Shape) -> tuple[int, int]:
    """(n_in, n_out) of a weight matrix of shape (n_out, n_in)."""
    if len(shape) != 2:
        raise ValueError(f"Xavier initialisation needs a matrix (n_out × n_in), "
                         f"not shape {tuple(shape)}")
    n_out, n_in = shape
    return n_in, n_out


def zeros(shape: Shape) -> np.ndarray:
    """All zeros: the lecture's choice for biases (the random weights already break symmetry)."""
    return np.zeros(shape, dtype=np.float64)


def xavier_uniform(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    """W ~ U(−a, a) with a = √(6 / (n_in + n_out)), so Var(W) = a²/3 = 2 / (n_in + n_out)."""
    n_in, n_out = fans(shape)
    bound = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-bound, bound, size=shape)


def xavier_normal(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    """W ~ N(0, σ²) with σ² = 2 / (n_in + n_out): the lecture's Var(W)."""
    n_in, n_out = fans(shape)
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=shape)


def small_random(shape: Shape, rng: np.random.Generator, sigma: float = 0.01) -> np.ndarray:
    """W ~ N(0, σ²) with a small fixed σ (0.01), whatever the layer's size."""
    return rng.normal(0.0, sigma, size=shape)


INITIALIZERS: dict[str, Initializer] = {
    "xavier": xavier_uniform,
    "xavier_normal": xavier_normal,
    "small": small_random,
}


def init_weight(name: str, shape: Shape, rng: np.random.Generator) -> np.ndarray:
    """A new weight array drawn by the initialiser called `name` (see INITIALIZERS)."""
    return choose("initialiser", name, INITIALIZERS)(tuple(shape), rng)
