"""The window scorer's sparse batch gradients: the dense ones, without the dense table."""

import numpy as np

from bpviz.models.window_scorer import WindowConfig, WindowScorer
from bpviz.training.optimizers import make_optimizer
from bpviz.training.row_gradient import RowGradient


def test_sparse_batch_gradients_hold_the_dense_gradient_of_L():
    model = WindowScorer(WindowConfig(vocabulary=tuple(f"w{i}" for i in range(40)), seed=4))
    rng = np.random.default_rng(0)
    true_rows = rng.integers(0, 47, size=(6, 5))
    corrupt_rows = true_rows.copy()
    corrupt_rows[:, 2] = rng.integers(0, 47, size=6)
    J, dense, _ = model.batch_gradients(true_rows, corrupt_rows)
    J_sparse, sparse = model.sparse_batch_gradients(true_rows, corrupt_rows)
    assert J_sparse == J
    assert isinstance(sparse["L"], RowGradient)
    np.testing.assert_allclose(sparse["L"].dense(model.params["L"].shape), dense["L"],
                               rtol=1e-13, atol=1e-16)
    for name in ("W", "b", "u"):
        np.testing.assert_array_equal(sparse[name], dense[name])
    before = model.params["L"].copy()
    make_optimizer("sgd").step(model.params, sparse, 0.1)
    changed = np.flatnonzero((model.params["L"] != before).any(axis=1))
    assert set(changed) <= set(np.concatenate([true_rows.ravel(), corrupt_rows.ravel()]))


def test_a_train_step_is_the_sparse_gradients_then_the_optimisers_step():
    config = WindowConfig(vocabulary=tuple(f"w{i}" for i in range(40)), seed=6)
    stepped, by_hand = WindowScorer(config), WindowScorer(config)
    rng = np.random.default_rng(1)
    true_rows = rng.integers(0, 47, size=(6, 5))
    corrupt_rows = true_rows.copy()
    corrupt_rows[:, 2] = rng.integers(0, 47, size=6)
    sgd, sgd_by_hand = make_optimizer("sgd"), make_optimizer("sgd")
    for _ in range(3):
        J = stepped.train_step(true_rows, corrupt_rows, sgd, 0.1)
        J_by_hand, grads = by_hand.sparse_batch_gradients(true_rows, corrupt_rows)
        sgd_by_hand.step(by_hand.params, grads, 0.1)
        assert J == J_by_hand
    for name in stepped.params:
        np.testing.assert_array_equal(stepped.params[name], by_hand.params[name])
