"""Parameters as named views into one contiguous buffer, so a step can update them all at once.

A FlatParams is an ordinary dict of name → array (in-place updates keep each array's
identity, as everywhere in bpviz); `flat` is the buffer behind all of them, in order.
A weight and its bias may be stored folded, as one block [W | b] with b its last column,
so that a compiled plan multiplies by both at once. If an entry is replaced by another
array, `intact()` says so and callers use the dict.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Mapping, Sequence

import numpy as np

Shape = tuple[int, ...]
# One array (name, shape), or a weight (m×n) and its bias (m) stored as [W | b] (m×(n+1)).
Block = tuple[tuple[str, Shape], ...]
Layout = tuple[Block, ...]


def layout_of(arrays: Mapping[str, np.ndarray], fold: Sequence[tuple[str, str]] = ()) -> Layout:
    """Each name with its shape, in order; each (weight, bias) pair of `fold` as one block."""
    bias_of = dict(fold)
    folded = set(bias_of.values())
    blocks = []
    for name, array in arrays.items():
        if name in folded:
            continue
        entry = (name, tuple(np.shape(array)))
        if name in bias_of:
            bias = bias_of[name]
            blocks.append(_folded_block(entry, (bias, tuple(np.shape(arrays[bias])))))
        else:
            blocks.append((entry,))
    return tuple(blocks)


def _folded_block(weight: tuple[str, Shape], bias: tuple[str, Shape]) -> Block:
    if len(weight[1]) != 2 or bias[1] != weight[1][:1]:
        raise ValueError(f"cannot fold {bias[0]} {bias[1]} into {weight[0]} {weight[1]}: "
                         "the bias needs one entry per row of the weight")
    return (weight, bias)


def layout_size(layout: Layout) -> int:
    """How many numbers a buffer of this layout holds."""
    return sum(math.prod(shape) for block in layout for _, shape in block)


class FlatParams(dict):
    """name → view into `flat`; `layout` lists the blocks of (name, shape) in buffer order."""

    flat: np.ndarray
    layout: Layout
    # Set by anything that may put another array in: until then every entry is sure to be
    # its view, and `intact()` need not look at each (a training step asks it every time).
    _changed = False

    def __setitem__(self, key, value) -> None:
        self._changed = True
        super().__setitem__(key, value)

    def __delitem__(self, key) -> None:
        self._changed = True
        super().__delitem__(key)

    def __ior__(self, other):
        self._changed = True
        return super().__ior__(other)

    def update(self, *args, **kwargs) -> None:
        self._changed = True
        super().update(*args, **kwargs)

    def setdefault(self, key, default=None):
        self._changed = True
        return super().setdefault(key, default)

    def pop(self, *args):
        self._changed = True
        return super().pop(*args)

    def popitem(self):
        self._changed = True
        return super().popitem()

    def clear(self) -> None:
        self._changed = True
        super().clear()

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], dtype=np.float64,
                    fold: Sequence[tuple[str, str]] = ()) -> FlatParams:
        """A new buffer holding copies of `arrays`, in their order (`fold` as in layout_of)."""
        layout = layout_of(arrays, fold)
        params = cls.view(np.empty(layout_size(layout), dtype=dtype), layout)
        for name, array in arrays.items():
            params[name][...] = array
        return params

    @classmethod
    def view(cls, flat: np.ndarray, layout: Layout) -> FlatParams:
        """Named views into an existing 1-D buffer laid out as `layout`."""
        params = cls((name, cut(flat)) for name, cut in _cutters(layout))
        params.flat, params.layout = flat, layout
        params._views = tuple(dict.values(params))
        return params

    def intact(self) -> bool:
        """Whether every entry is still the view into `flat` it started as."""
        if not self._changed:
            return True
        views = self._views
        # A replaced entry keeps its place in the dict, so comparing in order finds it.
        return len(self) == len(views) and all(map(operator.is_, dict.values(self), views))

    def copy_flat(self) -> FlatParams:
        """A deep copy: a new buffer, the same layout."""
        return FlatParams.view(self.flat.copy(), self.layout)


@functools.lru_cache(maxsize=64)
def _cutters(layout: Layout) -> tuple[tuple[str, object], ...]:
    """Each entry's name and a function cutting its view out of the buffer."""
    cutters, start = [], 0
    for block in layout:
        if len(block) == 1:
            ((name, shape),) = block
            stop = start + math.prod(shape)
            cutters.append((name, _span(slice(start, stop), shape)))
        else:
            (weight, (rows, columns)), (bias, _) = block
            stop = start + rows * (columns + 1)
            cutters.append((weight, _column_run(slice(start, stop), rows, columns, slice(0, columns))))
            cutters.append((bias, _column_run(slice(start, stop), rows, columns, columns)))
        start = stop
    return tuple(cutters)


def _span(span: slice, shape: Shape):
    if len(shape) == 1:
        return lambda flat: flat[span]
    return lambda flat: flat[span].reshape(shape)


def _column_run(span: slice, rows: int, columns: int, which):
    return lambda flat: flat[span].reshape(rows, columns + 1)[:, which]


def flat_pair(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> bool:
    """Whether parameters and gradients are both intact flat buffers of the same layout."""
    return (isinstance(params, FlatParams) and isinstance(grads, FlatParams)
            and (params.layout is grads.layout or params.layout == grads.layout)
            and params.intact() and grads.intact())
