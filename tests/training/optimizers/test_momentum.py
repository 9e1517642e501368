"""Momentum: v = μv − lr·g; θ += v, by hand on θ = [1, −2], two gradients."""

from __future__ import annotations

import numpy as np

from bpviz.training.optimizers import Momentum


def test_two_steps_by_hand(two_steps):
    momentum = Momentum()  # μ = 0.9
    after_one, after_two = two_steps(momentum)
    # v₁ = −0.1·g₁ = [−0.05, 0.1];   θ₁ = [0.95, −1.9]
    np.testing.assert_allclose(after_one, [0.95, -1.9], rtol=1e-12)
    # v₂ = 0.9·v₁ − 0.1·g₂ = [−0.045 − 0.025, 0.09 − 0.2] = [−0.07, −0.11]
    np.testing.assert_allclose(momentum.state["theta"]["velocity"], [-0.07, -0.11], rtol=1e-12)
    # θ₂ = θ₁ + v₂ = [0.88, −2.01]
    np.testing.assert_allclose(after_two, [0.88, -2.01], rtol=1e-12)


def test_mu_is_used(two_steps):
    after_one, after_two = two_steps(Momentum(mu=0.5))
    # v₂ = 0.5·[−0.05, 0.1] − 0.1·[0.25, 2] = [−0.05, −0.15];  θ₂ = [0.9, −2.05]
    np.testing.assert_allclose(after_two, [0.9, -2.05], rtol=1e-12)


def test_velocity_keeps_moving_with_a_zero_gradient():
    momentum = Momentum(mu=0.5)
    theta = np.array([0.0])
    momentum.step({"w": theta}, {"w": np.array([1.0])}, 1.0)   # v = −1, θ = −1
    momentum.step({"w": theta}, {"w": np.array([0.0])}, 1.0)   # v = −0.5, θ = −1.5
    np.testing.assert_allclose(theta, [-1.5], rtol=1e-12)
    np.testing.assert_allclose(momentum.state["w"]["velocity"], [-0.5], rtol=1e-12)


def test_velocity_starts_at_zero_with_the_parameters_shape():
    momentum = Momentum()
    momentum.step({"W": np.ones((2, 3))}, {"W": np.zeros((2, 3))}, 0.1)
    velocity = momentum.state["W"]["velocity"]
    assert velocity.shape == (2, 3) and velocity.dtype == np.float64
    np.testing.assert_array_equal(velocity, np.zeros((2, 3)))
