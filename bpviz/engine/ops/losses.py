"""Losses of the lectures: softmax cross-entropy and the max-margin (hinge) objective."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import Op


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    shifted = scores - scores.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


class SoftmaxCrossEntropy(Op):
    """−log softmax(f)_y, averaged over rows;  ∂J/∂f = ŷ − t (one-hot t), divided by N.

    `f` is one score vector (C) with one target class, or a batch (N×C) with N targets.
    """

    name = "softmax_cross_entropy"
    symbols = ("f",)
    templates = ("∂J/∂{0} = ŷ − t",)

    def __init__(self, targets) -> None:
        self.targets = np.asarray(targets, dtype=np.intp)

    def describe(self) -> str:
        return f"softmax_cross_entropy(y={self.targets.tolist()})"

    def _check(self, scores: np.ndarray) -> None:
        if scores.ndim not in (1, 2) or self.targets.ndim != scores.ndim - 1:
            raise ValueError("softmax cross-entropy needs scores (C) with one target "
                             "or scores (N×C) with N targets")
        if self.targets.size and (self.targets.min() < 0 or self.targets.max() >= scores.shape[-1]):
            raise ValueError(f"target classes must lie in 0..{scores.shape[-1] - 1}")

    def forward(self, scores):
        self._check(scores)
        batch = np.atleast_2d(scores)
        shifted = batch - batch.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(shifted).sum(axis=1))
        picked = shifted[np.arange(len(batch)), np.atleast_1d(self.targets)]
        return np.asarray(np.mean(log_norm - picked), dtype=scores.dtype)

    def vjp(self, index, upstream, inputs, output):
        scores = inputs[0]
        batch = np.atleast_2d(scores)
        delta = softmax(batch)
        delta[np.arange(len(batch)), np.atleast_1d(self.targets)] -= 1.0
        return (upstream * delta / len(batch)).reshape(scores.shape)


class MaxMargin(Op):
    """J = max(0, margin − s + s_c);  where J > 0: ∂J/∂s = −1, ∂J/∂s_c = +1; else both 0."""

    name = "max_margin"
    symbols = ("s", "s_c")

    def __init__(self, margin: float = 1.0) -> None:
        self.margin = float(margin)
        self.templates = ("∂J/∂{0} = −1 if J > 0 else 0", "∂J/∂{1} = +1 if J > 0 else 0")

    def describe(self) -> str:
        return "max_margin" if self.margin == 1.0 else f"max_margin(margin={self.margin:g})"

    def forward(self, s, s_c):
        return np.maximum(0.0, self.margin - s + s_c)

    def vjp(self, index, upstream, inputs, output):
        violated = output > 0
        return upstream * violated * (-1.0 if index == 0 else 1.0)

    def branches(self, s, s_c):
        return np.sign(self.margin - s + s_c)
