"""Standardising a data set's features for the models when they are far from unit size.

A net initialised for inputs of about ±1 saturates on features in the hundreds and learns
nothing (every tanh unit sits at ±1). When a feature reaches beyond ±10 the lab and
`bpviz train` train on x' = (x − μ) / σ per feature, the data set's mean and spread;
the lab keeps drawing everything in the data's own units. The built-in data sets and points drawn on the
plane (about ±2) are left exactly as they are.

Features may be anywhere up to ±1.8e308, the largest float: μ and σ are computed on each
feature divided by a power of two near its largest magnitude (exact, so the figures are
the same bits as the plain formula wherever that does not overflow), and so is x′.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LARGEST_PLAIN = 10.0  # features within ±this are left alone: the built-in sets reach ±2


@dataclass(frozen=True)
class InputScaling:
    """x' = (x − shift) / scale, feature by feature; `unit` (powers of two, by default 1)
    divides x, shift and scale first, so that no step overflows."""

    shift: np.ndarray
    scale: np.ndarray
    unit: np.ndarray | None = None

    def apply(self, X: np.ndarray) -> np.ndarray:
        """The points (N×2, one per row) as the models see them, a new array."""
        unit = 1.0 if self.unit is None else self.unit
        return (np.asarray(X, dtype=float) / unit - self.shift / unit) / (self.scale / unit)

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
    largest = np.abs(X).max(axis=0)
    if largest.max() <= LARGEST_PLAIN:
        return None
    unit = power_of_two_near(largest)
    seen = X / unit  # within ±2: its mean and squares cannot overflow
    spread = seen.std(axis=0) * unit
    # A constant feature keeps its spread of 1: it carries nothing to scale.
    return InputScaling(seen.mean(axis=0) * unit, np.where(spread > 0, spread, 1.0), unit)


def power_of_two_near(magnitudes: np.ndarray) -> np.ndarray:
    """2^e with magnitude/2 < 2^e ≤ magnitude (1 for magnitudes of 1 or less): dividing by it
    is exact and brings the magnitude within [1, 2)."""
    exponents = np.frexp(np.maximum(magnitudes, 1.0))[1]  # magnitude = m·2^e, ½ ≤ m < 1
    return np.ldexp(1.0, exponents - 1)
