"""Minibatch training of a classifier on a train/test split, with a guard against divergence."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bpviz.engine import NonFiniteError
from bpviz.engine.plan.quiet import guard, restore, silence
from bpviz.training.choices import require
from bpviz.training.divergence import DivergenceError
from bpviz.training.optimizers import make_optimizer
from bpviz.training.rollback import Rollback
from bpviz.training.schedules import make_schedule


class Trainable(Protocol):
    """What the trainer needs of a model (the 2-D classifiers have it)."""

    params: dict[str, np.ndarray]

    def gradients(self, X: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]: ...

    def evaluate(self, X: np.ndarray, y: np.ndarray) -> tuple[float, float]: ...


@dataclass(frozen=True)
class TrainSettings:
    """Optimiser, learning rate and its schedule, minibatch size (0: the full batch)."""

    optimizer: str = "adam"
    lr: float = 0.03
    batch_size: int = 32
    schedule: str = "constant"
    schedule_settings: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        require("the batch size", self.batch_size, self.batch_size >= 0, "0 (full batch) or more")


@dataclass(frozen=True)
class EpochRecord:
    """Where training stood after an epoch: losses and accuracies on both sets."""

    epoch: int
    steps: int
    lr: float
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float


@dataclass(frozen=True)
class TrainerState:
    """Where a Trainer is in its data, beyond its model's parameters and its optimiser (both
    public): steps and epochs taken, the rest of this epoch's batch order, the latest batch
    and the generator that shuffles the next epoch (copies, for a session file)."""

    steps: int
    epoch: int
    order: np.ndarray
    last_batch: np.ndarray
    rng: np.random.Generator


class Trainer:
    """Steps a model through minibatches of (X_train, y_train) in a seeded random order."""

    def __init__(self, model: Trainable, train: tuple[np.ndarray, np.ndarray],
                 test: tuple[np.ndarray, np.ndarray], settings: TrainSettings,
                 rng: np.random.Generator) -> None:
        self.model = model
        self.train_set, self.test_set = train, test
        self.settings = settings
        self.rng = rng
        self.optimizer = make_optimizer(settings.optimizer)
        self.schedule = make_schedule(settings.schedule, settings.lr,
                                      **dict(settings.schedule_settings))
        self.epoch = 0
        self.steps = 0
        self._order = np.empty(0, dtype=np.intp)  # the rest of this epoch's shuffled indices
        self.last_batch = np.empty(0, dtype=np.intp)  # rows of the latest batch from the order
        self._rollback = Rollback()  # the state before the step being taken
        self._lr_at: tuple = (None, -1, 0.0)  # (schedule, epoch, its rate): asked every step

    def snapshot(self) -> TrainerState:
        """A copy of where the trainer is in its data (see TrainerState)."""
        return TrainerState(self.steps, self.epoch, self._order.copy(), self.last_batch.copy(),
                            copy.deepcopy(self.rng))

    def restore(self, state: TrainerState) -> None:
        """Go on as the trainer `state` was taken from would have (given its parameters and
        optimiser too). ValueError, and nothing changes, if the order or the latest batch
        names a row the training set does not have, or the order names one twice."""
        self.check(state)
        self.steps, self.epoch = state.steps, state.epoch
        self._order = state.order.astype(np.intp, copy=True)
        self.last_batch = state.last_batch.astype(np.intp, copy=True)
        self.rng.bit_generator.state = state.rng.bit_generator.state

    def check(self, state: TrainerState) -> None:
        """ValueError if `state` cannot be this trainer's (see `restore`)."""
        rows = len(self.train_set[0])
        for name, indices in (("order", state.order), ("latest batch", state.last_batch)):
            if indices.ndim != 1 or len(indices) > rows or (
                    len(indices) and (indices.min() < 0 or indices.max() >= rows)):
                raise ValueError(f"the {name} must name training rows from 0 to {rows - 1}")
        if len(np.unique(state.order)) != len(state.order):
            raise ValueError("the order names a training row twice")
        if state.steps < 0 or state.epoch < 0:
            raise ValueError("negative steps or epochs")

    @property
    def lr(self) -> float:
        """The learning rate this epoch, from the schedule."""
        return self._lr()

    def _lr(self) -> float:
        # A schedule is frozen: its rate for an epoch is worked out once, not every step.
        schedule, epoch, lr = self._lr_at
        if schedule is not self.schedule or epoch != self.epoch:
            lr = self.schedule.lr_at(self.epoch)
            self._lr_at = (self.schedule, self.epoch, lr)
        return lr

    def step(self, batch: np.ndarray | None = None) -> float:
        """One minibatch step; returns its loss. Starts a new epoch when the last one is used up.

        Given `batch` (row indices into the training set, e.g. another trainer's
        `last_batch`), trains on those rows and leaves this trainer's own order and epoch
        count alone: that is how two models share one batch order.
        """
        X, y = self.train_set
        if batch is not None:
            if type(X) is np.ndarray and type(y) is np.ndarray and X.ndim == 2 and y.ndim == 1:
                return self._guarded_update(X.take(batch, 0), y.take(batch))  # the lab's step
            return self._guarded_update(_rows(X, batch), _rows(y, batch))
        if self._order.size == 0:
            self._order = self.rng.permutation(len(self.train_set[0]))
        size = self.settings.batch_size or len(self._order)
        batch, self._order = self._order[:size], self._order[size:]
        self.last_batch = batch
        loss = self._guarded_update(_rows(X, batch), _rows(y, batch))
        if self._order.size == 0:
            self.epoch += 1
        return loss

    def set_settings(self, settings: TrainSettings) -> None:
        """Train with `settings` from the next step on, keeping the weights and the batch order.

        A new learning rate or schedule applies from this epoch, a new batch size from
        the next batch; a different optimiser starts with fresh state, the same one keeps it.
        """
        schedule = make_schedule(settings.schedule, settings.lr, **dict(settings.schedule_settings))
        if settings.optimizer != self.settings.optimizer:
            self.optimizer = make_optimizer(settings.optimizer)
        self.schedule, self.settings = schedule, settings

    def _guarded_update(self, X: np.ndarray, y: np.ndarray) -> float:
        """Take one step; when the loss, a gradient, a parameter or the optimiser's state
        holds NaN or ±inf, put parameters and optimiser state back and say where.

        A non-finite gradient always reaches the parameters or the optimiser's state, so
        those are checked after the step (a dot product per flat buffer) and the model's
        plans skip their own check (quiet.guard); only a step that failed is looked at
        closely, and its batch rerun unguarded to name the node that went non-finite."""
        step = self.steps + 1
        params, rollback, optimizer = self.model.params, self._rollback, self.optimizer
        rollback.save(params, optimizer)
        try:
            token = guard()  # overflow is looked for below and reported once, not warned of
            try:
                train_step = getattr(self.model, "train_step", None)
                if train_step is not None:  # gradients and the update in one go
                    loss = train_step(X, y, optimizer, self._lr())
                else:
                    loss = self._update(X, y, step)
                finite = rollback.finite()
            finally:
                restore(token)
            diverged = None if finite and math.isfinite(loss) else self._diverged(step, loss)
            looked_after = diverged is not None  # found after the step: which node, then?
        except NonFiniteError as error:
            diverged, looked_after = DivergenceError.from_engine(step, error), False
        except DivergenceError as error:
            diverged, looked_after = error, False
        if diverged is None:
            self.steps = step
            return loss
        rollback.restore(params, optimizer)
        if looked_after:
            diverged = self._named(step, X, y, diverged)
        raise diverged from None

    def _diverged(self, step: int, loss: float) -> DivergenceError | None:
        """What is not finite after a step whose quick check failed (None: nothing, a huge
        but finite buffer overflowed the check's sum)."""
        return (DivergenceError.from_loss(step, loss)
                or DivergenceError.from_arrays(step, self.model.params)
                or DivergenceError.from_optimizer(step, self.optimizer))

    def _named(self, step: int, X: np.ndarray, y: np.ndarray,
               diverged: DivergenceError) -> DivergenceError:
        """The first node whose value or gradient was not finite on this batch, found by the
        model's gradients run again unguarded from the restored parameters (the plan then
        reruns the generic engine, which names it); `diverged` where none is found."""
        if not hasattr(self.model, "train_step"):
            return diverged  # its gradients were checked before the update
        token = silence()
        try:
            self.model.gradients(X, y)
        except NonFiniteError as error:
            return DivergenceError.from_engine(step, error)
        finally:
            restore(token)
        return diverged

    def _update(self, X: np.ndarray, y: np.ndarray, step: int) -> float:
        """Gradients and the optimiser's step; in one go where the model offers it (its
        compiled plan checks every value and gradient, raising NonFiniteError)."""
        train_step = getattr(self.model, "train_step", None)
        if train_step is not None:
            return train_step(X, y, self.optimizer, self._lr())
        loss, grads = self.model.gradients(X, y)
        arrays = {name: grad for name, grad in grads.items() if isinstance(grad, np.ndarray)}
        diverged = DivergenceError.from_arrays(step, arrays, role="gradient of")
        if diverged is not None:
            raise diverged
        self.optimizer.step(self.model.params, grads, self.lr)
        return loss

    def run_epoch(self) -> EpochRecord:
        """Steps until the current epoch ends, then the record of where training stands."""
        epoch = self.epoch
        while self.epoch == epoch:
            self.step()
        return self.record()

    def record(self) -> EpochRecord:
        """Losses and accuracies now, on the training and the test set."""
        train_loss, train_accuracy = self.model.evaluate(*self.train_set)
        test_loss, test_accuracy = self.model.evaluate(*self.test_set)
        return EpochRecord(self.epoch, self.steps, self.lr, train_loss, train_accuracy,
                           test_loss, test_accuracy)


def _rows(X: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """X[rows], a new array; `take` costs less than fancy indexing on a table's rows (or
    a vector's entries)."""
    return X.take(rows, axis=0) if isinstance(X, np.ndarray) and X.ndim in (1, 2) else X[rows]
