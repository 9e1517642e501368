"""The lab standardises features far from unit size for its models, not the built-in sets."""

import numpy as np
import pytest

from bpviz.data.dataset import Dataset
from bpviz.labs.boundary import DataSpec, LabSession, make_dataset
from bpviz.data.scaling import input_scaling
from bpviz.labs.boundary.settings import KINDS


def big_circle(points=300, seed=0):
    """A disc in a square of side 500: features in the hundreds, as a CSV in pixels has."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 500, size=(points, 2))
    inside = np.hypot(*(X - 250).T) < 150
    return Dataset(X, inside.astype(int), ("out", "in"), "pixels", ("px", "py", "label"))


@pytest.mark.parametrize("kind", KINDS)
def test_the_built_in_data_sets_are_left_as_they_are(kind):
    assert input_scaling(make_dataset(DataSpec(kind=kind)).X) is None
    assert LabSession(make_dataset(DataSpec(kind=kind))).scaling is None


def test_the_lab_learns_a_data_set_in_pixels_and_draws_it_in_pixels():
    session = LabSession(big_circle())
    assert session.scaling is not None
    for _ in range(40):
        session.run_epoch()
    assert session.accuracy("mlp", "test") >= 0.9  # the majority class alone is 0.72
    session.evaluate()
    assert session.curve("mlp").test_accuracy[-1] == session.accuracy("mlp", "test")
    grid = session.grid("mlp")
    assert grid.extent[0] < 0 + 1 and grid.extent[1] > 500 - 1  # the plane in pixels
    centre = grid.probabilities[len(grid.ys) // 2, len(grid.xs) // 2]
    corner = grid.probabilities[0, 0]
    assert centre.argmax() == 1 and corner.argmax() == 0  # inside the disc, and out
    space = session.hidden_space()
    assert np.isfinite(space.points).all() and np.ptp(space.points, axis=0).min() > 0.1
