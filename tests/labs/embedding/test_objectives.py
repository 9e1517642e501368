"""The three objectives' losses and gradients: exact small cases, central differences, and a
recomputation pair by pair; a word repeated in a batch accumulates."""

import math

import numpy as np
import pytest

from bpviz.labs.embedding.objectives import (
    glove_loss, glove_loss_and_grads, log1p_exp, sgns_loss, sgns_loss_and_grads, sigmoid,
    simple_glove_loss, simple_glove_loss_and_grads,
)

H = 1e-6


def central(loss, table: np.ndarray) -> np.ndarray:
    """∂loss/∂table by central differences, one entry at a time."""
    grad = np.zeros_like(table)
    for index in np.ndindex(table.shape):
        saved = table[index]
        table[index] = saved + H
        up = loss()
        table[index] = saved - H
        down = loss()
        table[index] = saved
        grad[index] = (up - down) / (2 * H)
    return grad


def test_stable_log_sigmoid_pieces_at_the_extremes():
    assert log1p_exp(np.array(1000.0)) == 1000.0 and log1p_exp(np.array(-1000.0)) == 0.0
    np.testing.assert_array_equal(sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0])


def test_sgns_at_zero_scores_is_k_plus_one_log_two_and_observed_minus_expected():
    V = np.array([[1.0, 2.0]])
    U = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    grads = sgns_loss_and_grads(V, U, np.array([0]), np.array([1]), np.array([[2, 2]]))
    assert grads.loss == pytest.approx(3 * math.log(2), rel=1e-15)
    np.testing.assert_array_equal(grads.pos, [-0.5])
    np.testing.assert_array_equal(grads.neg, [[0.5, 0.5]])
    np.testing.assert_array_equal(grads.centre.dense(V.shape), [[0.0, 0.0]])
    # u_o is pulled towards v_c (gradient −½v_c), u_k, drawn twice, pushed away twice (2·½v_c).
    np.testing.assert_array_equal(grads.outside.dense(U.shape), [[0, 0], [-0.5, -1.0], [1.0, 2.0]])


def sgns_case(seed=0):
    rng = np.random.default_rng(seed)
    V, U = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    centres = np.array([0, 2, 0, 4])          # word 0 is a centre twice
    contexts = np.array([1, 3, 3, 0])         # word 3 is a context twice
    negatives = np.array([[2, 2], [1, 3], [4, 0], [1, 1]])  # repeats, and a negative = context
    return V, U, centres, contexts, negatives


def test_sgns_gradients_equal_central_differences():
    V, U, c, o, k = sgns_case()
    grads = sgns_loss_and_grads(V, U, c, o, k)
    np.testing.assert_allclose(grads.centre.dense(V.shape),
                               central(lambda: sgns_loss(V, U, c, o, k), V), atol=1e-7)
    np.testing.assert_allclose(grads.outside.dense(U.shape),
                               central(lambda: sgns_loss(V, U, c, o, k), U), atol=1e-7)
    assert grads.loss == sgns_loss(V, U, c, o, k)


def test_sgns_equals_a_recomputation_pair_by_pair():
    V, U, c, o, k = sgns_case(1)
    loss, dV, dU = 0.0, np.zeros_like(V), np.zeros_like(U)
    for b in range(len(c)):
        v = V[c[b]]
        s = U[o[b]] @ v
        loss += -math.log(1 / (1 + math.exp(-s)))
        dV[c[b]] += (1 / (1 + math.exp(-s)) - 1) * U[o[b]]
        dU[o[b]] += (1 / (1 + math.exp(-s)) - 1) * v
        for n in k[b]:
            t = U[n] @ v
            loss += -math.log(1 / (1 + math.exp(t)))
            dV[c[b]] += U[n] / (1 + math.exp(-t))
            dU[n] += v / (1 + math.exp(-t))
    grads = sgns_loss_and_grads(V, U, c, o, k)
    assert grads.loss == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(grads.centre.dense(V.shape), dV, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads.outside.dense(U.shape), dU, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(grads.centre.rows, [0, 2, 4])  # only the rows touched


def test_glove_is_f_times_the_squared_error_without_a_half():
    W, Wt, b, bt = np.zeros((2, 2)), np.zeros((2, 2)), np.zeros(2), np.zeros(2)
    counts = np.array([math.e, 100.0 * math.e])  # f: (e/100e)^¾ and 1
    grads = glove_loss_and_grads(W, Wt, b, bt, np.array([0, 1]), np.array([1, 0]), counts,
                                 100 * math.e, 0.75)
    expected = (1 / 100) ** 0.75 * 1 + 1 * math.log(100 * math.e) ** 2
    assert grads.loss == pytest.approx(expected, rel=1e-14)
    np.testing.assert_allclose(grads.b.dense((2,)),
                               [2 * -(0.01 ** 0.75), 2 * -math.log(100 * math.e)])


def glove_case():
    rng = np.random.default_rng(2)
    W, Wt = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    b, bt = rng.normal(size=4), rng.normal(size=4)
    rows, cols = np.array([0, 1, 1, 3, 2]), np.array([1, 0, 1, 3, 1])  # diagonals, repeats
    counts = np.array([3.0, 3.0, 0.5, 150.0, 12.0])
    return W, Wt, b, bt, rows, cols, counts


@pytest.mark.parametrize("table", ["W", "W_tilde", "b", "b_tilde"])
def test_glove_gradients_equal_central_differences(table):
    W, Wt, b, bt, rows, cols, counts = case = glove_case()
    grads = glove_loss_and_grads(*case, 100.0, 0.75)
    params = {"W": W, "W_tilde": Wt, "b": b, "b_tilde": bt}
    numeric = central(lambda: glove_loss(*case, 100.0, 0.75), params[table])
    np.testing.assert_allclose(getattr(grads, table).dense(params[table].shape), numeric,
                               atol=1e-6)
    assert grads.loss == glove_loss(*case, 100.0, 0.75)


def test_glove_equals_a_recomputation_entry_by_entry():
    W, Wt, b, bt, rows, cols, counts = case = glove_case()
    loss, dW = 0.0, np.zeros_like(W)
    for i, j, x in zip(rows, cols, counts):
        f = min(1.0, (x / 100.0) ** 0.75)
        e = W[i] @ Wt[j] + b[i] + bt[j] - math.log(x)
        loss += f * e * e
        dW[i] += 2 * f * e * Wt[j]
    grads = glove_loss_and_grads(*case, 100.0, 0.75)
    assert grads.loss == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(grads.W.dense(W.shape), dW, rtol=1e-12)


def test_simple_glove_at_zero_is_the_sum_of_squared_pmi():
    V = np.zeros((2, 3))
    grads = simple_glove_loss_and_grads(V, np.array([0, 1]), np.array([1, 1]),
                                        np.array([2.0, -1.0]))
    assert grads.loss == 5.0
    np.testing.assert_array_equal(grads.V.dense(V.shape), np.zeros((2, 3)))


def test_simple_glove_gradients_equal_central_differences_with_a_diagonal_entry():
    rng = np.random.default_rng(3)
    V = rng.normal(size=(4, 2))
    rows, cols, pmi = np.array([0, 1, 2, 2, 3]), np.array([1, 0, 2, 3, 2]), rng.normal(size=5)
    grads = simple_glove_loss_and_grads(V, rows, cols, pmi)
    np.testing.assert_allclose(grads.V.dense(V.shape),
                               central(lambda: simple_glove_loss(V, rows, cols, pmi), V), atol=1e-6)
    # The diagonal entry (2, 2): d/dv (v·v − p)² = 4 (v·v − p) v, besides (2, 3)'s share.
    e22, e23, e32 = V[2] @ V[2] - pmi[2], V[2] @ V[3] - pmi[3], V[3] @ V[2] - pmi[4]
    expected = 4 * e22 * V[2] + 2 * e23 * V[3] + 2 * e32 * V[3]
    np.testing.assert_allclose(grads.V.dense(V.shape)[2], expected, rtol=1e-12)
