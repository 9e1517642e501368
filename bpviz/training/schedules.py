"""Learning-rate schedules: the rate to use in each epoch (epochs count from 0)."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from numbers import Integral
from typing import ClassVar

from bpviz.training.choices import check_known, choose, require


def _check_rate(lr: float) -> None:
    require("lr", lr, math.isfinite(lr) and lr >= 0.0, "a finite number ≥ 0")


def _check_epoch(epoch: int) -> None:
    if epoch < 0:
        raise ValueError(f"epochs count from 0, not {epoch}")


@dataclass(frozen=True)
class Constant:
    """lr(epoch) = lr."""

    lr: float
    formula: ClassVar[str] = "lr"

    def __post_init__(self) -> None:
        _check_rate(self.lr)

    def lr_at(self, epoch: int) -> float:
        _check_epoch(epoch)
        return float(self.lr)


@dataclass(frozen=True)
class StepDecay:
    """lr(epoch) = lr · factor^⌊epoch / every⌋: the lecture's "halve every k epochs"."""

    lr: float
    factor: float = 0.5
    every: int = 5
    formula: ClassVar[str] = "lr · factor^⌊epoch / every⌋"

    def __post_init__(self) -> None:
        _check_rate(self.lr)
        require("factor", self.factor, 0.0 < self.factor <= 1.0, "in (0, 1]")
        require("every", self.every, isinstance(self.every, Integral) and self.every >= 1,
                "a whole number of epochs ≥ 1")

    def lr_at(self, epoch: int) -> float:
        _check_epoch(epoch)
        return float(self.lr * self.factor ** (epoch // self.every))


@dataclass(frozen=True)
class ExponentialDecay:
    """lr(epoch) = lr · rate^epoch: a little smaller every epoch."""

    lr: float
    rate: float = 0.9
    formula: ClassVar[str] = "lr · rate^epoch"

    def __post_init__(self) -> None:
        _check_rate(self.lr)
        require("rate", self.rate, 0.0 < self.rate <= 1.0, "in (0, 1]")

    def lr_at(self, epoch: int) -> float:
        _check_epoch(epoch)
        return float(self.lr * self.rate ** epoch)


Schedule = Constant | StepDecay | ExponentialDecay

SCHEDULES: dict[str, type[Schedule]] = {
    "constant": Constant,
    "step": StepDecay,
    "exponential": ExponentialDecay,
}


def schedule_settings(name: str) -> tuple[str, ...]:
    """The settings the schedule called `name` takes besides lr, e.g. ("factor", "every")."""
    return tuple(field.name for field in fields(choose("schedule", name, SCHEDULES))
                 if field.name != "lr")


def make_schedule(name: str, lr: float, **settings: float) -> Schedule:
    """The schedule called `name` (see SCHEDULES), e.g. make_schedule("step", 0.1, every=3)."""
    check_known(f"the {name} schedule", settings, schedule_settings(name))
    return SCHEDULES[name](lr, **settings)
