"""The W1 workloads by hand: an MLP with every parameter in one flat buffer, each layer's
bias folded into its weight matrix ([W | b] times [h; 1]), activations stored with the
batch as the long, contiguous axis, every output preallocated, and Adam on the buffer."""

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
        self.blocks, self.grad_blocks = self._carve(self.theta, shapes), self._carve(self.grad, shapes)
        for layer, block in enumerate(self.blocks, start=1):
            weight, bias = _names(len(shapes), layer)
            block[:, :-1] = params[weight]
            block[:, -1] = params[bias]
        # Activation l is (units + 1) × batch; its last row stays 1 (the folded bias).
        self.acts = [np.ones((n + 1, batch), self.dtype) for n in sizes[:-1]]
        self.scores = np.empty((sizes[-1], batch), self.dtype)
        self.deltas = [np.empty((n, batch), self.dtype) for n in sizes[1:]]
        self.slope = [np.empty((n, batch), self.dtype) for n in sizes[1:-1]]
        self.row = np.empty(batch, self.dtype)
        self.columns = np.arange(batch)
        self.targets = np.zeros(batch, dtype=np.intp)
        self.m, self.v = np.zeros_like(self.theta), np.zeros_like(self.theta)
        self.scratch = np.empty_like(self.theta)
        self.t = 0

    @staticmethod
    def _carve(flat: np.ndarray, shapes) -> list[np.ndarray]:
        blocks, start = [], 0
        for rows, cols in shapes:
            blocks.append(flat[start:start + rows * cols].reshape(rows, cols))
            start += rows * cols
        return blocks

    def set_batch(self, X: np.ndarray, y: np.ndarray) -> None:
        """Copy a batch in: X (batch × inputs), y (batch)."""
        self.acts[0][:-1] = X.T
        self.targets[...] = y

    def probabilities(self) -> np.ndarray:
        """Forward pass; softmax of the scores, classes × batch, in `self.scores`."""
        acts, blocks = self.acts, self.blocks
        for layer in range(len(blocks) - 1):
            hidden = acts[layer + 1][:-1]
            np.matmul(blocks[layer], acts[layer], out=hidden)
            np.tanh(hidden, out=hidden)
        scores, row = self.scores, self.row
        np.matmul(blocks[-1], acts[-1], out=scores)
        np.maximum(scores[0], scores[1], out=row)
        for k in range(2, len(scores)):
            np.maximum(row, scores[k], out=row)
        np.subtract(scores, row, out=scores)
        np.exp(scores, out=scores)
        np.copyto(row, scores[0])
        for k in range(1, len(scores)):
            np.add(row, scores[k], out=row)
        np.divide(scores, row, out=scores)
        return scores

    def gradients(self) -> float:
        """Forward and backward; the mean loss, the gradient in `self.grad`."""
        probabilities = self.probabilities()
        picked = probabilities[self.targets, self.columns]
        loss = -float(np.log(picked).mean())
        delta = self.deltas[-1]
        np.copyto(delta, probabilities)
        delta[self.targets, self.columns] -= 1.0
        delta *= 1.0 / self.batch
        for layer in range(len(self.blocks) - 1, -1, -1):
            np.matmul(delta, self.acts[layer].T, out=self.grad_blocks[layer])
            if layer == 0:
                break
            below, hidden = self.deltas[layer - 1], self.acts[layer][:-1]
            np.matmul(self.blocks[layer][:, :-1].T, delta, out=below)
            slope = self.slope[layer - 1]
            np.multiply(hidden, hidden, out=slope)
            np.subtract(1.0, slope, out=slope)
            np.multiply(below, slope, out=below)
            delta = below
        return loss

    def adam(self, lr: float, beta1: float = 0.9, beta2: float = 0.999,
             eps: float = 1e-8) -> None:
        """One Adam update of the whole buffer."""
        self.t += 1
        grad, m, v, scratch = self.grad, self.m, self.v, self.scratch
        m *= beta1
        np.multiply(grad, 1.0 - beta1, out=scratch)
        m += scratch
        v *= beta2
        np.multiply(grad, grad, out=scratch)
        scratch *= 1.0 - beta2
        v += scratch
        np.divide(v, 1.0 - beta2 ** self.t, out=scratch)
        np.sqrt(scratch, out=scratch)
        scratch += eps
        np.divide(m, scratch, out=scratch)
        scratch *= lr / (1.0 - beta1 ** self.t)
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


def _names(layers: int, layer: int) -> tuple[str, str]:
    return ("W", "b") if layers == 1 else (f"W{layer}", f"b{layer}")
