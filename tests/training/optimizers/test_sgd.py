"""SGD: θ −= lr·g, by hand on θ = [1, −2], g₁ = [0.5, −1], g₂ = [0.25, 2], lr = 0.1."""

from __future__ import annotations

import numpy as np

from bpviz.training.optimizers import SGD


def test_two_steps_by_hand(two_steps):
    after_one, after_two = two_steps(SGD())
    # 1 − 0.1·0.5 = 0.95;   −2 − 0.1·(−1) = −1.9
    np.testing.assert_allclose(after_one, [0.95, -1.9], rtol=1e-12)
    # 0.95 − 0.1·0.25 = 0.925;   −1.9 − 0.1·2 = −2.1
    np.testing.assert_allclose(after_two, [0.925, -2.1], rtol=1e-12)


def test_sgd_keeps_no_state():
    sgd = SGD()
    sgd.step({"w": np.ones(2)}, {"w": np.ones(2)}, 0.1)
    assert sgd.state == {"w": {}}
    assert sgd.settings() == {}
