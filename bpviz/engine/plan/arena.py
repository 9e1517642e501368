"""Preallocated float buffers carved from a few large blocks, so one sum checks them all."""

from __future__ import annotations

import math

import numpy as np

_ALIGN = 8  # elements: every buffer starts on a 64-byte boundary for float64


class Arena:
    """Hands out zeroed C-contiguous arrays of one dtype, views into shared blocks.

    `all_finite()` sums each block once: a NaN or ±inf anywhere makes that sum
    non-finite, which is far cheaper than checking every buffer on its own.
    """

    def __init__(self, dtype: np.dtype, block_size: int = 1 << 16) -> None:
        self.dtype = np.dtype(dtype)
        self._block_size = block_size
        self._blocks: list[np.ndarray] = []
        self._used: list[int] = []

    def alloc(self, shape: tuple[int, ...], order: str = "C") -> np.ndarray:
        """A new zeroed buffer of `shape`, contiguous in C order or, with "F", column-major."""
        size = math.prod(shape)
        padded = -(-max(size, 1) // _ALIGN) * _ALIGN
        if not self._blocks or self._used[-1] + padded > len(self._blocks[-1]):
            self._blocks.append(np.zeros(max(padded, self._block_size), dtype=self.dtype))
            self._used.append(0)
        start = self._used[-1]
        self._used[-1] = start + padded
        cells = self._blocks[-1][start:start + size]
        return cells.reshape(shape) if order == "C" else cells.reshape(shape[::-1]).T

    def regions(self) -> list[np.ndarray]:
        """The used part of every block (what `all_finite` sums)."""
        return [block[:used] for block, used in zip(self._blocks, self._used)]

    def finite_check(self):
        """A function telling whether every buffer holds only finite numbers (an overflowing
        sum of finite numbers also says no: the caller then checks the slow way)."""
        regions = self.regions()
        add, isfinite = np.add.reduce, math.isfinite
        if len(regions) == 1:
            region = regions[0]
            return lambda: isfinite(add(region))
        return lambda: all(isfinite(add(region)) for region in regions)
