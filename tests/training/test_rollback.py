"""The state before a step: kept in reused flat buffers, put back into the same arrays."""

import numpy as np

from bpviz.training.flat_params import FlatParams
from bpviz.training.optimizers import make_optimizer
from bpviz.training.rollback import Rollback


def _stepped():
    rng = np.random.default_rng(0)
    params = FlatParams.from_arrays({"W": rng.normal(size=(3, 2)), "b": rng.normal(size=3)},
                                    fold=[("W", "b")])
    optimizer = make_optimizer("adam")
    grads = FlatParams.view(rng.normal(size=params.flat.size), params.layout)
    optimizer.step(params, grads, 0.1)  # the first flat step makes the state flat buffers
    return params, optimizer, grads


def test_restore_puts_parameters_and_state_back_into_the_same_arrays():
    params, optimizer, grads = _stepped()
    rollback = Rollback()
    rollback.save(params, optimizer)
    before = params.flat.copy(), {key: a.copy() for key, a in optimizer.state["W"].items()}
    weight, m = params["W"], optimizer.state["W"]["m"]
    optimizer.step(params, grads, 0.1)
    rollback.restore(params, optimizer)
    assert params["W"] is weight and optimizer.state["W"]["m"] is m
    np.testing.assert_array_equal(params.flat, before[0])
    for key, array in before[1].items():
        np.testing.assert_array_equal(optimizer.state["W"][key], array)


def test_save_reuses_its_buffers_from_step_to_step():
    params, optimizer, grads = _stepped()
    rollback = Rollback()
    rollback.save(params, optimizer)
    kept = [id(array) for array in rollback._kept]
    optimizer.step(params, grads, 0.1)
    rollback.save(params, optimizer)
    assert [id(array) for array in rollback._kept] == kept
    np.testing.assert_array_equal(rollback._kept[0], params.flat)


def test_finite_sees_a_nan_in_the_optimisers_state():
    params, optimizer, _ = _stepped()
    rollback = Rollback()
    rollback.save(params, optimizer)
    assert rollback.finite()
    optimizer.state["b"]["v"][1] = np.nan
    assert not rollback.finite()


def test_state_that_is_not_flat_is_saved_as_copies():
    params = {"w": np.array([1.0, 2.0])}
    optimizer = make_optimizer("momentum")
    optimizer.step(params, {"w": np.array([1.0, 1.0])}, 0.1)
    rollback = Rollback()
    rollback.save(params, optimizer)
    velocity = optimizer.state["w"]["velocity"].copy()
    optimizer.step(params, {"w": np.array([5.0, 5.0])}, 0.1)
    assert not rollback.finite()  # no fast check: the caller looks array by array
    rollback.restore(params, optimizer)
    np.testing.assert_array_equal(params["w"], [0.9, 1.9])
    np.testing.assert_array_equal(optimizer.state["w"]["velocity"], velocity)


def test_adams_m_and_v_are_saved_as_one_block():
    params, optimizer, _ = _stepped()
    rollback = Rollback()
    rollback.save(params, optimizer)
    # The parameters, [m | v] and the step counts (one per row of W and of b): three copies.
    assert [array.size for array in rollback._kept] == [params.flat.size,
                                                        2 * params.flat.size, 6]
