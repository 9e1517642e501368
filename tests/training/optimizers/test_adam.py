"""Adam with bias correction, by hand on θ = [1, −2], g₁ = [0.5, −1], g₂ = [0.25, 2]."""

from __future__ import annotations

import math

import numpy as np

from bpviz.training.optimizers import Adam

EPS = 1e-8


def test_two_steps_by_hand(two_steps):
    adam = Adam()  # β₁ = 0.9, β₂ = 0.999
    after_one, after_two = two_steps(adam)
    # t = 1: m̂ = g₁, v̂ = g₁², so each element moves by lr against g's sign: ≈ [0.9, −1.9]
    np.testing.assert_allclose(after_one, [1.0 - 0.1 * 0.5 / (0.5 + EPS),
                                           -2.0 + 0.1 * 1.0 / (1.0 + EPS)], rtol=1e-12)
    # m₂ = 0.9·[0.05, −0.1] + 0.1·[0.25, 2] = [0.07, 0.11]
    # v₂ = 0.999·[0.00025, 0.001] + 0.001·[0.0625, 4] = [0.00031225, 0.004999]
    state = adam.state["theta"]
    np.testing.assert_allclose(state["m"], [0.07, 0.11], rtol=1e-12)
    np.testing.assert_allclose(state["v"], [0.00031225, 0.004999], rtol=1e-12)
    np.testing.assert_array_equal(state["t"], [2, 2])
    # m̂₂ = m₂/(1 − 0.9²) = m₂/0.19;  v̂₂ = v₂/(1 − 0.999²) = v₂/0.001999
    expected = [after_one[i] - 0.1 * (m / 0.19) / (math.sqrt(v / 0.001999) + EPS)
                for i, (m, v) in enumerate([(0.07, 0.00031225), (0.11, 0.004999)])]
    np.testing.assert_allclose(after_two, expected, rtol=1e-12)
    np.testing.assert_allclose(after_two, [0.806782, -1.936610], atol=1e-6)


def test_bias_correction_makes_the_first_step_lr_whatever_the_gradients_size():
    # With m̂ = m/(1 − β₁), v̂ = v/(1 − β₂) the first step is lr·sign(g) (up to ε),
    # whatever the gradient's size; uncorrected it would be 0.1·g/(√0.001·|g|) ≈ 3.16·lr.
    for g in (1e-3, 1.0, 1e3):
        theta = np.array([0.0])
        Adam(eps=1e-12).step({"w": theta}, {"w": np.array([g])}, 0.01)
        np.testing.assert_allclose(theta, [-0.01], rtol=1e-6)


def test_settings_are_used():
    theta = np.array([0.0])
    adam = Adam(beta1=0.5, beta2=0.75, eps=1.0)
    adam.step({"w": theta}, {"w": np.array([2.0])}, 1.0)
    # m = 1, v = 1;  m̂ = 1/0.5 = 2, v̂ = 1/0.25 = 4;  θ = −2/(2 + 1)
    np.testing.assert_allclose(theta, [-2.0 / 3.0], rtol=1e-12)
    assert adam.settings() == {"beta1": 0.5, "beta2": 0.75, "eps": 1.0}


def test_step_counts_are_one_per_row():
    adam = Adam()
    adam.step({"L": np.zeros((3, 2)), "u": np.zeros(4), "s": np.array(0.0)},
              {"L": np.ones((3, 2)), "u": np.ones(4), "s": np.array(1.0)}, 0.1)
    assert adam.state["L"]["t"].shape == (3,)
    assert adam.state["u"]["t"].shape == (4,)
    assert adam.state["s"]["t"].shape == ()
    assert adam.state["L"]["t"].dtype.kind == "i"
    np.testing.assert_array_equal(adam.state["L"]["t"], [1, 1, 1])


def test_flat_steps_equal_per_parameter_steps_bit_for_bit():
    # The flat path updates m and v as two rows of one block, in fewer calls; the numbers
    # must be those of the per-parameter update, exactly.
    from bpviz.training.flat_params import FlatParams

    rng = np.random.default_rng(3)
    arrays = {"W": rng.normal(size=(4, 3)), "b": rng.normal(size=4), "u": rng.normal(size=5)}
    flat = FlatParams.from_arrays(arrays, fold=[("W", "b")])
    plain = {name: array.copy() for name, array in arrays.items()}
    flat_adam, plain_adam = Adam(), Adam()
    for step in range(5):
        grads = {name: rng.normal(size=array.shape) * 10.0 ** step
                 for name, array in arrays.items()}
        flat_grads = FlatParams.from_arrays(grads, fold=[("W", "b")])
        flat_adam.step(flat, flat_grads, 0.01)
        plain_adam.step(plain, grads, 0.01)
    assert flat_adam._block_kept is not None  # the block path ran
    for name in arrays:
        np.testing.assert_array_equal(flat[name], plain[name])
        for key in ("m", "v", "t"):
            np.testing.assert_array_equal(flat_adam.state[name][key], plain_adam.state[name][key])
