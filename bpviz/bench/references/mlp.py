"""The W1 workloads by hand, as few NumPy calls as the step allows (at a batch of 10 each
call costs about a microsecond whatever its size, so the count is the speed).

How: every parameter in one flat buffer, each layer's bias folded into its weight
matrix ([W | b] times [h; 1], the ones row written once); activations stored with the
batch as the long, contiguous axis; every view (rows, transposes, the flat cells) cut
once at set-up, never in the step; products by `np.dot` into C-contiguous buffers (half
the fixed cost of `np.matmul` on small matrices); the targets as a one-hot matrix made
once per batch, so the softmax gradient is one subtraction and the picked scores one
dot product (no fancy indexing, no `.mean()`); the softmax's maximum and sum over the
classes taken pairwise, row by row (a reduction along the short axis costs more than
a ufunc per class); every result written in place with `out=`; Adam on the flat buffer
with its moments kept pre-scaled, m/(1−β₁) and v/(1−β₂), which saves two calls.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


class FusedMLP:
    """tanh MLP, softmax cross-entropy, Adam; `sizes` = (inputs, hidden…, classes)."""

    def __init__(self, sizes: tuple[int, ...], params: Mapping[str, np.ndarray],
                 batch: int, dtype=np.float64) -> None:
        self.sizes, self.batch, self.dtype = sizes, batch, np.dtype(dtype)
        shapes = [(n_out, n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self.theta = np.empty(sum(a * b for a, b in shapes), self.dtype)
        self.grad = np.empty_like(self.theta)
        self.blocks, self.grad_blocks = _carve(self.theta, shapes), _carve(self.grad, shapes)
        for layer, block in enumerate(self.blocks, start=1):
            weight, bias = _names(len(shapes), layer)
            block[:, :-1] = params[weight]
            block[:, -1] = params[bias]
        self.weights_t = [block[:, :-1].T for block in self.blocks]  # Wᵀ, views
        # Activation l is (units + 1) × batch; its last row stays 1 (the folded bias).
        self.acts = [np.ones((n + 1, batch), self.dtype) for n in sizes[:-1]]
        self.acts_t = [act.T for act in self.acts]
        self.hidden = [act[:-1] for act in self.acts[1:]]
        classes = sizes[-1]
        self.scores = np.empty((classes, batch), self.dtype)
        self.exps = np.empty_like(self.scores)
        self.score_rows, self.exp_rows = list(self.scores), list(self.exps)
        self.flat_scores = self.scores.reshape(-1)
        self.deltas = [np.empty((n, batch), self.dtype) for n in sizes[1:]]
        self.slopes = [np.empty((n, batch), self.dtype) for n in sizes[1:-1]]
        self.row = np.empty(batch, self.dtype)      # the maximum, then the sum, per point
        self.logs = np.empty(batch, self.dtype)
        self.one_hot = np.zeros((classes, batch), self.dtype)
        self.flat_one_hot = self.one_hot.reshape(-1)
        self.one_hot_mean = np.zeros_like(self.one_hot)  # one-hot / batch
        # Adam: m/(1−β₁) and v/(1−β₂) (see `adam`), and one scratch buffer.
        self.m, self.v = np.zeros_like(self.theta), np.zeros_like(self.theta)
        self.scratch = np.empty_like(self.theta)
        self.t = 0

    def set_batch(self, X: np.ndarray, y: np.ndarray) -> None:
        """Copy a batch in: X (batch × inputs), y (batch)."""
        self.acts[0][:-1] = X.T
        self.one_hot.fill(0.0)
        self.one_hot[y, np.arange(self.batch)] = 1.0
        np.divide(self.one_hot, self.batch, out=self.one_hot_mean)

    def _forward(self) -> None:
        """Hidden layers and the scores, shifted by each point's maximum, and their exps."""
        dot, tanh = np.dot, np.tanh
        acts, blocks = self.acts, self.blocks
        for layer, hidden in enumerate(self.hidden):
            dot(blocks[layer], acts[layer], out=hidden)
            tanh(hidden, out=hidden)
        scores, rows, row = self.scores, self.score_rows, self.row
        dot(blocks[-1], acts[-1], out=scores)
        np.maximum(rows[0], rows[1], out=row)
        for k in range(2, len(rows)):
            np.maximum(row, rows[k], out=row)
        np.subtract(scores, row, out=scores)
        np.exp(scores, out=self.exps)
        exp_rows = self.exp_rows
        np.add(exp_rows[0], exp_rows[1], out=row)
        for k in range(2, len(exp_rows)):
            np.add(row, exp_rows[k], out=row)

    def probabilities(self) -> np.ndarray:
        """Forward pass; softmax of the scores, classes × batch, in `self.exps`."""
        self._forward()
        return np.divide(self.exps, self.row, out=self.exps)

    def gradients(self) -> float:
        """Forward and backward; the mean loss, the gradient in `self.grad`."""
        self._forward()
        batch, row, delta = self.batch, self.row, self.deltas[-1]
        # J = mean(log Σ e^s − s_y), s shifted; Σ_n s_y is one dot with the one-hot.
        np.log(row, out=self.logs)
        loss = (np.add.reduce(self.logs) - np.dot(self.flat_scores, self.flat_one_hot)) / batch
        np.multiply(row, batch, out=row)
        np.divide(self.exps, row, out=delta)          # softmax / batch
        np.subtract(delta, self.one_hot_mean, out=delta)
        dot, multiply = np.dot, np.multiply
        for layer in range(len(self.blocks) - 1, 0, -1):
            dot(delta, self.acts_t[layer], out=self.grad_blocks[layer])
            below, hidden, slope = self.deltas[layer - 1], self.hidden[layer - 1], self.slopes[layer - 1]
            dot(self.weights_t[layer], delta, out=below)
            multiply(hidden, hidden, out=slope)
            np.subtract(1.0, slope, out=slope)
            multiply(below, slope, out=below)
            delta = below
        dot(delta, self.acts_t[0], out=self.grad_blocks[0])
        return float(loss)

    def adam(self, lr: float, beta1: float = 0.9, beta2: float = 0.999,
             eps: float = 1e-8) -> None:
        """One Adam update of the whole buffer. With M = m/(1−β₁) and V = v/(1−β₂) kept
        instead of m and v, M ← β₁M + g and V ← β₂V + g², and the step
        lr·m̂/(√v̂ + ε) is k·M/(√V + ε') with k and ε' two numbers per step."""
        self.t += 1
        grad, m, v, scratch = self.grad, self.m, self.v, self.scratch
        m *= beta1
        m += grad
        v *= beta2
        np.multiply(grad, grad, out=scratch)
        v += scratch
        first, second = 1.0 - beta1 ** self.t, 1.0 - beta2 ** self.t
        root = ((1.0 - beta2) / second) ** 0.5  # √v̂ = root · √V
        np.sqrt(v, out=scratch)
        scratch += eps / root
        np.divide(m, scratch, out=scratch)
        scratch *= lr * (1.0 - beta1) / (first * root)
        self.theta -= scratch

    def step(self, lr: float) -> float:
        """One training step: gradients, then Adam."""
        loss = self.gradients()
        self.adam(lr)
        return loss

    def named_grads(self) -> dict[str, np.ndarray]:
        """The gradient in bpviz's names: W (out × in) and b per layer."""
        grads = {}
        for layer, block in enumerate(self.grad_blocks, start=1):
            weight, bias = _names(len(self.grad_blocks), layer)
            grads[weight], grads[bias] = block[:, :-1].copy(), block[:, -1].copy()
        return grads


def _carve(flat: np.ndarray, shapes) -> list[np.ndarray]:
    blocks, start = [], 0
    for rows, cols in shapes:
        blocks.append(flat[start:start + rows * cols].reshape(rows, cols))
        start += rows * cols
    return blocks


def _names(layers: int, layer: int) -> tuple[str, str]:
    return ("W", "b") if layers == 1 else (f"W{layer}", f"b{layer}")
