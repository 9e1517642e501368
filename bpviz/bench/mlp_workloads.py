"""W1, W1-b10 and W1-grid: the boundary lab's MLP 2→8→8→2 (tanh, softmax cross-entropy,
Adam) trained on the spiral, and its class probabilities on a 200×200 grid."""

from __future__ import annotations

import numpy as np

from bpviz.bench import torch_eager
from bpviz.bench.agreement import max_difference
from bpviz.bench.references.mlp import FusedMLP
from bpviz.bench.workload import ENGINE, REFERENCE, TORCH, Prepared, Target, Workload
from bpviz.data.generators import generate
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.training.optimizers import make_optimizer

LR = 0.01
GRID = 200
BOX = 1.5


def _model(seed: int = 0) -> Classifier:
    return Classifier(2, 2, ClassifierConfig(hidden=(8, 8)), np.random.default_rng(seed))


def _batch(size: int) -> tuple[np.ndarray, np.ndarray]:
    data = generate("spiral", n_points=max(size, 20), classes=2, rng=np.random.default_rng(1))
    return data.X[:size].copy(), data.y[:size].copy()


def _last_plan(model: Classifier):
    """The plan the model compiled last (for the explanation's figures)."""
    return list(model._plans._plans.values())[-1].plan


def prepare_step(batch: int) -> Prepared:
    """One Adam training step on a batch: bpviz's Classifier and optimiser, and by hand."""
    X, y = _batch(batch)
    model, optimizer = _model(), make_optimizer("adam")
    reference = FusedMLP(model.sizes, model.params, batch)
    reference.set_batch(X, y)
    _, grads = model.gradients(X, y)
    reference.gradients()
    difference = max_difference(grads, reference.named_grads())

    def engine() -> None:
        model.train_step(X, y, optimizer, LR)

    contenders = {ENGINE: engine, REFERENCE: lambda: reference.step(LR)}
    notes = []
    torch_step = torch_eager.mlp_step(_model().params, X, y, LR, notes)
    if torch_step is not None:
        contenders[TORCH] = torch_step
    plan = _last_plan(model)
    bound = (f"bpviz runs {plan.steps} plan steps per forward and backward pass (each bias "
             f"folded into its product, {plan.folded} of them, as in the fused step), and "
             "around them feeds the batch and targets in, checks what it hands out for NaN "
             "(one dot product each) and lets the optimiser check its inputs. At small "
             "batches each NumPy call costs about a microsecond whatever its size, so these "
             "calls, not arithmetic, set the ratio.")
    return Prepared(contenders, difference, 1e-12, bound, notes)


def prepare_grid() -> Prepared:
    """Class probabilities on a 200×200 grid in float32, as the boundary lab draws them:
    the lab's own call, `Classifier.layer_outputs` on its grid (2 × N, float32)."""
    axis = np.linspace(-BOX, BOX, GRID, dtype=np.float32)
    xx, yy = np.meshgrid(axis, axis[::-1])
    grid = np.vstack([xx.ravel(), yy.ravel()])  # as bpviz.labs.boundary.grid.grid_points lays it out
    model = _model()
    reference = FusedMLP(model.sizes, model.params, grid.shape[1], dtype=np.float32)
    reference.set_batch(grid.T, np.zeros(grid.shape[1], dtype=np.intp))
    ours = model.layer_outputs(grid.T)[-1].copy()
    theirs = reference.probabilities()
    difference = max_difference({"p": ours}, {"p": theirs})

    def fused() -> np.ndarray:
        return reference.probabilities()

    bound = ("both are bound by memory: tanh and the products stream 2 × 1.3 MB of hidden "
             "values; bpviz also copies the points and the weights in on every call and "
             "checks the scores for NaN, which the fused pass, given its points once, skips.")
    return Prepared({ENGINE: lambda: model.layer_outputs(grid.T), REFERENCE: fused},
                    difference, 1e-5, bound)


WORKLOADS = (
    Workload("W1", "MLP 2→8→8→2, tanh, softmax CE, Adam, batch 500, float64: one step",
             Target(ratio=1.5, text="≤ 1.5× fused"), lambda: prepare_step(500)),
    Workload("W1-b10", "the same with batch 10",
             Target(ratio=2.0, text="≤ 2× fused"), lambda: prepare_step(10)),
    Workload("W1-grid", "the W1 net's class probabilities on a 200×200 grid, float32",
             Target(ratio=1.2, text="≤ 1.2× fused"), prepare_grid, unit="grid"),
)
