"""Standardising a data set's features for the models when they are far from unit size.

A net initialised for inputs of about ±1 saturates on features in the hundreds and learns
nothing (every tanh unit sits at ±1). When a feature reaches beyond ±10 the lab and
`bpviz train` train on x' = (x − μ) / σ per feature, the data set's mean and spread;
the lab keeps drawing everything in the data's own units. The built-in data sets and points drawn on the
plane (about ±2) are left exactly as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LARGEST_PLAIN = 10.0  # features within ±this are left alone: the built-in sets reach ±2


@dataclass(frozen=True)
class InputScaling:
    """x' = (x − shift) / scale, feature by feature."""

    shift: np.ndarray
    scale: np.ndarray

    def apply(self, X: np.ndarray) -> np.ndarray:
        """The points (N×2, one per row) as the models see them, a new array."""
        return (np.asarray(X, dtype=float) - self.shift) / self.scale

    def describe(self, names: tuple[str, ...]) -> str:
        """The scaling in words, e.g. "x1' = (x1 − 250) / 144, x2' = …"."""
        return ", ".join(f"{name}′ = ({name} − {shift:.3g}) / {scale:.3g}"
                         for name, shift, scale in zip(names, self.shift, self.scale))


def input_scaling(X: np.ndarray) -> InputScaling | None:
    """The standardisation a data set's features need, or None when they are of unit size
    already (or there are too few points to measure a spread)."""
    X = np.asarray(X, dtype=float)
    if len(X) < 2:
        return None
    if np.abs(X).max() <= LARGEST_PLAIN:
        return None
    spread = X.std(axis=0)
    # A constant feature keeps its spread of 1: it carries nothing to scale.
    return InputScaling(X.mean(axis=0), np.where(spread > 0, spread, 1.0))
