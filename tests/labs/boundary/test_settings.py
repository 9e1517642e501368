"""The lab's settings: the contract's defaults, and bad values refused where they are chosen."""

import math

import pytest

from bpviz.labs.boundary.settings import (
    ACTIVATION_NAMES, INIT_NAMES, KINDS, LOSS_NAMES, LR_LADDER, OPTIMIZER_NAMES, DataSpec,
    NetSpec, TrainSpec,
)
from bpviz.training.choices import SettingError, UnknownChoiceError


def test_defaults_are_the_contracts():
    assert DataSpec() == DataSpec("spiral", 300, None, 3, 0.5, 0)
    assert NetSpec() == NetSpec((8, 8), "tanh", "xavier")
    assert TrainSpec() == TrainSpec("softmax", "adam", 0.03, 0.0, 0.0, 10)


def test_the_choices_are_the_ones_the_issue_lists():
    assert KINDS == ("xor", "circles", "gauss", "spiral", "moons")
    assert LOSS_NAMES == ("softmax", "margin", "squared")
    assert set(OPTIMIZER_NAMES) == {"sgd", "momentum", "adagrad", "rmsprop", "adam"}
    assert {"xavier", "small"} <= set(INIT_NAMES)
    assert {"tanh", "relu", "sigmoid"} <= set(ACTIVATION_NAMES)


def test_the_learning_rate_ladder_runs_from_1e_5_to_10_in_steps_of_about_3():
    assert LR_LADDER[0] == 1e-5 and LR_LADDER[-1] == 10 and len(LR_LADDER) == 13
    ratios = [b / a for a, b in zip(LR_LADDER, LR_LADDER[1:])]
    assert all(2.99 < ratio < 3.34 for ratio in ratios)
    assert 0.03 in LR_LADDER  # the default is a stop


def test_hidden_sizes_become_a_tuple_of_ints():
    assert NetSpec(hidden=[4, 2]).hidden == (4, 2)
    assert NetSpec(hidden=()).hidden == ()


@pytest.mark.parametrize("kwargs", [
    {"hidden": (0,)}, {"hidden": (65,)}, {"hidden": (8,) * 7}, {"hidden": (2.5,)},
    {"hidden": (True,)},
])
def test_bad_architectures_are_refused(kwargs):
    with pytest.raises(SettingError):
        NetSpec(**kwargs)


@pytest.mark.parametrize("spec, kwargs", [
    (NetSpec, {"activation": "swish"}), (NetSpec, {"init": "he"}),
    (TrainSpec, {"loss": "hinge"}), (TrainSpec, {"optimizer": "lbfgs"}),
    (DataSpec, {"kind": "blobs"}),
])
def test_unknown_names_are_refused_with_the_choices(spec, kwargs):
    with pytest.raises(UnknownChoiceError):
        spec(**kwargs)


@pytest.mark.parametrize("kwargs", [
    {"lr": 0}, {"lr": -1}, {"lr": math.inf}, {"lr": math.nan}, {"lr": "0.1"},
    {"l1": -0.1}, {"l2": math.nan}, {"batch_size": -1}, {"batch_size": 2.0},
])
def test_bad_training_settings_are_refused(kwargs):
    with pytest.raises(SettingError):
        TrainSpec(**kwargs)


@pytest.mark.parametrize("kwargs", [
    {"points": 1}, {"points": 10_001}, {"noise": -0.1}, {"noise": math.nan}, {"noise": "a"},
    {"classes": 1}, {"classes": 6}, {"train_fraction": 0}, {"train_fraction": 1.5},
    {"seed": -1},
])
def test_bad_data_settings_are_refused(kwargs):
    with pytest.raises(SettingError):
        DataSpec(**kwargs)


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        TrainSpec().lr = 1.0
