"""Seeded toy data sets in the plane: xor, circles, gauss, spiral and moons.

Every generator is `fn(n_points, noise, rng, ...) -> Dataset`. Without noise the
points lie within [-1, 1]², so one fixed box of about [-1.5, 1.5]² shows any of
them. `noise` is the standard deviation of a Gaussian jitter of each point, in
the units of the plane, except for `spiral`, where it jitters the angle (radians).
Classes are balanced (sizes differ by at most one) and rows come in random order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bpviz.data.arguments import (
    MAX_GENERATED_CLASSES, MIN_CLASSES, require_int, require_noise, require_points, require_rng,
)
from bpviz.data.dataset import Dataset
from bpviz.data.errors import DataSettingError

SPIRAL_TURN = 4.0  # radians an arm turns from its centre to its tip, as in CS231n's spiral


def xor(n_points: int, noise: float, rng: np.random.Generator) -> Dataset:
    """Four square clusters, one per quadrant; class 1 where x1·x2 > 0, class 0 where it is < 0."""
    n_points, noise, rng = _checked(n_points, noise, rng, 2)
    parts = []
    for label, quadrants in enumerate((((1, -1), (-1, 1)), ((1, 1), (-1, -1)))):
        for signs, size in zip(quadrants, _class_sizes(_class_sizes(n_points, 2)[label], 2)):
            # Kept 0.1 off the axes, so that without noise the sign of x1·x2 is never in doubt.
            corner = rng.uniform(0.1, 0.9, size=(size, 2)) * np.array(signs)
            parts.append((corner, label))
    return _dataset("xor", parts, noise, 2, rng)


def circles(n_points: int, noise: float, rng: np.random.Generator) -> Dataset:
    """Class 0 fills the disc of radius 0.5, class 1 the ring between radii 0.7 and 1."""
    n_points, noise, rng = _checked(n_points, noise, rng, 2)
    inner, outer = _class_sizes(n_points, 2)
    # The square root of a uniform area fraction spreads points evenly over the area.
    disc = _polar(0.5 * np.sqrt(rng.uniform(0, 1, inner)), rng.uniform(0, 2 * np.pi, inner))
    ring = _polar(np.sqrt(rng.uniform(0.7 ** 2, 1, outer)), rng.uniform(0, 2 * np.pi, outer))
    parts = [(disc, 0), (ring, 1)]
    return _dataset("circles", parts, noise, 2, rng)


def gauss(n_points: int, noise: float, rng: np.random.Generator, classes: int = 3) -> Dataset:
    """A round Gaussian blob per class (spread `noise`), centred evenly on the circle r = 0.6."""
    classes = require_int("classes", classes, MIN_CLASSES, MAX_GENERATED_CLASSES)
    n_points, noise, rng = _checked(n_points, noise, rng, classes)
    parts = []
    for label, size in enumerate(_class_sizes(n_points, classes)):
        angle = np.pi / 4 + label * 2 * np.pi / classes
        parts.append((np.tile(_polar(np.array([0.6]), np.array([angle])), (size, 1)), label))
    return _dataset("gauss", parts, noise, classes, rng)


def spiral(n_points: int, noise: float, rng: np.random.Generator, classes: int = 3) -> Dataset:
    """`classes` spiral arms; arm k at radius r in [0, 1] has angle k·2π/K + 4r + jitter.

    `noise` is the standard deviation of the angle's jitter, in radians.
    """
    classes = require_int("classes", classes, MIN_CLASSES, MAX_GENERATED_CLASSES)
    n_points, noise, rng = _checked(n_points, noise, rng, classes)
    parts = []
    for label, size in enumerate(_class_sizes(n_points, classes)):
        radius = rng.uniform(0, 1, size)
        angle = label * 2 * np.pi / classes + SPIRAL_TURN * radius + rng.normal(0, noise, size)
        parts.append((_polar(radius, angle), label))
    return _dataset("spiral", parts, 0.0, classes, rng)  # the jitter is already in the angle


def moons(n_points: int, noise: float, rng: np.random.Generator) -> Dataset:
    """Two interleaving half circles (class 0 the upper one) in x ∈ [-1, 1], y ∈ [-0.5, 0.5]."""
    n_points, noise, rng = _checked(n_points, noise, rng, 2)
    upper, lower = _class_sizes(n_points, 2)
    # The classic moons (radius 1, the lower one shifted by (1, -0.5)) span
    # [-1, 2] × [-0.5, 1]; centring and dividing by 1.5 brings them into the box.
    centre = np.array([0.5, 0.25])
    top = _polar(np.ones(upper), rng.uniform(0, np.pi, upper))
    bottom = np.array([1.0, 0.5]) - _polar(np.ones(lower), rng.uniform(0, np.pi, lower))
    parts = [((top - centre) / 1.5, 0), ((bottom - centre) / 1.5, 1)]
    return _dataset("moons", parts, noise, 2, rng)


Generator = Callable[..., Dataset]

GENERATORS: dict[str, Generator] = {
    "xor": xor, "circles": circles, "gauss": gauss, "spiral": spiral, "moons": moons,
}


@dataclass(frozen=True)
class Defaults:
    """A generator's default arguments; `classes` can be changed only if `variable_classes`."""

    n_points: int
    noise: float
    classes: int = 2
    variable_classes: bool = False


# Spiral: with 0.2 rad of jitter the arms stay apart (a small MLP fits them to
# well over 90 %) while a linear softmax stays near 50 %; tests/data checks both.
DEFAULTS: dict[str, Defaults] = {
    "xor": Defaults(n_points=200, noise=0.1),
    "circles": Defaults(n_points=200, noise=0.05),
    "gauss": Defaults(n_points=300, noise=0.15, classes=3, variable_classes=True),
    "spiral": Defaults(n_points=300, noise=0.2, classes=3, variable_classes=True),
    "moons": Defaults(n_points=200, noise=0.1),
}


def generate(name: str, *, n_points: int | None = None, noise: float | None = None,
             classes: int | None = None, rng: np.random.Generator) -> Dataset:
    """The generator `name` with its `DEFAULTS` for every argument left out (None)."""
    if name not in GENERATORS:
        raise DataSettingError(f"unknown data set {name!r}; choose one of {', '.join(GENERATORS)}")
    defaults = DEFAULTS[name]
    n_points = defaults.n_points if n_points is None else n_points
    noise = defaults.noise if noise is None else noise
    if not defaults.variable_classes:
        if classes not in (None, defaults.classes):
            raise DataSettingError(f"{name} always has {defaults.classes} classes, "
                             f"got classes={classes!r}")
        return GENERATORS[name](n_points, noise, rng)
    classes = defaults.classes if classes is None else classes
    return GENERATORS[name](n_points, noise, rng, classes=classes)


def _checked(n_points: object, noise: object, rng: object,
             classes: int) -> tuple[int, float, np.random.Generator]:
    return require_points(n_points, classes), require_noise(noise), require_rng(rng)


def _class_sizes(n_points: int, classes: int) -> list[int]:
    """`n_points` shared out as evenly as possible; the first classes get the remainder."""
    return [n_points // classes + (label < n_points % classes) for label in range(classes)]


def _polar(radius: np.ndarray, angle: np.ndarray) -> np.ndarray:
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def _dataset(name: str, parts: list[tuple[np.ndarray, int]], noise: float, classes: int,
             rng: np.random.Generator) -> Dataset:
    """The parts' points jittered by `noise`, in a random order, so any prefix is a fair sample."""
    X = np.concatenate([points for points, _ in parts]).reshape(-1, 2)
    y = np.concatenate([np.full(len(points), label, dtype=np.int64) for points, label in parts])
    X = X + rng.normal(0, noise, size=X.shape)
    order = rng.permutation(len(y))
    return Dataset(X[order], y[order], tuple(str(label) for label in range(classes)), name)
