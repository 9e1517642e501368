"""Optimisers by name, with clear errors for unknown names and bad settings."""

from __future__ import annotations

import pytest

from bpviz.errors import BpvizError
from bpviz.training.optimizers import (
    OPTIMIZERS, SGD, Adagrad, Adam, Momentum, RMSprop, make_optimizer,
)


def test_the_five_optimisers_by_name():
    assert OPTIMIZERS == {"sgd": SGD, "momentum": Momentum, "adagrad": Adagrad,
                          "rmsprop": RMSprop, "adam": Adam}
    for name, cls in OPTIMIZERS.items():
        assert type(make_optimizer(name)) is cls
        assert cls.name == name


def test_settings_reach_the_optimiser():
    assert make_optimizer("momentum", mu=0.5).mu == 0.5
    assert make_optimizer("adam", beta2=0.99).settings() == {"beta1": 0.9, "beta2": 0.99,
                                                             "eps": 1e-8}
    assert make_optimizer("rmsprop").settings() == {"rho": 0.9, "eps": 1e-8}


def test_an_unknown_name_lists_the_choices():
    with pytest.raises(ValueError) as caught:
        make_optimizer("adamw")
    assert str(caught.value) == ("unknown optimiser 'adamw'; choose one of "
                                 "'sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'")
    assert isinstance(caught.value, BpvizError)


@pytest.mark.parametrize("name, settings, message", [
    ("sgd", {"mu": 0.9}, "sgd does not take mu; it takes no settings"),
    ("momentum", {"beta1": 0.9}, "momentum does not take beta1; it takes mu"),
    ("momentum", {"mu": 1.0}, r"mu must be in \[0, 1\), not 1.0"),
    ("adam", {"beta1": -0.1}, "beta1 must be in"),
    ("adam", {"eps": 0.0}, "eps must be > 0"),
    ("rmsprop", {"rho": 1.5}, "rho must be in"),
    ("adagrad", {"eps": -1.0}, "eps must be > 0"),
])
def test_bad_settings_say_what_is_wrong(name, settings, message):
    with pytest.raises(BpvizError, match=message) as caught:
        make_optimizer(name, **settings)
    assert isinstance(caught.value, ValueError)
