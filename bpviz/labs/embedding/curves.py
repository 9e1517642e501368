"""A panel's loss after each step, in bounded memory."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LossCurve:
    """Steps and the loss of each (mean per pair or entry of that step's batch), read-only."""

    steps: np.ndarray
    losses: np.ndarray


@dataclass(frozen=True)
class RecorderState:
    """A LossRecorder's whole state (a copy): its table's `capacity`, the `rows` kept
    (step, loss), the `stride` it keeps one step in, the steps `seen`, the `latest` unkept."""

    capacity: int
    rows: np.ndarray
    stride: int
    seen: int
    latest: tuple[float, float] | None


class LossRecorder:
    """Keeps up to `capacity` points; when full, every other point is dropped and from then
    on only every second step is kept (then every fourth, …). The latest is always shown."""

    def __init__(self, capacity: int = 1024) -> None:
        if capacity < 2 or capacity % 2:
            raise ValueError("the capacity must be an even number of at least 2 points")
        self._table = np.empty((capacity, 2))
        self._kept = 0
        self._stride = 1
        self._seen = 0
        self._latest: tuple[float, float] | None = None

    def __len__(self) -> int:
        return self._kept + (self._latest is not None)

    def append(self, step: int, loss: float) -> None:
        """Record the loss of step `step`."""
        if self._seen % self._stride:
            self._latest = (step, loss)
        else:
            if self._kept == len(self._table):
                self._table[:len(self._table) // 2] = self._table[::2].copy()
                self._kept = len(self._table) // 2
                self._stride *= 2
            self._table[self._kept] = (step, loss)
            self._kept += 1
            self._latest = None
        self._seen += 1

    def snapshot(self) -> RecorderState:
        """A copy of everything recorded, for a session file."""
        return RecorderState(len(self._table), self._table[:self._kept].copy(), self._stride,
                             self._seen, self._latest)

    @classmethod
    def restored(cls, state: RecorderState) -> LossRecorder:
        """A recorder that goes on exactly as the one `state` was taken from would have."""
        recorder = cls(state.capacity)
        if state.rows.shape[1:] != (2,) or len(state.rows) > state.capacity:
            raise ValueError(f"at most {state.capacity} rows of (step, loss) expected")
        if state.stride < 1 or state.stride & (state.stride - 1) or state.seen < 0:
            raise ValueError("the stride must be a power of two and the steps seen ≥ 0")
        if state.latest is not None and len(state.latest) != 2:
            raise ValueError("the latest point must be (step, loss)")
        recorder._table[:len(state.rows)] = state.rows
        recorder._kept, recorder._stride = len(state.rows), state.stride
        recorder._seen, recorder._latest = state.seen, state.latest
        return recorder

    def curve(self) -> LossCurve:
        """The points so far (steps as int64)."""
        table = self._table[:self._kept]
        if self._latest is not None:
            table = np.vstack([table, self._latest])
        steps, losses = table[:, 0].astype(np.int64), table[:, 1].copy()
        steps.setflags(write=False)
        losses.setflags(write=False)
        return LossCurve(steps, losses)
