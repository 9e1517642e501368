"""Telling the user that training diverged: which step, which node, and what was done about it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from bpviz.engine.errors import NonFiniteError, non_finite_kind
from bpviz.errors import BpvizError
from bpviz.training.flat_params import FlatParams

if TYPE_CHECKING:
    from bpviz.training.optimizers import Optimizer

# What each optimiser's state arrays are, for a message a student can place.
STATE_NAMES = {"m": "first moment m", "v": "second moment v", "cache": "cache of squared gradients",
               "velocity": "velocity"}


class DivergenceError(BpvizError):
    """Training produced NaN or infinity; the parameters were put back to the last finite step.

    `step` is the step that diverged, `node` the label of the node that first went
    non-finite (None if not known) and `what` says what was not finite.
    """

    def __init__(self, step: int, what: str, node: str | None = None,
                 restored_to: int | None = None) -> None:
        self.step = step
        self.what = what
        self.node = node
        self.restored_to = step - 1 if restored_to is None else restored_to
        super().__init__(f"training diverged at step {step}: {what}; the parameters were "
                         f"restored to step {self.restored_to}. Try a smaller learning rate.")

    @classmethod
    def from_engine(cls, step: int, error: NonFiniteError,
                    restored_to: int | None = None) -> DivergenceError:
        """From the engine's error for the first node whose value or gradient was not finite."""
        what = "value" if error.phase == "forward" else "gradient"
        return cls(step, f"the {what} of node '{error.label}' is not finite ({error.kind})",
                   node=error.label, restored_to=restored_to)

    @classmethod
    def from_arrays(cls, step: int, arrays: Mapping[str, np.ndarray], role: str = "parameter",
                    restored_to: int | None = None) -> DivergenceError | None:
        """For the first non-finite array of `arrays` (e.g. the parameters after an update),
        or None when they are all finite."""
        name = first_non_finite(arrays)
        if name is None:
            return None
        kind = non_finite_kind(np.asarray(arrays[name]))
        return cls(step, f"the {role} '{name}' is not finite ({kind})", node=name,
                   restored_to=restored_to)


    @classmethod
    def from_loss(cls, step: int, loss: float,
                  restored_to: int | None = None) -> DivergenceError | None:
        """For a loss J that is NaN or ±inf, or None when it is finite."""
        if math.isfinite(loss):
            return None
        kind = non_finite_kind(np.asarray(loss))
        return cls(step, f"the loss J is not finite ({kind})", node="J", restored_to=restored_to)

    @classmethod
    def from_optimizer(cls, step: int, optimizer: Optimizer,
                       restored_to: int | None = None) -> DivergenceError | None:
        """For the first non-finite state array of `optimizer` (Adam's v overflowing while
        the parameters stay finite), or None when its state is all finite."""
        found = optimizer.first_non_finite()
        if found is None:
            return None
        name, key = found
        kind = non_finite_kind(optimizer.state[name][key])
        return cls(step, f"the {optimizer.name} optimiser's {STATE_NAMES.get(key, key)} of "
                         f"'{name}' is not finite ({kind})", node=name, restored_to=restored_to)


def first_non_finite(arrays: Mapping[str, np.ndarray]) -> str | None:
    """The name of the first array, in the mapping's order, holding a NaN or ±inf, else None."""
    if isinstance(arrays, FlatParams) and arrays.intact() and np.isfinite(arrays.flat).all():
        return None  # one check of the buffer behind them all: the usual case, every step
    for name, array in arrays.items():
        if not np.isfinite(array).all():
            return name
    return None
