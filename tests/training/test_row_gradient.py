"""Row gradients: a sparse table update equals the dense one, repeats accumulated."""

import numpy as np
import pytest

from bpviz.training.optimizers import OPTIMIZERS, make_optimizer
from bpviz.training.row_gradient import RowGradient


def table_and_rows():
    rng = np.random.default_rng(0)
    rows = np.array([3, 1, 3, 7, 3])
    return rng.normal(size=(10, 4)), RowGradient(rows, rng.normal(size=(5, 4)))


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_a_row_gradient_step_equals_the_dense_step_on_the_used_rows(name):
    table, grad = table_and_rows()
    sparse, dense = {"L": table.copy()}, {"L": table.copy()}
    make_optimizer(name).step(sparse, {"L": grad}, 0.1)
    make_optimizer(name).step(dense, {"L": grad.dense(table.shape)}, 0.1, rows={"L": grad.rows})
    np.testing.assert_allclose(sparse["L"], dense["L"], rtol=1e-13, atol=1e-15)
    untouched = [0, 2, 4, 5, 6, 8, 9]
    np.testing.assert_array_equal(sparse["L"][untouched], table[untouched])


def test_bad_row_gradients_are_refused():
    table, grad = table_and_rows()
    with pytest.raises(ValueError, match="0..9"):
        make_optimizer("sgd").step({"L": table}, {"L": RowGradient(grad.rows + 5, grad.values)},
                                   0.1)
    with pytest.raises(ValueError, match="shape"):
        make_optimizer("sgd").step({"L": table}, {"L": RowGradient(grad.rows, grad.values[:, :2])},
                                   0.1)


def test_rows_checked_against_another_row_count_are_checked_again():
    # `within` says the rows were checked against a table of that many rows (a plan does
    # so as it takes a batch): only that very count spares the second pass.
    table, grad = table_and_rows()
    checked_for_more = RowGradient(grad.rows + 5, grad.values, within=20)
    with pytest.raises(ValueError, match="0..9"):
        checked_for_more.check("L", table)
    RowGradient(grad.rows, grad.values, within=10).check("L", table)


def test_the_sgns_batchs_gradients_say_their_rows_were_checked():
    from bpviz.models.sgns_batch import SgnsBatch

    rng = np.random.default_rng(1)
    V, U = rng.normal(size=(7, 3)), rng.normal(size=(7, 3))
    _, grads = SgnsBatch(V, U).run(np.array([0, 6]), np.array([1, 2]), np.array([[3], [6]]))
    assert grads["V"].within == 7 and grads["U"].within == 7
