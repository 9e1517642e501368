"""Preallocated float buffers carved from a few large blocks."""

from __future__ import annotations

import math

import numpy as np

_ALIGN = 8  # elements: every buffer starts on a 64-byte boundary for float64


class Arena:
    """Hands out zeroed contiguous arrays of one dtype, views into shared blocks."""

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
