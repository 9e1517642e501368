"""What every optimiser shares: in-place updates, lazy state, reset, snapshots, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.training.flat_params import FlatParams
from bpviz.training.optimizers import OPTIMIZERS, Adam, Momentum, make_optimizer

NAMES = sorted(OPTIMIZERS)


def problem(seed: int = 0):
    """Parameters like a window classifier's, and a gradient function of the step number."""
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(3, 4)), "b1": np.zeros(3), "L": rng.normal(size=(5, 2))}

    def grads(step: int):
        g = np.random.default_rng(1000 + step)
        return {name: g.normal(size=array.shape) for name, array in params.items()}
    return params, grads


def run(name: str, steps: int, seed: int = 0):
    params, grads = problem(seed)
    optimizer = make_optimizer(name)
    for step in range(steps):
        optimizer.step(params, grads(step), 0.05)
    return params, optimizer


@pytest.mark.parametrize("name", NAMES)
def test_updates_keep_every_arrays_identity(name):
    params, grads = problem()
    before = {key: id(array) for key, array in params.items()}
    copies = {key: array.copy() for key, array in params.items()}
    optimizer = make_optimizer(name)
    optimizer.step(params, grads(0), 0.1)
    assert {key: id(array) for key, array in params.items()} == before
    assert all(not np.array_equal(params[key], copies[key]) for key in params)


@pytest.mark.parametrize("name", NAMES)
def test_same_settings_give_identical_results(name):
    first, first_optimizer = run(name, 4)
    second, second_optimizer = run(name, 4)
    for key in first:
        np.testing.assert_array_equal(first[key], second[key])
    for key, state in first_optimizer.state.items():
        for part, array in state.items():
            np.testing.assert_array_equal(array, second_optimizer.state[key][part])


@pytest.mark.parametrize("name", NAMES)
def test_state_is_created_lazily_zero_and_per_parameter(name):
    optimizer = make_optimizer(name)
    assert optimizer.state == {}
    params = {"W": np.ones((2, 2)), "b": np.ones(2)}
    optimizer.step(params, {"W": np.zeros((2, 2))}, 0.1)
    assert list(optimizer.state) == ["W"]  # b had no gradient: no state, no change
    np.testing.assert_array_equal(params["b"], np.ones(2))
    assert set(optimizer.state["W"]) == set(optimizer.state_names)
    for part, array in optimizer.state["W"].items():
        if part != "t":  # a zero gradient still counts as a step
            np.testing.assert_array_equal(array, np.zeros((2, 2)))


@pytest.mark.parametrize("name", NAMES)
def test_snapshot_and_restore_go_back_exactly(name):
    params, grads = problem()
    optimizer = make_optimizer(name)
    optimizer.step(params, grads(0), 0.05)
    saved_params = {key: array.copy() for key, array in params.items()}
    saved = optimizer.snapshot()
    optimizer.step(params, grads(1), 0.05)
    after_two = {key: array.copy() for key, array in params.items()}

    for _ in range(2):  # restoring does not use up the snapshot
        for key, array in params.items():
            array[...] = saved_params[key]
        optimizer.restore(saved)
        optimizer.step(params, grads(1), 0.05)
        for key in params:
            np.testing.assert_array_equal(params[key], after_two[key])


@pytest.mark.parametrize("name", ["momentum", "adagrad", "rmsprop", "adam"])
def test_a_snapshot_is_a_deep_copy(name):
    params, grads = problem()
    optimizer = make_optimizer(name)
    optimizer.step(params, grads(0), 0.05)
    saved = optimizer.snapshot()
    copy = {key: {part: array.copy() for part, array in state.items()}
            for key, state in saved.items()}
    optimizer.step(params, grads(1), 0.05)  # changes the state in place
    for key, state in saved.items():
        for part, array in state.items():
            np.testing.assert_array_equal(array, copy[key][part])
            assert array is not optimizer.state[key][part]


def test_restore_forgets_state_made_after_the_snapshot_and_keeps_the_dict():
    momentum = Momentum()
    state = momentum.state
    momentum.step({"W": np.ones(2)}, {"W": np.ones(2)}, 0.1)
    saved = momentum.snapshot()
    momentum.step({"W": np.ones(2), "U": np.ones(2)}, {"W": np.ones(2), "U": np.ones(2)}, 0.1)
    momentum.restore(saved)
    assert momentum.state is state
    assert list(momentum.state) == ["W"]
    np.testing.assert_allclose(momentum.state["W"]["velocity"], [-0.1, -0.1])


def test_restoring_another_optimisers_snapshot_is_refused():
    momentum = Momentum()
    momentum.step({"W": np.ones(2)}, {"W": np.ones(2)}, 0.1)
    with pytest.raises(ValueError, match="snapshot for 'W' holds"):
        Adam().restore(momentum.snapshot())


@pytest.mark.parametrize("name", NAMES)
def test_reset_forgets_everything(name):
    params, grads = problem()
    fresh_params, _ = problem()
    optimizer = make_optimizer(name)
    optimizer.step(params, grads(0), 0.05)
    optimizer.reset()
    assert optimizer.state == {}
    # After a reset the next step is a first step again.
    for key, array in params.items():
        array[...] = fresh_params[key]
    optimizer.step(params, grads(0), 0.05)
    fresh = make_optimizer(name)
    fresh.step(fresh_params, grads(0), 0.05)
    for key in params:
        np.testing.assert_array_equal(params[key], fresh_params[key])


@pytest.mark.parametrize("params, grads, lr, message", [
    ({"W": np.ones(2)}, {"V": np.ones(2)}, 0.1, "gradient for unknown parameter"),
    ({"W": np.ones(2)}, {"W": np.ones(3)}, 0.1, "has shape"),
    ({"W": np.ones(2, dtype=int)}, {"W": np.ones(2)}, 0.1, "float NumPy array"),
    ({"W": [1.0, 2.0]}, {"W": np.ones(2)}, 0.1, "float NumPy array"),
    ({"W": np.ones(2)}, {"W": np.ones(2)}, -0.1, "learning rate"),
    ({"W": np.ones(2)}, {"W": np.ones(2)}, float("nan"), "learning rate"),
])
def test_bad_steps_are_refused(params, grads, lr, message):
    with pytest.raises(ValueError, match=message):
        make_optimizer("sgd").step(params, grads, lr)


def test_formulas_and_state_names_are_there_to_show():
    for cls in OPTIMIZERS.values():
        assert "θ" in cls.formula
    assert Momentum.state_names == ("velocity",)
    assert repr(Momentum(mu=0.5)) == "Momentum(mu=0.5)"


@pytest.mark.parametrize("flat", [False, True], ids=["per parameter", "flat buffers"])
@pytest.mark.parametrize("name, key", [("momentum", "velocity"), ("adagrad", "cache"),
                                       ("rmsprop", "cache"), ("adam", "v")])
def test_state_that_overflowed_is_found_by_parameter_and_key(name, key, flat):
    # A gradient of 1e200 keeps the update finite for the scaling optimisers (g/√g²),
    # but its square, the state they keep, is infinite.
    arrays = {"W": np.ones((2, 3)), "b": np.zeros(2)}
    params = FlatParams.from_arrays(arrays) if flat else arrays
    ones = {name: np.ones_like(array) for name, array in arrays.items()}
    grads = FlatParams.from_arrays(ones) if flat else ones
    optimizer = make_optimizer(name)
    optimizer.step(params, grads, 0.01)
    assert optimizer.first_non_finite() is None
    grads["b"][...] = [1.0, 1e200 if name != "momentum" else np.inf]
    with np.errstate(over="ignore", invalid="ignore"):
        optimizer.step(params, grads, 0.01)
    assert optimizer.first_non_finite() == ("b", key)


def test_sgd_has_no_state_to_overflow():
    optimizer = make_optimizer("sgd")
    optimizer.step({"W": np.ones(2)}, {"W": np.ones(2)}, 0.1)
    assert optimizer.first_non_finite() is None


@pytest.mark.parametrize("name", ["adam", "momentum", "rmsprop", "adagrad"])
def test_a_flat_state_notices_an_entry_put_in_without_comparing_each_step(name):
    arrays, grads = problem()
    params = FlatParams.from_arrays(arrays)
    optimizer = make_optimizer(name)
    for step in range(2):
        optimizer.step(params, FlatParams.from_arrays(grads(step)), 0.05)
    # The flat step left the state as just its views, and says so without looking again.
    assert optimizer.state.changed is False and optimizer.flat_state() is not None
    optimizer.state["W1"] = {key: array.copy() for key, array in optimizer.state["W1"].items()}
    assert optimizer.state.changed and optimizer.flat_state() is None
    kept = {key: array.copy() for key, array in optimizer.state["W1"].items()}
    optimizer.step(params, FlatParams.from_arrays(grads(2)), 0.05)  # flat again, values kept
    assert optimizer.flat_state() is not None and optimizer.state.changed is False
    for key, array in kept.items():
        assert not np.array_equal(optimizer.state["W1"][key], array) or key == "t"


def test_adam_counts_its_flat_steps_on_from_a_restored_count():
    arrays, grads = problem()
    params = FlatParams.from_arrays(arrays)
    optimizer = make_optimizer("adam")
    optimizer.step(params, FlatParams.from_arrays(grads(0)), 0.05)
    saved = optimizer.snapshot()
    for step in range(1, 4):
        optimizer.step(params, FlatParams.from_arrays(grads(step)), 0.05)
    assert all((state["t"] == 4).all() for state in optimizer.state.values())
    optimizer.restore(saved)
    optimizer.step(params, FlatParams.from_arrays(grads(1)), 0.05)
    assert all((state["t"] == 2).all() for state in optimizer.state.values())
