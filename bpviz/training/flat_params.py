"""Parameters as named views into one contiguous buffer, so a step can update them all at once.

A FlatParams is an ordinary dict of name → array (in-place updates keep each array's
identity, as everywhere in bpviz); `flat` is the buffer behind all of them, in order.
If an entry is replaced by another array, `intact()` says so and callers use the dict.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Mapping

import numpy as np

Layout = tuple[tuple[str, tuple[int, ...]], ...]


def layout_of(arrays: Mapping[str, np.ndarray]) -> Layout:
    """Each name with its shape, in order."""
    return tuple((name, tuple(np.shape(array))) for name, array in arrays.items())


class FlatParams(dict):
    """name → view into `flat`; `layout` lists (name, shape) in buffer order."""

    flat: np.ndarray
    layout: Layout

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], dtype=np.float64) -> FlatParams:
        """A new buffer holding copies of `arrays`, in their order."""
        layout = layout_of(arrays)
        flat = np.empty(sum(math.prod(shape) for _, shape in layout), dtype=dtype)
        params = cls.view(flat, layout)
        for name, array in arrays.items():
            params[name][...] = array
        return params

    @classmethod
    def view(cls, flat: np.ndarray, layout: Layout) -> FlatParams:
        """Named views into an existing 1-D buffer laid out as `layout`."""
        params = cls((name, flat[span] if shape is None else flat[span].reshape(shape))
                     for name, span, shape in _spans(layout))
        params.flat, params.layout = flat, layout
        params._views = tuple(dict.values(params))
        return params

    def intact(self) -> bool:
        """Whether every entry is still the view into `flat` it started as."""
        views = self._views
        # A replaced entry keeps its place in the dict, so comparing in order finds it.
        return len(self) == len(views) and all(map(operator.is_, dict.values(self), views))

    def copy_flat(self) -> FlatParams:
        """A deep copy: a new buffer, the same layout."""
        return FlatParams.view(self.flat.copy(), self.layout)


@functools.lru_cache(maxsize=64)
def _spans(layout: Layout) -> tuple[tuple[str, slice, tuple[int, ...] | None], ...]:
    """Each entry's slice of the buffer, and its shape where a reshape is needed."""
    spans, start = [], 0
    for name, shape in layout:
        stop = start + math.prod(shape)
        spans.append((name, slice(start, stop), None if len(shape) == 1 else shape))
        start = stop
    return tuple(spans)


def flat_pair(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> bool:
    """Whether parameters and gradients are both intact flat buffers of the same layout."""
    return (isinstance(params, FlatParams) and isinstance(grads, FlatParams)
            and (params.layout is grads.layout or params.layout == grads.layout)
            and params.intact() and grads.intact())
