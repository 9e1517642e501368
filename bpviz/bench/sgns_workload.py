"""W2-sgns: skip-gram with negative sampling at word2vec-like size, one SGD step on a minibatch
through the engine's compiled plan, with sparse row updates of V and U."""

from __future__ import annotations

import numpy as np

from bpviz.bench.references.sgns import FusedSgns
from bpviz.bench.window_workload import sgd_prepared
from bpviz.bench.workload import Prepared, Target, Workload
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

    def engine() -> None:
        model.train_step(centres, contexts, negatives, optimizer, LR)

    bound = ("both make the same products (one per pair, batched) and the same scattered "
             "updates; bpviz finds the looked-up cells' flat indices for each batch it is "
             "given (the fused step, timed on one batch again and again, found them once, "
             "untimed), scales the gradients into a buffer of its own (they are the plan's, "
             "handed out), checks them for NaN, and runs log σ as the op defines it; the row "
             "gathers and the scattered updates take most of the time in both.")
    return sgd_prepared(engine, reference, dense, LR, bound)


WORKLOADS = (
    Workload("W2-sgns", "skip-gram with negative sampling V=5000 d=50 K=5, batch 256, sparse SGD",
             Target(ratio=1.5, text="≤ 1.5× fused"), prepare),
)
