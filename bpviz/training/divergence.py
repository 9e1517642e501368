"""Telling the user that training diverged: which step, which node, and what was done about it."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from bpviz.engine.errors import NonFiniteError, non_finite_kind
from bpviz.errors import BpvizError


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


def first_non_finite(arrays: Mapping[str, np.ndarray]) -> str | None:
    """The name of the first array, in the mapping's order, holding a NaN or ±inf, else None."""
    for name, array in arrays.items():
        if not np.isfinite(array).all():
            return name
    return None
