"""Optimisers: SGD, momentum, Adagrad, RMSprop and Adam, updating parameters in place.

Each has `step(params, grads, lr, rows=None)`, inspectable `state`, `reset()`, and
`snapshot()` / `restore(snapshot)` for going back after training diverges.
"""

from bpviz.training.optimizers.adagrad import Adagrad
from bpviz.training.optimizers.adam import Adam
from bpviz.training.optimizers.base import Optimizer, Snapshot, State
from bpviz.training.optimizers.momentum import Momentum
from bpviz.training.optimizers.registry import OPTIMIZERS, make_optimizer
from bpviz.training.optimizers.rmsprop import RMSprop
from bpviz.training.optimizers.sgd import SGD

__all__ = [
    "OPTIMIZERS", "SGD", "Adagrad", "Adam", "Momentum", "Optimizer", "RMSprop", "Snapshot",
    "State", "make_optimizer",
]
