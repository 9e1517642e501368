"""The lab's panels: skip-gram's SGD write is tried without a trace, and its highlight
comes from the compiled plan's scores."""

import numpy as np
import pytest

from bpviz.labs.embedding.objectives import sgns_loss_and_grads
from bpviz.labs.embedding.panels import RowsSgd, SgnsPanel
from bpviz.training.optimizers import make_optimizer
from bpviz.training.row_gradient import RowGradient


def test_an_overflowing_row_update_is_found_and_the_table_left_exactly_as_it_was():
    table = np.array([[1.0, -1.7e308], [2.0, 3.0]])
    grad = RowGradient(np.array([1, 0, 0]), np.array([[1.0, 1.0], [0.5, 1e308], [0.5, 1e308]]))
    before = table.copy()
    write = RowsSgd(table, "V", grad, 1.0, make_optimizer("sgd"))
    assert not write.finite()  # each part alone is finite; row 0's two together overflow
    np.testing.assert_array_equal(table, before)
    fine = RowsSgd(table, "V", RowGradient(np.array([1, 1]), np.ones((2, 2))), 0.5,
                   make_optimizer("sgd"))
    assert fine.finite()
    np.testing.assert_array_equal(table, before)
    fine.apply()
    np.testing.assert_array_equal(table, [[1.0, -1.7e308], [1.0, 2.0]])


def test_the_highlight_is_the_first_pairs_pull_and_pushes():
    rng = np.random.default_rng(0)
    panel = SgnsPanel(rng.normal(size=(7, 3)))
    panel.U[:] = rng.normal(size=(7, 3))
    V, U = panel.V.copy(), panel.U.copy()
    centres, contexts, negatives = np.array([2, 5]), np.array([4, 1]), np.array([[3, 3], [0, 6]])
    loss, writes, highlight = panel.prepare(centres, contexts, negatives, 0.1)
    grads = sgns_loss_and_grads(V, U, centres, contexts, negatives)
    assert loss == pytest.approx(grads.loss, rel=1e-13)
    assert (highlight.centre, highlight.context) == (2, 4)
    np.testing.assert_array_equal(highlight.negatives, [3, 3])
    np.testing.assert_allclose(highlight.pull, -0.1 * grads.pos[0] * U[4], rtol=1e-12)
    np.testing.assert_allclose(highlight.pushes, -0.1 * grads.neg[0][:, None] * U[[3, 3]],
                               rtol=1e-12)
    np.testing.assert_array_equal(panel.V, V)  # nothing written before the writes apply
    assert [write.name for write in writes] == ["V", "U"]
