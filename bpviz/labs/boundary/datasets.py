"""A built-in data set from the lab's DataSpec, through the data layer's own generators."""

from __future__ import annotations

import numpy as np

from bpviz.data.dataset import Dataset
from bpviz.data.generators import DEFAULTS, generate
from bpviz.labs.boundary.settings import DataSpec


def make_dataset(spec: DataSpec) -> Dataset:
    """The generator `spec.kind` with its points, noise and (gauss, spiral) classes, seeded
    by `spec.seed`; the same spec gives the same points."""
    classes = spec.classes if DEFAULTS[spec.kind].variable_classes else None
    return generate(spec.kind, n_points=spec.points, noise=spec.noise, classes=classes,
                    rng=np.random.default_rng(spec.seed))
