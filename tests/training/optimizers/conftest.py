"""The tiny problem every optimiser's hand-computed test uses: θ = [1, −2], two gradients."""

from __future__ import annotations

import numpy as np
import pytest

THETA = (1.0, -2.0)
G1 = (0.5, -1.0)
G2 = (0.25, 2.0)
LR = 0.1


@pytest.fixture
def two_steps():
    """Run two steps of `optimizer` on θ; return θ after each and the (same) θ array."""
    def run(optimizer):
        theta = np.array(THETA)
        params = {"theta": theta}
        optimizer.step(params, {"theta": np.array(G1)}, LR)
        after_one = theta.copy()
        optimizer.step(params, {"theta": np.array(G2)}, LR)
        assert params["theta"] is theta  # updated in place
        return after_one, theta
    return run
