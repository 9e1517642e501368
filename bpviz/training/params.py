"""Parameters: an ordered dict of name → float64 array, updated in place.

Updating in place keeps each array's identity, so a graph node, a plot or a model
holding the same array sees every change without being told.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

Params = dict[str, np.ndarray]
Grads = Mapping[str, np.ndarray]


def copy_params(params: Mapping[str, np.ndarray]) -> Params:
    """A deep copy, in the same order: a state to go back to later."""
    return {name: np.array(array, copy=True) for name, array in params.items()}


def load_params(params: Mapping[str, np.ndarray], saved: Mapping[str, np.ndarray]) -> None:
    """Write `saved` back into the arrays of `params` (θ[...] = saved), keeping their identity."""
    if set(saved) != set(params):
        raise ValueError(f"saved parameters {sorted(saved)} do not match {sorted(params)}")
    for name, array in params.items():
        if saved[name].shape != array.shape:
            raise ValueError(f"saved {name!r} has shape {saved[name].shape}, "
                             f"the parameter has {array.shape}")
        array[...] = saved[name]
