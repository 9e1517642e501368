"""RMSprop: cache = ρ·cache + (1−ρ)·g²; θ −= lr·g/(√cache + ε), by hand (ρ = 0.9)."""

from __future__ import annotations

import math

import numpy as np

from bpviz.training.optimizers import RMSprop

EPS = 1e-8


def test_two_steps_by_hand(two_steps):
    rmsprop = RMSprop()
    after_one, after_two = two_steps(rmsprop)
    # cache₁ = 0.1·g₁² = [0.025, 0.1];  θ₁ = θ − 0.1·g₁/√cache₁
    #                                     ≈ [0.683772, −1.683772]
    expected_one = [1.0 - 0.1 * 0.5 / (math.sqrt(0.025) + EPS),
                    -2.0 + 0.1 * 1.0 / (math.sqrt(0.1) + EPS)]
    np.testing.assert_allclose(after_one, expected_one, rtol=1e-12)
    np.testing.assert_allclose(after_one, [0.683772, -1.683772], atol=1e-6)
    # cache₂ = 0.9·cache₁ + 0.1·g₂² = [0.0225 + 0.00625, 0.09 + 0.4] = [0.02875, 0.49]
    np.testing.assert_allclose(rmsprop.state["theta"]["cache"], [0.02875, 0.49], rtol=1e-12)
    # θ₂ = θ₁ − 0.1·g₂/√cache₂ ≈ [0.536330, −1.969487]
    expected_two = [expected_one[0] - 0.1 * 0.25 / (math.sqrt(0.02875) + EPS),
                    expected_one[1] - 0.1 * 2.0 / (0.7 + EPS)]
    np.testing.assert_allclose(after_two, expected_two, rtol=1e-12)
    np.testing.assert_allclose(after_two, [0.536330, -1.969487], atol=1e-6)


def test_rho_and_eps_are_used():
    theta = np.array([0.0])
    RMSprop(rho=0.75, eps=1.0).step({"w": theta}, {"w": np.array([4.0])}, 1.0)
    # cache = 0.25·16 = 4;  θ = −4/(2 + 1)
    np.testing.assert_allclose(theta, [-4.0 / 3.0], rtol=1e-12)
