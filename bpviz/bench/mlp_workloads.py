"""W1, W1-b10 and W1-grid: the boundary lab's MLP 2→8→8→2 (tanh, softmax cross-entropy,
Adam) trained on the spiral, and its class probabilities on a 200×200 grid."""

from __future__ import annotations

import numpy as np

from bpviz.bench import torch_eager
from bpviz.bench.agreement import max_difference
from bpviz.bench.references.mlp import FusedMLP
from bpviz.bench.workload import ENGINE, REFERENCE, TORCH, Prepared, Target, Workload
from bpviz.data.generators import generate
from bpviz.labs.boundary.session import classifier_config, train_settings
from bpviz.labs.boundary.settings import NetSpec, TrainSpec
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.training.trainer import Trainer

LR = 0.01
GRID = 200
BOX = 1.5
TRAINING_POINTS = 500  # the batches' rows are drawn from these, as the lab draws them


def _model(seed: int = 0) -> Classifier:
    return Classifier(2, 2, ClassifierConfig(hidden=(8, 8)), np.random.default_rng(seed))


def _batch(size: int) -> tuple[np.ndarray, np.ndarray]:
    data = generate("spiral", n_points=max(size, 20), classes=2, rng=np.random.default_rng(1))
    return data.X[:size].copy(), data.y[:size].copy()


def _last_plan(model: Classifier):
    """The plan the model compiled last (for the explanation's figures)."""
    return list(model._plans._plans.values())[-1].plan


def lab_trainer(batch: int) -> tuple[Trainer, np.ndarray]:
    """The boundary lab's MLP panel as its session builds it (its net, its Adam, its
    guarded Trainer) at learning rate LR and this batch size, on W1's 500 spiral points,
    and the rows of one batch: the lab's step for that panel is `trainer.step(rows)`."""
    train = TrainSpec(lr=LR, batch_size=batch)
    model = Classifier(2, 2, classifier_config(NetSpec(), train, "mlp"),
                       np.random.default_rng(0))
    X, y = _batch(TRAINING_POINTS)
    trainer = Trainer(model, (X, y), (X[:0], y[:0]), train_settings(train),
                      np.random.default_rng(2))
    rows = np.random.default_rng(3).permutation(TRAINING_POINTS)[:batch]
    return trainer, rows


def prepare_step(batch: int) -> Prepared:
    """One Adam training step on a batch: the lab's guarded Trainer step, and by hand."""
    trainer, rows = lab_trainer(batch)
    model = trainer.model
    X, y = (array[rows] for array in trainer.train_set)
    reference = FusedMLP(model.sizes, model.params, batch)
    reference.set_batch(X, y)
    _, grads = model.gradients(X, y)
    reference.gradients()
    difference = max_difference(grads, reference.named_grads())

    def engine() -> None:
        trainer.step(rows)  # as Lockstep steps the MLP panel on the softmax panel's rows

    contenders = {ENGINE: engine, REFERENCE: lambda: reference.step(LR)}
    notes = []
    torch_step = torch_eager.mlp_step(_model().params, X, y, LR, notes)
    if torch_step is not None:
        contenders[TORCH] = torch_step
    plan = _last_plan(model)
    notes.append(call_counts(plan))
    bound = ("at small batches each NumPy call costs about a microsecond whatever its size, "
             "and each Python function a few tenths of one: the calls (counted above) and "
             "the layers around them (the trainer gathers the batch's rows and keeps the "
             "state to roll back to, the model finds its compiled plan for the batch's "
             "shape and checks the targets), not arithmetic, set the ratio; the guard "
             "against divergence (3 copies, 2 checks) and the gathering (2) are calls the "
             "fused step, given one batch once and never undoing a step, does not make; "
             "at large batches tanh and exp over every hidden value take most of both.")
    return Prepared(contenders, difference, 1e-12, bound, notes)


# NumPy calls per training step that do array work (asarray, views and Python glue not
# counted), W1's net: the fused reference's, read off bpviz.bench.references.mlp.
REFERENCE_CALLS = {"forward": 5, "softmax, loss and δ": 10, "backward": 11, "Adam": 10}
# bpviz's besides its plan's steps: the trainer gathers the batch's rows (2) and keeps
# the state to roll back to (the parameters, Adam's m and v in one block, its step
# counts: 3 copies); the batch copied in, the targets checked, the softmax loss's target
# cells (2), its mean and its closures' extra calls (10 forward, 2 backward: a step there
# is a closure of several calls); no NaN check of the plan's own (inside the guarded step
# the plan leaves it to the trainer); Adam (its step count, then 10 calls: m and v decay
# as one block); the check that the parameters and m, v stayed finite (2 dot products),
# which also catches a non-finite gradient, since it always reaches one of them.
ENGINE_EXTRA_CALLS = {"rows gathered": 2, "roll-back copies": 3, "batch in": 2,
                      "softmax loss, beyond its 2 steps": 12, "Adam": 11,
                      "finite check after Adam": 2}


def call_counts(plan) -> str:
    """The explanation's line: NumPy calls per step, bpviz's against the reference's."""
    ours = plan.steps + sum(ENGINE_EXTRA_CALLS.values())
    theirs = sum(REFERENCE_CALLS.values())
    return (f"NumPy calls per step: bpviz {ours} ({plan.steps} plan steps, each bias folded "
            f"into its product ({plan.folded} of them), one call each except the softmax "
            "loss's; "
            + ", ".join(f"{name} {count}" for name, count in ENGINE_EXTRA_CALLS.items())
            + f"), the fused step {theirs} ("
            + ", ".join(f"{name} {count}" for name, count in REFERENCE_CALLS.items()) + ").")


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
             Target(ratio=1.25, text="≤ 1.25× fused"), lambda: prepare_step(500)),
    Workload("W1-b10", "the same with batch 10 (the boundary lab's default batch size)",
             Target(ratio=1.5, text="≤ 1.5× fused"), lambda: prepare_step(10)),
    Workload("W1-grid", "the W1 net's class probabilities on a 200×200 grid, float32",
             Target(ratio=1.2, text="≤ 1.2× fused"), prepare_grid, unit="grid"),
)
