"""Checks of the arguments callers pass to the data layer: a ValueError or TypeError if wrong."""

from __future__ import annotations

import math
import numbers

import numpy as np

from bpviz.data.errors import DataSettingError

# The most points one data set may hold, generated or loaded: enough for any
# picture bpviz draws, and small enough that a slip of the keyboard cannot
# ask for gigabytes.
MAX_POINTS = 1_000_000
MIN_CLASSES, MAX_GENERATED_CLASSES = 2, 5
# The data sets live within about ±1.5: a jitter far beyond that is pure noise, and
# near 1e308 its draws overflow to infinity.
MAX_NOISE = 100.0


def require_rng(rng: object) -> np.random.Generator:
    """`rng` itself; a seed or the `np.random` module is refused, so every draw is seeded."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                        f"got {type(rng).__name__}")
    return rng


def require_int(name: str, value: object, low: int, high: int) -> int:
    """`value` as an int, if it is a whole number (not a bool) within [low, high]."""
    value = _whole(name, value)
    if not low <= value <= high:
        raise DataSettingError(f"{name} must be between {low:,} and {high:,}, got {value:,}")
    return value


def _whole(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    return int(value)


def require_noise(noise: object) -> float:
    """`noise` as a float, if it is a finite number from 0 to MAX_NOISE."""
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise TypeError(f"noise must be a number, got {noise!r}")
    if not (math.isfinite(noise) and noise >= 0):
        raise DataSettingError(f"noise must be a finite number >= 0, got {noise!r}")
    if noise > MAX_NOISE:
        raise DataSettingError(f"noise must be at most {MAX_NOISE:g} (the data sets span about "
                               f"±1.5; more is only noise), got {noise:g}")
    return float(noise)


def require_points(n_points: object, classes: int) -> int:
    """`n_points` as an int, if every one of `classes` classes gets a point and it is not huge."""
    n_points = _whole("n_points", n_points)
    if n_points < classes:
        raise DataSettingError(f"n_points must be at least the number of classes ({classes}) "
                         f"so that every class has a point, got {n_points:,}")
    if n_points > MAX_POINTS:
        raise DataSettingError(f"n_points must be at most {MAX_POINTS:,}, got {n_points:,}")
    return n_points
