"""What every optimiser shares: in-place updates, lazily created state, snapshots, row updates."""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from bpviz.training.flat_params import FlatParams, flat_pair
from bpviz.training.optimizers.rows import unique_rows
from bpviz.training.row_gradient import RowGradient

State = dict[str, np.ndarray]
Snapshot = dict[str, State]
# The parameters' layout, one buffer per state key, each parameter's state as views into
# them, and the few 1-D arrays that hold all of it (a copy of each is a copy of the state).
FlatState = tuple[object, State, dict[str, State], tuple[np.ndarray, ...]]


class StateDict(dict):
    """`Optimizer.state`: a dict that notes when an entry is put in or taken out, so that a
    step need not compare every entry with the flat state's views (it asks every time)."""

    changed = True

    def __setitem__(self, key, value) -> None:
        self.changed = True
        super().__setitem__(key, value)

    def __delitem__(self, key) -> None:
        self.changed = True
        super().__delitem__(key)

    def __ior__(self, other):
        self.changed = True
        return super().__ior__(other)

    def update(self, *args, **kwargs) -> None:
        self.changed = True
        super().update(*args, **kwargs)

    def setdefault(self, key, default=None):
        self.changed = True
        return super().setdefault(key, default)

    def pop(self, *args):
        self.changed = True
        return super().pop(*args)

    def popitem(self):
        self.changed = True
        return super().popitem()

    def clear(self) -> None:
        self.changed = True
        super().clear()


class Optimizer:
    """Updates parameters in place from their gradients; subclasses give the update rule.

    `state[name]` holds one parameter's arrays (e.g. {"velocity": v}), created at its
    first update, zero, and shaped like the parameter, so a GUI can show them.
    """

    name: ClassVar[str] = ""
    formula: ClassVar[str] = ""  # the update, as the GUI may print it
    state_names: ClassVar[tuple[str, ...]] = ()
    setting_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self.state: dict[str, State] = StateDict()
        self._flat: FlatState | None = None
        # (params, grads, flat state, their buffers, the state's) of the last flat step:
        # the same objects again, none changed since, need none of the checks.
        self._fast: tuple | None = None

    def settings(self) -> dict[str, float]:
        """The hyperparameters other than the learning rate, e.g. {"mu": 0.9}."""
        return {name: getattr(self, name) for name in self.setting_names}

    def __repr__(self) -> str:
        listed = ", ".join(f"{key}={value!r}" for key, value in self.settings().items())
        return f"{type(self).__name__}({listed})"

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
             lr: float, rows: Mapping[str, np.ndarray] | None = None) -> None:
        """One update of every parameter that has a gradient; the others stay as they are.

        `rows[name]`, if given, limits that parameter's update, and its state's, to
        those rows (lazy, SparseAdam-like): the other rows do not even count a step.
        """
        if not (math.isfinite(lr) and lr >= 0):
            raise ValueError(f"the learning rate must be a finite number ≥ 0, not {lr!r}")
        fast = self._fast  # a training loop: the same buffers step after step
        if (fast is not None and fast[0] is params and fast[1] is grads and fast[2] is self._flat
                and not (rows or params._changed or grads._changed or self.state.changed)
                and self._apply_flat(fast[3], fast[4], fast[5], lr)):
            return
        # One layout for both: the names match, so the checks below have nothing to find.
        if not rows and flat_pair(params, grads):
            flat = params.flat  # all parameters in one update of their shared buffer
            state = self._flat_state(params)
            if flat.dtype.kind == "f" and self._apply_flat(flat, grads.flat, state, lr):
                self._fast = (params, grads, self._flat, flat, grads.flat, state)
                return
        rows = rows or {}
        for names, what in ((grads, "gradient"), (rows, "row list")):
            extra = [name for name in names if name not in params]
            if extra:
                raise ValueError(f"{what} for unknown parameter(s) {', '.join(map(repr, extra))}")
        missing = [name for name in rows if name not in grads]
        if missing:
            raise ValueError(f"rows given for parameter(s) without a gradient: {missing}")
        self._flat = None  # per-parameter steps may move the rows' counts apart
        for name, param in params.items():
            grad = grads.get(name)
            if isinstance(grad, RowGradient):
                grad.check(name, param)
                self._update_rows(name, param, grad, lr)
            elif grad is not None:
                self._update(name, param, np.asarray(grad), lr, rows.get(name))

    def _update(self, name: str, param: np.ndarray, grad: np.ndarray, lr: float,
                rows) -> None:
        _check_pair(name, param, grad)
        state = self.state.get(name)
        if state is None:
            state = self.state[name] = self._new_state(param)
        if rows is None:
            self._apply(param, grad, state, lr)
            return
        rows = unique_rows(rows, param, name)
        # Fancy indexing copies: update the chosen rows' copies, then write them back.
        part = param[rows]
        part_state = {key: array[rows] for key, array in state.items()}
        self._apply(part, grad[rows], part_state, lr)
        param[rows] = part
        for key, array in part_state.items():
            state[key][rows] = array

    def _update_rows(self, name: str, param: np.ndarray, grad: RowGradient, lr: float) -> None:
        """Update only the rows a RowGradient names, each once with its summed gradient."""
        rows, values = grad.summed()
        state = self.state.get(name)
        if state is None:
            state = self.state[name] = self._new_state(param)
        part = param[rows]
        part_state = {key: array[rows] for key, array in state.items()}
        self._apply(part, values, part_state, lr)
        param[rows] = part
        for key, array in part_state.items():
            state[key][rows] = array

    def _flat_state(self, params: FlatParams) -> State:
        """The state as flat buffers, each parameter's `state[name]` holding views into them;
        rebuilt (values kept) when a restore or a per-parameter step replaced those views."""
        cached = getattr(self, "_flat", None)
        if cached is not None and (cached[0] is params.layout or cached[0] == params.layout) \
                and self._holds_views(cached, whole=False):
            return cached[1]
        starts = {name: self._new_state(param) for name, param in params.items()}
        for name, fresh in starts.items():
            fresh.update(self.state.get(name, {}))
        flat: State = {}
        views: dict[str, State] = {name: {} for name in params}
        # The state shaped like the parameters (Adam's m and v) as rows of one block, so
        # that saving it before a step (and checking it after) is one call, not one a key.
        like = [key for key in self.state_names
                if all(np.shape(starts[name][key]) == np.shape(param)
                       for name, param in params.items())]
        block = np.empty((len(like), params.flat.size), dtype=params.flat.dtype)
        for key in self.state_names:
            into = block[like.index(key)] if key in like else None
            flat[key], parts = _flat_state_of(key, starts, params, into)
            for name, part in parts.items():
                views[name][key] = part
        for name in params:
            self.state[name] = views[name]
        if len(self.state) == len(views):
            _unchanged(self.state)
        wholes = ((block.reshape(-1),) if like else ()) + tuple(
            flat[key] for key in self.state_names if key not in like)
        # The block's rows by key, for an optimiser that updates them in one call each.
        self._block = (tuple(like), block) if like else None
        self._flat = (params.layout, flat, views, wholes)
        self._flat_fresh = True
        return flat

    def _apply_flat(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> bool:
        """Update the flat buffers; optimisers whose state is shaped like the parameters
        just apply their rule to the whole buffer."""
        self._apply(param, grad, state, lr)
        return True

    def _new_state(self, param: np.ndarray) -> State:
        return {key: np.zeros_like(param) for key in self.state_names}

    def _apply(self, param: np.ndarray, grad: np.ndarray, state: State, lr: float) -> None:
        """Update `param` and `state` in place (they may be just some rows)."""
        raise NotImplementedError

    def reset(self) -> None:
        """Forget all state, as if no step had been taken."""
        self.state.clear()

    def first_non_finite(self) -> tuple[str, str] | None:
        """(parameter, state key) of the first float state array holding NaN or ±inf, e.g.
        ("W1", "v") once Adam's second moment overflowed; None when all are finite."""
        flat = self.flat_state()
        if flat is not None:
            # The state is views into shared buffers: one check per buffer, every step.
            if all(np.isfinite(buffer).all() for buffer in flat[3] if buffer.dtype.kind == "f"):
                return None
        for name, state in self.state.items():
            for key, array in state.items():
                if array.dtype.kind == "f" and not np.isfinite(array).all():
                    return name, key
        return None

    def flat_state(self) -> FlatState | None:
        """(layout, buffers by state key, each parameter's views) while every parameter's
        state is views into one flat buffer per key (after a flat step), else None."""
        flat = getattr(self, "_flat", None)
        return flat if flat is not None and self._holds_views(flat) else None

    def _holds_views(self, flat: FlatState, whole: bool = True) -> bool:
        """Whether `state` holds the flat state's views (and, if `whole`, nothing else);
        at once when nothing was put in since they were."""
        state = self.state
        if not getattr(state, "changed", True):
            return True
        views = flat[2]
        return (not whole or len(views) == len(state)) and all(
            map(operator.is_, map(state.get, views), views.values()))

    def use_flat_state(self, flat: FlatState) -> None:
        """Make `flat` (from `flat_state`, its buffers maybe written back since) the state."""
        self.state.clear()
        self.state.update(flat[2])
        _unchanged(self.state)
        self._flat = flat
        self._flat_fresh = True  # an optimiser checking its buffers once looks again

    def snapshot(self) -> Snapshot:
        """A deep copy of the state, to go back to with `restore`."""
        return {name: {key: array.copy() for key, array in state.items()}
                for name, state in self.state.items()}

    def restore(self, snapshot: Snapshot) -> None:
        """Go back to a snapshot (a copy of it: the same snapshot can be restored again).

        `state` stays the same dict object; the arrays in it are new, so read them again.
        """
        for name, state in snapshot.items():
            if set(state) != set(self.state_names):
                raise ValueError(f"snapshot for {name!r} holds {sorted(state)}, "
                                 f"but {self.name} keeps {sorted(self.state_names)}")
        self.state.clear()
        self.state.update((name, {key: np.array(array, copy=True) for key, array in state.items()})
                          for name, state in snapshot.items())


def _unchanged(state: dict) -> None:
    """Note that `state` now holds just the flat state's views."""
    if isinstance(state, StateDict):
        state.changed = False


def _flat_state_of(key: str, starts: Mapping[str, State], params: FlatParams,
                   into: np.ndarray | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One state array over all parameters and each parameter's view into it. State
    shaped like its parameter is laid out as the parameters are (so one update of the
    buffers is the update of each), in `into`; other state (Adam's step counts) is
    concatenated."""
    if into is not None:
        buffer = FlatParams.view(into, params.layout)
        for name in params:
            buffer[name][...] = starts[name][key]
        return buffer.flat, dict(buffer)
    flat = np.concatenate([np.ravel(starts[name][key]) for name in params])
    parts, start = {}, 0
    for name in params:
        shape = np.shape(starts[name][key])
        size = math.prod(shape)
        parts[name] = flat[start:start + size].reshape(shape)
        start += size
    return flat, parts


def _check_pair(name: str, param: np.ndarray, grad: np.ndarray) -> None:
    # In place needs a real float array; a Python float or an int array cannot take the step.
    if not (isinstance(param, np.ndarray) and param.dtype.kind == "f"):
        raise ValueError(f"parameter {name!r} must be a float NumPy array to be updated in place")
    if grad.shape != param.shape:
        raise ValueError(f"the gradient of {name!r} has shape {grad.shape}, "
                         f"the parameter has {param.shape}")
