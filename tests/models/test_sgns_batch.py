"""Negative sampling on a minibatch through the compiled plan: the per-pair graph's
gradients summed, central differences, and sparse SGD on the looked-up rows only."""

import numpy as np
import pytest

from bpviz.models.negative_sampling import NegativeSampling, NegativeSamplingConfig
from bpviz.models.sgns_batch import SgnsBatch
from bpviz.training.optimizers import make_optimizer
from tests.models.word_checks import central_differences

# Pair 0 and 2 share their centre; row 1 is a context, a negative twice and a centre.
CENTRES = np.array([3, 1, 3])
CONTEXTS = np.array([1, 4, 0])
NEGATIVES = np.array([[2, 1], [1, 1], [5, 4]])


def tables(d: int = 3, words: int = 6, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, 0.8, (words, d)), rng.normal(0.0, 0.8, (words, d))


def per_pair(V, U):
    """J and dense ∂J/∂V, ∂J/∂U as the sum of the stage's one-pair graphs."""
    model = NegativeSampling(NegativeSamplingConfig(d=V.shape[1]))
    total, grads = 0.0, {"V": np.zeros_like(V), "U": np.zeros_like(U)}
    for c, o, negatives in zip(CENTRES, CONTEXTS, NEGATIVES):
        model.c, model.o, model.negatives = int(c), int(o), negatives
        model.params = {"V": V, "U": U}
        J, pair, _ = model.gradients()
        total += J
        for name in grads:
            grads[name] += pair[name]
    return total, grads


def test_the_batch_equals_the_per_pair_graphs_summed():
    V, U = tables()
    J, grads = SgnsBatch(V, U).run(CENTRES, CONTEXTS, NEGATIVES)
    expected_J, expected = per_pair(V, U)
    assert J == pytest.approx(expected_J, rel=1e-13)
    for name in ("V", "U"):
        np.testing.assert_allclose(grads[name].dense(V.shape), expected[name], rtol=1e-12,
                                   atol=1e-15)
    # The looked-up rows, repeats kept: the centres, then each pair's o and negatives.
    np.testing.assert_array_equal(grads["V"].rows, CENTRES)
    np.testing.assert_array_equal(grads["U"].rows, [1, 2, 1, 4, 1, 1, 0, 5, 4])


def test_the_batch_gradients_equal_central_differences():
    V, U = tables(seed=1)
    model = SgnsBatch(V, U)
    _, grads = model.run(CENTRES, CONTEXTS, NEGATIVES)
    dense = {name: grads[name].dense(V.shape) for name in ("V", "U")}

    def loss(params):
        return SgnsBatch(params["V"], params["U"]).run(CENTRES, CONTEXTS, NEGATIVES)[0]
    for name in ("V", "U"):
        np.testing.assert_allclose(dense[name],
                                   central_differences(loss, {"V": V, "U": U}, name),
                                   atol=1e-8)


def test_the_scores_are_each_pairs_outside_word_then_its_negatives():
    V, U = tables()
    model = SgnsBatch(V, U)
    model.run(CENTRES, CONTEXTS, NEGATIVES)
    rows = np.concatenate([CONTEXTS[:, None], NEGATIVES], axis=1)
    np.testing.assert_allclose(model.scores(), np.einsum("bkd,bd->bk", U[rows], V[CENTRES]),
                               rtol=1e-13)


def test_a_train_step_is_sgd_on_the_looked_up_rows_only():
    V, U = tables(words=9)
    before_V, before_U = V.copy(), U.copy()
    _, expected = per_pair(before_V, before_U)
    model = SgnsBatch(V, U)
    J = model.train_step(CENTRES, CONTEXTS, NEGATIVES, make_optimizer("sgd"), 0.1)
    assert J == pytest.approx(per_pair(before_V, before_U)[0], rel=1e-13)
    np.testing.assert_allclose(V, before_V - 0.1 * expected["V"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(U, before_U - 0.1 * expected["U"], rtol=1e-12, atol=1e-15)
    untouched = [6, 7, 8]
    np.testing.assert_array_equal(V[untouched], before_V[untouched])
    np.testing.assert_array_equal(U[untouched], before_U[untouched])


def test_a_replaced_table_is_used_from_the_next_batch_on():
    V, U = tables()
    model = SgnsBatch(V, U)
    first = model.run(CENTRES, CONTEXTS, NEGATIVES)[0]
    model.params["V"] = 2.0 * V
    assert model.run(CENTRES, CONTEXTS, NEGATIVES)[0] != pytest.approx(first)
    assert model.run(CENTRES, CONTEXTS, NEGATIVES)[0] == pytest.approx(
        SgnsBatch(2.0 * V, U).run(CENTRES, CONTEXTS, NEGATIVES)[0], rel=1e-15)


def test_bad_batches_are_refused():
    model = SgnsBatch(*tables())
    with pytest.raises(ValueError, match="negatives B × K"):
        model.run(CENTRES, CONTEXTS, NEGATIVES[:2])
    with pytest.raises(ValueError, match="one shape"):
        SgnsBatch(np.zeros((3, 2)), np.zeros((4, 2)))
