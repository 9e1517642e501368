"""W2-sgns: skip-gram with negative sampling at word2vec-like size, one SGD step on a minibatch
through the engine's compiled plan, with sparse row updates of V and U."""

from __future__ import annotations

import numpy as np

from bpviz.bench.agreement import max_difference
from bpviz.bench.references.sgns import FusedSgns
from bpviz.bench.workload import ENGINE, REFERENCE, Prepared, Target, Workload
from bpviz.models.sgns_batch import SgnsBatch
from bpviz.training.optimizers import make_optimizer

VOCABULARY, D, NEGATIVES, BATCH, LR = 5000, 50, 5, 256, 0.025
SCALE = 0.1  # the vectors' spread: scores of order 1, as mid-training (none saturated)


def _tables() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return (rng.normal(0.0, SCALE, (VOCABULARY, D)), rng.normal(0.0, SCALE, (VOCABULARY, D)))


def _batch() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(4)
    centres = rng.integers(0, VOCABULARY, BATCH)
    contexts = rng.integers(0, VOCABULARY, BATCH)
    # Negatives from a Zipf-like U^{3/4}: frequent words come back often, within a pair too.
    noise = (1.0 / np.arange(1, VOCABULARY + 1)) ** 0.75
    negatives = rng.choice(VOCABULARY, size=(BATCH, NEGATIVES), p=noise / noise.sum())
    return centres, contexts, negatives


def prepare() -> Prepared:
    centres, contexts, negatives = _batch()
    V, U = _tables()
    model, optimizer = SgnsBatch(V, U), make_optimizer("sgd")
    reference = FusedSgns(model.params, BATCH, NEGATIVES)
    reference.set_batch(centres, contexts, negatives)
    _, grads = model.run(centres, contexts, negatives)
    dense = {name: grad.dense(model.params[name].shape) for name, grad in grads.items()}
    reference.gradients()
    difference = max_difference(dense, reference.dense_grads())

    def engine() -> None:
        model.train_step(centres, contexts, negatives, optimizer, LR)

    bound = ("both make the same products (one per pair, batched); bpviz computes the "
             "looked-up cells' flat indices and scales the gradients into a buffer of their "
             "own each step (the fused step finds the indices once per batch and scales in "
             "place), checks the gradients it hands out for NaN and the rows it updates, and "
             "runs log σ as the op defines it; the row gathers and the scattered updates take "
             "most of the time in both.")
    return Prepared({ENGINE: engine, REFERENCE: lambda: reference.step(LR)}, difference,
                    1e-12, bound)


WORKLOADS = (
    Workload("W2-sgns", "skip-gram with negative sampling V=5000 d=50 K=5, batch 256, sparse SGD",
             Target(ratio=1.5, text="≤ 1.5× fused"), prepare),
)
