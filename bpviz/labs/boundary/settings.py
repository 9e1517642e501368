"""The lab's settings: the data to generate, the neural net's shape, and how both panels train.

Frozen and checked on creation, so a bad value is refused where the user chose it
(a SettingError or UnknownChoiceError naming the setting) and never reaches training.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, replace

from bpviz.data.arguments import MAX_GENERATED_CLASSES, MIN_CLASSES
from bpviz.data.generators import GENERATORS
from bpviz.models.activations import ACTIVATIONS
from bpviz.models.objectives import LOSSES
from bpviz.training.choices import SettingError, choose, require
from bpviz.training.init import INITIALIZERS
from bpviz.training.optimizers import OPTIMIZERS

KINDS: tuple[str, ...] = tuple(GENERATORS)           # xor, circles, gauss, spiral, moons
ACTIVATION_NAMES: tuple[str, ...] = tuple(ACTIVATIONS)
INIT_NAMES: tuple[str, ...] = tuple(INITIALIZERS)
LOSS_NAMES: tuple[str, ...] = tuple(LOSSES)           # softmax, margin, squared
OPTIMIZER_NAMES: tuple[str, ...] = tuple(OPTIMIZERS)
MAX_UNITS, MAX_HIDDEN_LAYERS = 64, 6
MAX_LAB_POINTS = 10_000  # generated points: plenty for a picture, and training stays live
MAX_BATCH = 1_000  # the batch size box's largest minibatch
# A full-batch step costs the window time in proportion to the training points (on 500,000
# points one step held it 385 ms); past this many, the lab takes minibatches of MAX_BATCH.
FULL_BATCH_MAX = 20_000
# Roughly ×3 apart, as a learning-rate slider's stops.
LR_LADDER: tuple[float, ...] = (1e-5, 3e-5, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3,
                                1.0, 3.0, 10.0)


@dataclass(frozen=True)
class DataSpec:
    """A built-in generator's settings; `noise` None is the kind's default, `classes` is
    read by gauss and spiral only (2–5), `seed` seeds the generator."""

    kind: str = "spiral"
    points: int = 300
    noise: float | None = None
    classes: int = 3
    train_fraction: float = 0.5
    seed: int = 0

    def __post_init__(self) -> None:
        choose("data set", self.kind, GENERATORS)
        _require_whole("points", self.points, 2, MAX_LAB_POINTS)
        if self.noise is not None:
            _require_real("noise", self.noise, lambda v: 0 <= v < math.inf, "a finite number ≥ 0")
        _require_whole("classes", self.classes, MIN_CLASSES, MAX_GENERATED_CLASSES)
        _require_real("train_fraction", self.train_fraction, lambda v: 0 < v <= 1,
                      "more than 0 and at most 1")
        _require_whole("seed", self.seed, 0, 2**63 - 1)


@dataclass(frozen=True)
class NetSpec:
    """The neural net's hidden layer sizes (each 1–64, at most 6 layers, () allowed),
    its activation f and its initialisation; the softmax panel always has no hidden layer."""

    hidden: tuple[int, ...] = (8, 8)
    activation: str = "tanh"
    init: str = "xavier"

    def __post_init__(self) -> None:
        hidden = tuple(self.hidden)
        require("the number of hidden layers", len(hidden), len(hidden) <= MAX_HIDDEN_LAYERS,
                f"at most {MAX_HIDDEN_LAYERS}")
        for units in hidden:
            _require_whole("units per layer", units, 1, MAX_UNITS)
        object.__setattr__(self, "hidden", tuple(int(units) for units in hidden))
        choose("activation", self.activation, ACTIVATIONS)
        choose("initialiser", self.init, INITIALIZERS)


@dataclass(frozen=True)
class TrainSpec:
    """Loss, optimiser, learning rate, L1/L2 rates λ and batch size (0: the full batch),
    shared by both panels; a change applies from the next step."""

    loss: str = "softmax"
    optimizer: str = "adam"
    lr: float = 0.03
    l1: float = 0.0
    l2: float = 0.0
    batch_size: int = 10

    def __post_init__(self) -> None:
        choose("loss", self.loss, LOSSES)
        choose("optimiser", self.optimizer, OPTIMIZERS)
        _require_real("lr", self.lr, lambda v: 0 < v < math.inf, "a finite number > 0")
        for name in ("l1", "l2"):
            _require_real(name, getattr(self, name), lambda v: 0 <= v < math.inf,
                          "a finite number ≥ 0")
        _require_whole("batch_size", self.batch_size, 0, 10**9)


def _require_real(name: str, value: object, ok: Callable[[float], bool], rule: str) -> None:
    is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    require(name, value, is_number and ok(value), rule)  # NaN fails `ok`, as any comparison


def _require_whole(name: str, value: object, low: int, high: int) -> None:
    is_whole = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    require(name, value, is_whole and low <= value <= high, f"a whole number from {low} to {high}")


def fitted_train(train: TrainSpec, train_points: int) -> TrainSpec:
    """`train` as the lab runs it on `train_points` training points: a full batch past
    FULL_BATCH_MAX becomes minibatches of MAX_BATCH (one step would freeze the window)."""
    if train.batch_size == 0 and train_points > FULL_BATCH_MAX:
        return replace(train, batch_size=MAX_BATCH)
    return train


def check_full_batch(train: TrainSpec, train_points: int) -> None:
    """Refuse a full batch on more than FULL_BATCH_MAX training points, saying why."""
    if fitted_train(train, train_points) != train:
        raise SettingError(
            f"batch size: a full batch is at most {FULL_BATCH_MAX:,} training points and "
            f"these data have {train_points:,}; choose a batch of 1 to {MAX_BATCH:,}")


def minibatch_notice(train_points: int, batch: int) -> str:
    """What the lab says when new data turned a full batch into minibatches of `batch`."""
    return (f"These data have {train_points:,} training points: a full batch is at most "
            f"{FULL_BATCH_MAX:,}, so both models now train on minibatches of {batch:,}.")
