"""A DataSpec gives the data layer's own generator output."""

import numpy as np
import pytest

from bpviz.data.generators import generate
from bpviz.labs.boundary import DataSpec, make_dataset
from bpviz.labs.boundary.settings import KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_a_spec_is_the_generator_with_its_seed(kind):
    spec = DataSpec(kind=kind, points=120, seed=4)
    classes = 3 if kind in ("gauss", "spiral") else None
    expected = generate(kind, n_points=120, classes=classes, rng=np.random.default_rng(4))
    made = make_dataset(spec)
    np.testing.assert_array_equal(made.X, expected.X)
    np.testing.assert_array_equal(made.y, expected.y)
    assert made.name == kind


def test_classes_apply_to_gauss_and_spiral_only():
    assert make_dataset(DataSpec(kind="spiral", classes=5)).num_classes == 5
    assert make_dataset(DataSpec(kind="gauss", classes=2)).num_classes == 2
    assert make_dataset(DataSpec(kind="xor", classes=5)).num_classes == 2


def test_noise_none_is_the_kinds_default_and_a_value_is_used():
    default = make_dataset(DataSpec(kind="circles"))
    explicit = make_dataset(DataSpec(kind="circles", noise=0.05))
    noisy = make_dataset(DataSpec(kind="circles", noise=0.3))
    np.testing.assert_array_equal(default.X, explicit.X)
    assert not np.array_equal(default.X, noisy.X)
