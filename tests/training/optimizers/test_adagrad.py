"""Adagrad: cache += g²; θ −= lr·g/(√cache + ε), by hand on θ = [1, −2], two gradients."""

from __future__ import annotations

import math

import numpy as np

from bpviz.training.optimizers import Adagrad

EPS = 1e-8


def test_two_steps_by_hand(two_steps):
    adagrad = Adagrad()
    after_one, after_two = two_steps(adagrad)
    # cache₁ = [0.25, 1];  θ₁ = [1 − 0.1·0.5/0.5, −2 + 0.1·1/1] ≈ [0.9, −1.9]
    np.testing.assert_allclose(after_one, [1.0 - 0.1 * 0.5 / (0.5 + EPS),
                                           -2.0 + 0.1 * 1.0 / (1.0 + EPS)], rtol=1e-12)
    # cache₂ = [0.25 + 0.0625, 1 + 4] = [0.3125, 5]
    np.testing.assert_allclose(adagrad.state["theta"]["cache"], [0.3125, 5.0], rtol=1e-12)
    # θ₂ = θ₁ − 0.1·g₂/√cache₂ ≈ [0.9 − 0.044721, −1.9 − 0.089443]
    #                           = [0.855279, −1.989443]
    np.testing.assert_allclose(after_two, [after_one[0] - 0.1 * 0.25 / (math.sqrt(0.3125) + EPS),
                                           after_one[1] - 0.1 * 2.0 / (math.sqrt(5.0) + EPS)],
                               rtol=1e-12)
    np.testing.assert_allclose(after_two, [0.855279, -1.989443], atol=1e-6)


def test_eps_is_added_after_the_square_root():
    theta = np.array([0.0])
    Adagrad(eps=1.0).step({"w": theta}, {"w": np.array([3.0])}, 1.0)
    # 3 / (√9 + 1) = 0.75, not 3/√(9 + 1)
    np.testing.assert_allclose(theta, [-0.75], rtol=1e-12)
