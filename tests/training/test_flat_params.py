"""Flat parameters: one buffer behind named views, and optimiser steps over it that are
bit for bit the per-parameter ones."""

import numpy as np
import pytest

from bpviz.training.flat_params import FlatParams
from bpviz.training.optimizers import OPTIMIZERS, make_optimizer


def arrays(seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(size=(4, 2)), "b1": rng.normal(size=4), "W2": rng.normal(size=(3, 4))}


def test_views_share_one_buffer_in_order():
    params = FlatParams.from_arrays(arrays())
    assert params.flat.shape == (8 + 4 + 12,)
    params["b1"][0] = 42.0
    assert params.flat[8] == 42.0
    assert params.intact()
    params["b1"] = np.zeros(4)  # replaced, not updated in place: no longer flat
    assert not params.intact()


@pytest.mark.parametrize("change", [
    lambda p: p.update(b1=np.zeros(4)), lambda p: p.__ior__({"b1": np.zeros(4)}),
    lambda p: p.pop("b1"), lambda p: p.popitem(), lambda p: p.clear(),
    lambda p: p.__delitem__("W1"), lambda p: p.setdefault("extra", np.zeros(1))])
def test_every_way_of_changing_the_entries_is_noticed(change):
    params = FlatParams.from_arrays(arrays())
    change(params)
    assert not params.intact()


def test_putting_the_same_view_back_keeps_it_intact():
    params = FlatParams.from_arrays(arrays())
    params["W1"] = params["W1"]
    assert params.intact()


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_a_flat_step_is_the_per_parameter_step_bit_for_bit(name):
    flat, plain = FlatParams.from_arrays(arrays()), arrays()
    flat_optimizer, plain_optimizer = make_optimizer(name), make_optimizer(name)
    rng = np.random.default_rng(1)
    for _ in range(4):
        grads = {key: rng.normal(size=value.shape) for key, value in plain.items()}
        flat_optimizer.step(flat, FlatParams.from_arrays(grads), 0.05)
        plain_optimizer.step(plain, grads, 0.05)
    for key in plain:
        np.testing.assert_array_equal(flat[key], plain[key])
        for state_key, value in plain_optimizer.state[key].items():
            np.testing.assert_array_equal(flat_optimizer.state[key][state_key], value)


def test_restore_and_row_steps_keep_the_flat_path_right():
    flat, plain = FlatParams.from_arrays(arrays()), arrays()
    flat_adam, plain_adam = make_optimizer("adam"), make_optimizer("adam")
    rng = np.random.default_rng(2)
    grads = {key: rng.normal(size=value.shape) for key, value in plain.items()}
    for optimizer, params in ((flat_adam, flat), (plain_adam, plain)):
        optimizer.step(params, FlatParams.from_arrays(grads) if params is flat else grads, 0.1)
        state = optimizer.snapshot()
        optimizer.step(params, grads, 0.1, rows={"W2": [0]})  # rows step apart
        optimizer.restore(state)
        optimizer.step(params, FlatParams.from_arrays(grads) if params is flat else grads, 0.1)
    for key in plain:
        np.testing.assert_array_equal(flat[key], plain[key])


FOLD = [("W1", "b1")]


def test_a_folded_weight_and_bias_are_the_columns_of_one_block():
    params = FlatParams.from_arrays(arrays(), fold=FOLD)
    block = params.flat[:4 * 3].reshape(4, 3)
    np.testing.assert_array_equal(block[:, :2], arrays()["W1"])
    np.testing.assert_array_equal(block[:, 2], arrays()["b1"])
    params["b1"][1] = 7.0
    assert block[1, 2] == 7.0 and params.intact()
    np.testing.assert_array_equal(params.flat[12:], arrays()["W2"].ravel())


def test_a_bias_that_does_not_fit_its_weight_is_not_folded():
    with pytest.raises(ValueError, match="cannot fold W2"):
        FlatParams.from_arrays(arrays(), fold=[("W1", "W2")])


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_a_folded_flat_step_is_the_per_parameter_step_bit_for_bit(name):
    flat, plain = FlatParams.from_arrays(arrays(), fold=FOLD), arrays()
    flat_optimizer, plain_optimizer = make_optimizer(name), make_optimizer(name)
    rng = np.random.default_rng(3)
    for _ in range(4):
        grads = {key: rng.normal(size=value.shape) for key, value in plain.items()}
        flat_optimizer.step(flat, FlatParams.from_arrays(grads, fold=FOLD), 0.05)
        plain_optimizer.step(plain, grads, 0.05)
    for key in plain:
        np.testing.assert_array_equal(flat[key], plain[key])
        for state_key, value in plain_optimizer.state[key].items():
            np.testing.assert_array_equal(flat_optimizer.state[key][state_key], value)
