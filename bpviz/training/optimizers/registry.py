"""The optimisers by name, as a command line or a menu names them."""

from __future__ import annotations

from bpviz.training.choices import check_known, choose
from bpviz.training.optimizers.adagrad import Adagrad
from bpviz.training.optimizers.adam import Adam
from bpviz.training.optimizers.base import Optimizer
from bpviz.training.optimizers.momentum import Momentum
from bpviz.training.optimizers.rmsprop import RMSprop
from bpviz.training.optimizers.sgd import SGD

OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, Adagrad, RMSprop, Adam)
}


def make_optimizer(name: str, **settings: float) -> Optimizer:
    """A fresh optimiser called `name` (see OPTIMIZERS), e.g. make_optimizer("momentum", mu=0.5)."""
    cls = choose("optimiser", name, OPTIMIZERS)
    check_known(name, settings, cls.setting_names)
    return cls(**settings)
