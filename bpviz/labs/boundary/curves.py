"""A panel's training history: losses and accuracies, one entry per evaluation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FIELDS = ("steps", "epochs", "train_loss", "train_accuracy", "test_loss", "test_accuracy")


@dataclass(frozen=True)
class Curve:
    """One panel's history as arrays of equal length; `epochs` are fractional. A test
    set with no points gives NaN losses and accuracies."""

    steps: np.ndarray
    epochs: np.ndarray
    train_loss: np.ndarray
    train_accuracy: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray


@dataclass(frozen=True)
class CurveState:
    """A CurveRecorder's whole state (a copy): its table's `capacity`, the `rows` kept (one
    per evaluation, FIELDS), the `stride` it keeps one in, the evaluations `seen` since the
    last clear and the `latest` one if it was not kept."""

    capacity: int
    rows: np.ndarray
    stride: int
    seen: int
    latest: tuple[float, ...] | None


class CurveRecorder:
    """Records evaluations and hands out a frozen Curve of them, in bounded memory.

    Up to `capacity` rows are kept. When the table is full every other row is dropped
    and from then on only every second evaluation is kept (then every fourth, …), so
    an hour of training costs what a minute does and the curve still spans it all.
    The latest evaluation is always in the curve, kept or not.
    """

    def __init__(self, capacity: int = 512) -> None:
        if capacity < 2 or capacity % 2:
            raise ValueError("the capacity must be an even number of at least 2 rows")
        self._table = np.empty((capacity, len(FIELDS)))
        self._kept = 0       # rows of the table in use
        self._stride = 1     # keep one evaluation in this many
        self._seen = 0       # evaluations since the last clear
        self._latest: tuple[float, ...] | None = None  # the newest one if it was not kept
        self._curve: Curve | None = None  # handed out until the next append

    def __len__(self) -> int:
        """How many evaluations the curve shows."""
        return self._kept + (self._latest is not None)

    def append(self, steps: int, epochs: float, train: tuple[float, float],
               test: tuple[float, float]) -> None:
        """Record where training stands: (loss, accuracy) on the training and the test set."""
        row = (steps, epochs, *train, *test)
        self._curve = None
        if self._seen % self._stride:
            self._latest = row
        else:
            if self._kept == len(self._table):
                self._thin()
            self._table[self._kept] = row
            self._kept += 1
            self._latest = None
        self._seen += 1

    def _thin(self) -> None:
        """Keep every other row, and from now on every other evaluation of those kept."""
        half = self._table[::2].copy()
        self._table[:len(half)] = half
        self._kept = len(half)
        self._stride *= 2

    def snapshot(self) -> CurveState:
        """A copy of the history, for a session file."""
        return CurveState(len(self._table), self._table[:self._kept].copy(), self._stride,
                          self._seen, self._latest)

    @classmethod
    def restored(cls, state: CurveState) -> CurveRecorder:
        """A recorder that goes on exactly as the one `state` was taken from would have;
        ValueError if `state` cannot be one's."""
        recorder = cls(state.capacity)
        if state.rows.ndim != 2 or state.rows.shape[1] != len(FIELDS) \
                or len(state.rows) > state.capacity:
            raise ValueError(f"at most {state.capacity} rows of {len(FIELDS)} numbers expected")
        if state.stride < 1 or state.stride & (state.stride - 1) or state.seen < 0:
            raise ValueError("the stride must be a power of two and the evaluations seen ≥ 0")
        if state.latest is not None and len(state.latest) != len(FIELDS):
            raise ValueError(f"the latest evaluation must have {len(FIELDS)} numbers")
        recorder._table[:len(state.rows)] = state.rows
        recorder._kept, recorder._stride = len(state.rows), state.stride
        recorder._seen, recorder._latest = state.seen, state.latest
        return recorder

    def clear(self) -> None:
        """Forget the history (after a reset)."""
        self._kept, self._stride, self._seen = 0, 1, 0
        self._latest, self._curve = None, None

    def curve(self) -> Curve:
        """The history so far, as read-only arrays (steps int64, the rest float64)."""
        if self._curve is None:
            table = self._table[:self._kept]
            if self._latest is not None:
                table = np.vstack([table, self._latest])
            columns = {name: table[:, k].copy() for k, name in enumerate(FIELDS)}
            columns["steps"] = columns["steps"].astype(np.int64)
            for column in columns.values():
                column.setflags(write=False)
            self._curve = Curve(**columns)
        return self._curve
