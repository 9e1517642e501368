"""The W3 workload by hand: a 3-input, 4-ReLU-unit neuron net on Python floats, forward
and backward written out (what a compiler could at best produce)."""

from __future__ import annotations


def forward_backward(x: list[float], W: list[list[float]], b: list[float], v: list[float],
                     target: float) -> tuple[float, list[float]]:
    """L = (Σ_j v_j relu(W_j·x + b_j) − target)²; L and ∂L/∂ every input, in the order
    x, W (row by row), b, v."""
    z = [W[j][0] * x[0] + W[j][1] * x[1] + W[j][2] * x[2] + b[j] for j in range(4)]
    h = [zj if zj > 0.0 else 0.0 for zj in z]
    d = v[0] * h[0] + v[1] * h[1] + v[2] * h[2] + v[3] * h[3] - target
    loss = d * d
    dy = 2.0 * d
    dv = [dy * hj for hj in h]
    dz = [dy * v[j] if z[j] > 0.0 else 0.0 for j in range(4)]
    dx = [sum(dz[j] * W[j][i] for j in range(4)) for i in range(3)]
    dW = [dz[j] * x[i] for j in range(4) for i in range(3)]
    return loss, dx + dW + dz + dv
