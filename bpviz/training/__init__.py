"""Training, the parts no model depends on: initialisers, optimisers, learning-rate schedules,
regularisation penalties and divergence reports.

Pure NumPy and the standard library: no Qt. Parameters are an ordered dict of name →
float64 array, updated in place; every random draw comes from a Generator passed in.
"""

from bpviz.training.choices import SettingError, UnknownChoiceError
from bpviz.training.divergence import DivergenceError, first_non_finite
from bpviz.training.init import (
    INITIALIZERS, init_weight, small_random, xavier_normal, xavier_uniform, zeros,
)
from bpviz.training.optimizers import (
    OPTIMIZERS, SGD, Adagrad, Adam, Momentum, Optimizer, RMSprop, make_optimizer,
)
from bpviz.training.params import Params, copy_params, load_params
from bpviz.training.regularization import penalty, penalty_grads, regularized
from bpviz.training.schedules import (
    SCHEDULES, Constant, ExponentialDecay, Schedule, StepDecay, make_schedule,
    schedule_settings,
)

__all__ = [
    "INITIALIZERS", "OPTIMIZERS", "SCHEDULES", "SGD", "Adagrad", "Adam", "Constant",
    "DivergenceError", "ExponentialDecay", "Momentum", "Optimizer", "Params", "RMSprop",
    "Schedule", "SettingError", "StepDecay", "UnknownChoiceError", "copy_params",
    "first_non_finite", "init_weight", "load_params", "make_optimizer", "make_schedule",
    "penalty", "penalty_grads", "regularized", "schedule_settings", "small_random",
    "xavier_normal", "xavier_uniform", "zeros",
]
