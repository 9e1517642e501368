"""Losses of the lectures: softmax cross-entropy, max-margin (hinge) and squared error."""

from __future__ import annotations

import numpy as np

from bpviz.engine.local import product
from bpviz.engine.ops.base import Op
from bpviz.engine.ops.registry import register


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    shifted = scores - scores.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


class BatchLoss(Op):
    """A loss of scores f against target classes, averaged over rows.

    `f` is one score vector (C) with one target class, or a batch (N×C) with N targets.
    """

    symbols = ("f",)

    def __init__(self, targets) -> None:
        self.targets = np.asarray(targets, dtype=np.intp)

    def settings(self):
        return {"targets": tuple(int(t) for t in np.atleast_1d(self.targets))}

    def rows(self, scores: np.ndarray) -> np.ndarray:
        """The scores as a batch (one score vector is a batch of one), checked against the targets."""
        batch = np.atleast_2d(scores)
        targets = np.atleast_1d(self.targets)
        if scores.ndim not in (1, 2) or targets.shape != (len(batch),):
            raise ValueError(f"{self.name} needs scores (C) with one target "
                             "or scores (N×C) with N targets")
        if targets.size and (targets.min() < 0 or targets.max() >= batch.shape[1]):
            raise ValueError(f"target classes must lie in 0..{batch.shape[1] - 1}")
        return batch

    def target_cells(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of each row's target cell, for reading or writing `batch[cells]`."""
        return np.arange(len(batch)), np.atleast_1d(self.targets)

    def forward(self, scores):
        batch = self.rows(scores)
        return np.asarray(self.row_losses(batch).mean(), dtype=scores.dtype)

    def local(self, index, inputs, output):
        """∂J/∂f for every score: the rows' gradients divided by the batch size."""
        scores = inputs[0]
        batch = self.rows(scores)
        factor = (self.row_grads(batch) / len(batch)).reshape(scores.shape)
        name = self.local_names[0] if len(batch) == 1 else f"({self.local_names[0]})/{len(batch)}"
        return product(factor, scores.shape, name, self.named_parts(batch, scores.shape))

    def named_parts(self, batch: np.ndarray, shape: tuple[int, ...]) -> dict[str, np.ndarray]:
        """The pieces the local derivative is written with (ŷ and t), for display."""
        return {}

    def one_hot(self, batch: np.ndarray) -> np.ndarray:
        """The targets t as one-hot rows."""
        t = np.zeros_like(batch, dtype=float)
        t[self.target_cells(batch)] = 1.0
        return t

    def row_losses(self, batch: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def row_grads(self, batch: np.ndarray) -> np.ndarray:
        raise NotImplementedError


@register
class SoftmaxCrossEntropy(BatchLoss):
    """−log softmax(f)_y;  ∂J/∂f = ŷ − t (one-hot t), divided by N."""

    name = "softmax_cross_entropy"
    display = "softmax CE"
    pattern = "−log softmax({0})_y"
    local_names = ("ŷ − t",)

    def row_losses(self, batch):
        shifted = batch - batch.max(axis=1, keepdims=True)
        return np.log(np.exp(shifted).sum(axis=1)) - shifted[self.target_cells(batch)]

    def row_grads(self, batch):
        delta = softmax(batch)
        delta[self.target_cells(batch)] -= 1.0
        return delta

    def named_parts(self, batch, shape):
        return {"ŷ": softmax(batch).reshape(shape), "t": self.one_hot(batch).reshape(shape)}


@register
class MulticlassHinge(BatchLoss):
    """Σ_{j≠y} max(0, margin − f_y + f_j);  ∂/∂f_j = 1 per violated j, minus their count at y."""

    name = "multiclass_hinge"
    display = "multi-hinge"
    pattern = "Σ_j max(0, {margin:g} − {0}_y + {0}_j)"
    local_names = ("(1 for each class j with {margin:g} − {0}_y + {0}_j > 0, "
                   "−(their count) at y)",)

    def __init__(self, targets, margin: float = 1.0) -> None:
        super().__init__(targets)
        self.margin = float(margin)

    def settings(self):
        return {**super().settings(), "margin": self.margin}

    def margins(self, batch: np.ndarray) -> np.ndarray:
        """margin − f_y + f_j for every class j, and 0 at j = y, which never counts."""
        cells = self.target_cells(batch)
        margins = self.margin - batch[cells][:, np.newaxis] + batch
        margins[cells] = 0.0
        return margins

    def row_losses(self, batch):
        return np.maximum(self.margins(batch), 0.0).sum(axis=1)

    def row_grads(self, batch):
        violated = (self.margins(batch) > 0).astype(batch.dtype)
        violated[self.target_cells(batch)] = -violated.sum(axis=1)
        return violated

    def branches(self, scores):
        return np.sign(self.margins(self.rows(scores)))


@register
class SquaredError(BatchLoss):
    """½ Σ_j (f_j − t_j)² with one-hot t;  ∂J/∂f = f − t, divided by N."""

    name = "squared_error"
    display = "squared error"
    pattern = "½‖{0} − t‖²"
    local_names = ("{0} − t",)

    def row_grads(self, batch):
        residual = batch.astype(float, copy=True)
        residual[self.target_cells(batch)] -= 1.0
        return residual

    def row_losses(self, batch):
        residual = self.row_grads(batch)
        return 0.5 * (residual * residual).sum(axis=1)

    def named_parts(self, batch, shape):
        return {"f": np.array(batch, dtype=float).reshape(shape),
                "t": self.one_hot(batch).reshape(shape)}


@register
class MaxMargin(Op):
    """J = max(0, margin − s + s_c);  where J > 0: ∂J/∂s = −1, ∂J/∂s_c = +1; else both 0."""

    name = "max_margin"
    display = "max-margin"
    pattern = "max(0, {margin:g} − {0} + {1})"
    symbols = ("s", "s_c")
    local_names = ("∂max(0, {margin:g} − {0} + {1})/∂{0}", "∂max(0, {margin:g} − {0} + {1})/∂{1}")

    def __init__(self, margin: float = 1.0) -> None:
        self.margin = float(margin)

    def settings(self):
        return {"margin": self.margin}

    def forward(self, s, s_c):
        return np.maximum(0.0, self.margin - s + s_c)

    def local(self, index, inputs, output):
        violated = (output > 0).astype(output.dtype)
        return product(-violated if index == 0 else violated, inputs[index].shape)

    def branches(self, s, s_c):
        return np.sign(self.margin - s + s_c)
