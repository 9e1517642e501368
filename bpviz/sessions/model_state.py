"""A model's parameters and its optimiser (name, settings, state arrays) in a session file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from bpviz.errors import BpvizError
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.values import (
    decode_array, decode_finite, encode_array, need_dict, need_float, need_str,
)
from bpviz.training.optimizers import OPTIMIZERS, Optimizer, make_optimizer
from bpviz.training.params import load_params


def encode_params(params: Mapping[str, np.ndarray]) -> dict[str, Any]:
    """Every parameter array, exactly, by name."""
    return {name: encode_array(array) for name, array in params.items()}


def decode_params(params: Mapping[str, np.ndarray], value: object,
                  where: str) -> dict[str, np.ndarray]:
    """The saved parameters, checked to have the names, dtypes and shapes of `params` and
    only finite numbers."""
    saved = need_dict(value, where, tuple(params), tuple(params))
    return {name: decode_finite(saved[name], f"{where}.{name}", dtypes=(array.dtype.name,),
                                shape=array.shape)
            for name, array in params.items()}


def restore_params(params: Mapping[str, np.ndarray], value: object, where: str) -> None:
    """Write the saved parameters into `params` (in place), checked as `decode_params`."""
    load_params(params, decode_params(params, value, where))


def encode_optimizer(optimizer: Optimizer) -> dict[str, Any]:
    """The optimiser's name, hyperparameters and state (e.g. Adam's m, v and step counts)."""
    return {"name": optimizer.name, "settings": dict(optimizer.settings()),
            "state": {name: {key: encode_array(array) for key, array in state.items()}
                      for name, state in optimizer.state.items()}}


def decode_optimizer(value: object, where: str, params: Mapping[str, np.ndarray],
                     name: str | None = None) -> Optimizer:
    """A new optimiser with the saved settings and state, checked against `params` (state
    only for parameters the model has, shaped as the optimiser keeps it); `name`, if given,
    is the optimiser the settings call for."""
    fields = need_dict(value, where, ("name", "settings", "state"))
    chosen = need_str(fields["name"], f"{where}.name", 40, tuple(OPTIMIZERS))
    if name is not None and chosen != name:
        raise SessionFileError(f"'{name}' expected (the training settings'), found '{chosen}'",
                               f"{where}.name")
    settings = need_dict(fields["settings"], f"{where}.settings")
    try:
        optimizer = make_optimizer(chosen, **{key: need_float(number, f"{where}.settings.{key}")
                                              for key, number in settings.items()})
    except (BpvizError, ValueError, TypeError) as error:
        raise SessionFileError(str(error), f"{where}.settings") from None
    state = need_dict(fields["state"], f"{where}.state", (), tuple(params))
    snapshot = {}
    for param, arrays in state.items():
        at = f"{where}.state.{param}"
        # What the optimiser would create for this parameter: the keys, dtypes and shapes.
        fresh = optimizer._new_state(params[param])  # noqa: SLF001 (the one description of it)
        saved = need_dict(arrays, at, tuple(fresh), tuple(fresh))
        snapshot[param] = {key: _state_array(saved[key], f"{at}.{key}", like)
                           for key, like in fresh.items()}
    optimizer.restore(snapshot)
    return optimizer


def _state_array(value: object, where: str, like: np.ndarray) -> np.ndarray:
    array = decode_array(value, where, dtypes=(like.dtype.name,), shape=like.shape)
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise SessionFileError("holds NaN or infinite numbers", where)
    if array.dtype.kind == "i" and (array < 0).any():
        raise SessionFileError("holds a negative step count", where)
    return array
