"""A panel's training history: losses and accuracies, one entry per evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class CurveRecorder:
    """Appends evaluations and hands out a frozen Curve of them."""

    rows: list[tuple[float, ...]] = field(default_factory=list)

    def append(self, steps: int, epochs: float, train: tuple[float, float],
               test: tuple[float, float]) -> None:
        """Record where training stands: (loss, accuracy) on the training and the test set."""
        self.rows.append((steps, epochs, *train, *test))

    def clear(self) -> None:
        """Forget the history (after a reset)."""
        self.rows.clear()

    def curve(self) -> Curve:
        """The history so far, as read-only arrays (steps int64, the rest float64)."""
        table = np.array(self.rows, dtype=np.float64).reshape(-1, len(FIELDS))
        columns = {name: table[:, k].copy() for k, name in enumerate(FIELDS)}
        columns["steps"] = columns["steps"].astype(np.int64)
        for column in columns.values():
            column.setflags(write=False)
        return Curve(**columns)
