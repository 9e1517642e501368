"""W2: the window scorer at word2vec-like size, trained by SGD with sparse row updates."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from bpviz.bench.agreement import max_difference
from bpviz.bench.references.window import FusedWindowScorer
from bpviz.bench.workload import ENGINE, REFERENCE, Prepared, Target, Workload
from bpviz.models.window_scorer import CORRUPT_WINDOW, TRUE_WINDOW, WindowConfig, WindowScorer
from bpviz.training.optimizers import make_optimizer

VOCABULARY, D, WINDOW, HIDDEN, BATCH, LR = 5000, 50, 5, 100, 64, 0.05


def _model() -> WindowScorer:
    known = len(dict.fromkeys(TRUE_WINDOW + CORRUPT_WINDOW))
    extra = tuple(f"word{i}" for i in range(VOCABULARY - known))
    return WindowScorer(WindowConfig(d=D, hidden=HIDDEN, vocabulary=extra, seed=0))


def _windows() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2)
    true_rows = rng.integers(0, VOCABULARY, size=(BATCH, WINDOW))
    true_rows[:8, 0] = true_rows[:8, 1] = 7  # some repeated words, within and across windows
    corrupt_rows = true_rows.copy()
    corrupt_rows[:, WINDOW // 2] = rng.integers(0, VOCABULARY, size=BATCH)
    return true_rows, corrupt_rows


def prepare() -> Prepared:
    true_rows, corrupt_rows = _windows()
    model, optimizer = _model(), make_optimizer("sgd")
    reference = FusedWindowScorer(model.params, BATCH, WINDOW)
    reference.set_batch(true_rows, corrupt_rows)
    _, dense, _ = model.batch_gradients(true_rows, corrupt_rows)

    def engine() -> None:
        model.train_step(true_rows, corrupt_rows, optimizer, LR)

    bound = ("bpviz stacks the true and corrupt windows into one batch of 128 as the fused "
             "step does; it adds b in a pass of its own (the windows are a view of the "
             "lookup, with no column of ones to fold b into), checks the gradients it hands "
             "out for NaN, and checks the looked-up rows before the sparse update; the "
             "products and tanh on 12,800 numbers take most of the time in both.")
    return sgd_prepared(engine, reference, dense, LR, bound)


def sgd_prepared(engine: Callable[[], object], reference, dense: Mapping[str, np.ndarray],
                 lr: float, bound: str) -> Prepared:
    """A sparse-SGD workload ready to time: bpviz's `engine` step against the reference's
    at `lr`, bpviz's `dense` gradients compared with the reference's (its batch set)."""
    reference.gradients()
    difference = max_difference(dense, reference.dense_grads())
    return Prepared({ENGINE: engine, REFERENCE: lambda: reference.step(lr)}, difference,
                    1e-12, bound)


WORKLOADS = (
    Workload("W2", "window scorer V=5000 d=50 n=5 H=100, max-margin, batch 64, sparse SGD",
             Target(ratio=1.2, text="≤ 1.2× fused"), prepare),
)
