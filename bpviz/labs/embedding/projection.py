"""Word vectors drawn in 2-D through fixed axes, so that what moves on screen moved in space.

The axes are the two principal components of a reference set of vectors (the run's
start, or whatever the caller fits them to), kept until fitted again; vectors of d = 2
are drawn as they are, d = 1 along the x axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Projection:
    """x ↦ (x − mean) · axesᵀ, axes 2×d with orthonormal rows."""

    mean: np.ndarray
    axes: np.ndarray

    def __call__(self, vectors: np.ndarray) -> np.ndarray:
        """The 2-D points of `vectors` (n×d, or one vector of d)."""
        return (np.asarray(vectors) - self.mean) @ self.axes.T

    def direction(self, moves: np.ndarray) -> np.ndarray:
        """A move in d-space (an arrow, not a point) as a 2-D arrow: no centring."""
        return np.asarray(moves) @ self.axes.T


def fit_projection(vectors: np.ndarray) -> Projection:
    """The principal axes of `vectors` (n×d); d ≤ 2 gives the identity (with a zero y-axis
    for d = 1). Each axis's sign makes its largest component positive (reproducible)."""
    d = vectors.shape[1]
    if d <= 2:
        axes = np.eye(2, d)
        return Projection(np.zeros(d), axes)
    mean = vectors.mean(axis=0)
    centred = vectors - mean
    # The covariance's top two eigenvectors: a d×d problem, however many words there are.
    _, eigenvectors = np.linalg.eigh(centred.T @ centred)
    axes = eigenvectors[:, ::-1][:, :2].T.copy()
    signs = np.sign(axes[np.arange(2), np.abs(axes).argmax(axis=1)])
    return Projection(mean, axes * np.where(signs == 0, 1.0, signs)[:, None])


def variance_shown(projection: Projection, vectors: np.ndarray) -> float:
    """The share of the vectors' variance (around their mean) the two axes show."""
    centred = vectors - vectors.mean(axis=0)
    total = float((centred ** 2).sum())
    return float((projection.direction(centred) ** 2).sum() / total) if total > 0 else 1.0
