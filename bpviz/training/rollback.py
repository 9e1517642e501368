"""The state before a training step, kept cheaply so that a diverged step can be undone.

A model whose parameters share one flat buffer (FlatParams) and an optimiser whose
state is flat buffers too (after its first flat step) are saved by copying each buffer
into one kept from step to step: a few np.copyto calls, nothing allocated. Anything
else is saved as dicts of copies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from bpviz.training.flat_params import FlatParams
from bpviz.training.optimizers import Optimizer, Snapshot
from bpviz.training.optimizers.base import FlatState
from bpviz.training.params import copy_params, load_params


class Rollback:
    """`save` before a step, `restore` if it diverged; `finite` says cheaply whether the
    parameters and the optimiser's state after it may be finite (False: look closer)."""

    def __init__(self) -> None:
        self._kept: list[np.ndarray] = []  # copies of the buffers below, reused
        self._sources: list[np.ndarray] = []  # params.flat, then the optimiser's buffers
        self._floats: list[np.ndarray] = []  # those of them to check (not step counts)
        self._flat: FlatState | None = None  # the optimiser's flat state when saved
        self._optimizer: Optimizer | None = None
        self._copies: tuple[dict[str, np.ndarray], Snapshot] | None = None  # the slow way

    def save(self, params: Mapping[str, np.ndarray], optimizer: Optimizer) -> None:
        """Keep the parameters' and the optimiser's state as they are now."""
        flat = optimizer.flat_state()
        if flat is None or not (isinstance(params, FlatParams) and params.intact()):
            self._flat, self._copies = None, (copy_params(params), optimizer.snapshot())
            return
        if flat is not self._flat or optimizer is not self._optimizer \
                or self._sources[0] is not params.flat:
            self._sources = [params.flat, *flat[3]]
            self._kept = [np.empty_like(source) for source in self._sources]
            self._floats = [source for source in self._sources if source.dtype.kind == "f"]
            self._flat, self._optimizer = flat, optimizer
        self._copies = None
        for kept, source in zip(self._kept, self._sources):
            kept[...] = source  # same shape and dtype: a plain copy, cheaper than np.copyto

    def restore(self, params: Mapping[str, np.ndarray], optimizer: Optimizer) -> None:
        """Put back what `save` kept, into the same arrays (the optimiser's state may be
        new arrays when it was saved as copies)."""
        if self._copies is not None:
            saved, state = self._copies
            load_params(params, saved)
            optimizer.restore(state)
            return
        for kept, source in zip(self._kept, self._sources):
            np.copyto(source, kept)
        optimizer.use_flat_state(self._flat)

    def finite(self) -> bool:
        """True when the buffers saved the fast way (a step writes into the same ones) are
        all finite now: each one's dot product with itself is one pass (a huge finite value
        overflowing it gives False, and the caller then looks array by array). False when
        saved the slow way."""
        if self._copies is not None:
            return False
        isfinite = math.isfinite
        for source in self._floats:
            if not isfinite(source.dot(source)):  # the method: no np.dot dispatch
                return False
        return True
