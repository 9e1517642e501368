"""Fixtures of the lab's widget tests: a small, fast lab model and the lab shown offscreen."""

from __future__ import annotations


import pytest

from bpviz.app.labs.boundary.boundary_lab import BoundaryLab
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.labs.boundary.settings import DataSpec, NetSpec

LAB_SIZE = (1360, 860)


@pytest.fixture
def model() -> LabModel:
    """The spiral, small enough that a few epochs take well under a second."""
    return LabModel(DataSpec(kind="spiral", points=150), NetSpec(hidden=(8, 8)), grid_size=200)


@pytest.fixture
def lab(qtbot, model) -> BoundaryLab:
    lab = BoundaryLab(model)
    qtbot.addWidget(lab)
    lab.resize(*LAB_SIZE)
    lab.show()
    qtbot.waitExposed(lab)
    return lab


@pytest.fixture
def run_epochs(qtbot):
    """run_epochs(model, count=1): press Epoch `count` times and wait for the last to end
    (an epoch longer than a frame runs on from the lab's timer)."""
    def run(model: LabModel, count: int = 1) -> None:
        for _ in range(count):
            model.run_epoch()
        qtbot.waitUntil(lambda: not model.running_epoch, timeout=20_000)
    return run
