"""What a session file keeps of the decision-boundary lab beyond its data and settings:
each panel's weights, optimiser and place in the batch order, the curves, the pictures'
precision and the grid's square (LabSession.snapshot and .restore)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.labs.boundary.curves import CurveState
from bpviz.labs.boundary.grid import Extent
from bpviz.training.optimizers import Optimizer
from bpviz.training.trainer import TrainerState

PICTURE_DTYPES = ("float32", "float64")


@dataclass(frozen=True)
class PanelSnapshot:
    """One panel: its parameters, its optimiser (with its state) and its trainer's place."""

    params: dict[str, np.ndarray]
    optimizer: Optimizer
    trainer: TrainerState


@dataclass(frozen=True)
class LabSnapshot:
    """The lab's training state (copies): the grid's `extent`, the training rows drawn so far
    (`examples`), each panel's PanelSnapshot, curve and pictures' precision."""

    extent: Extent
    examples: int
    panels: dict[str, PanelSnapshot]
    curves: dict[str, CurveState]
    pictures: dict[str, str]
