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
        self._with_ones: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def alloc(self, shape: tuple[int, ...], order: str = "C", ones_column: bool = False
              ) -> np.ndarray:
        """A new zeroed buffer of `shape`, contiguous in C order or, with "F", column-major.

        With `ones_column` (an N×c matrix in "F" order) a column of ones lies right after
        the buffer's last column: `with_ones` then gives [buffer | 1], for folding a bias
        into a product.
        """
        if ones_column:
            rows, columns = shape
            full = self._cells(rows * (columns + 1)).reshape(columns + 1, rows).T
            full[:, columns] = 1.0
            buffer = full[:, :columns]
            self._with_ones[id(buffer)] = (buffer, full)
            return buffer
        cells = self._cells(math.prod(shape))
        return cells.reshape(shape) if order == "C" else cells.reshape(shape[::-1]).T

    def with_ones(self, buffer: np.ndarray) -> np.ndarray | None:
        """[buffer | 1] for a buffer allocated with a ones column, else None."""
        entry = self._with_ones.get(id(buffer))
        return entry[1] if entry is not None and entry[0] is buffer else None

    def _cells(self, size: int) -> np.ndarray:
        padded = -(-max(size, 1) // _ALIGN) * _ALIGN
        if not self._blocks or self._used[-1] + padded > len(self._blocks[-1]):
            self._blocks.append(np.zeros(max(padded, self._block_size), dtype=self.dtype))
            self._used.append(0)
        start = self._used[-1]
        self._used[-1] = start + padded
        return self._blocks[-1][start:start + size]
