"""Negative sampling: J = −log σ(u_oᵀv_c) − Σ_k log σ(−u_kᵀv_c), negatives from U^{3/4}/Z."""

import numpy as np
import pytest

from bpviz.engine import gradcheck
from bpviz.errors import BpvizError
from bpviz.models.negative_sampling import (
    NegativeSampling, NegativeSamplingConfig, draw_negatives,
)
from tests.models.word_checks import central_differences


def sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


def numpy_J(V, U, c, o, negatives):
    v_c = V[c]
    return -np.log(sigma(U[o] @ v_c)) - sum(np.log(sigma(-U[k] @ v_c)) for k in negatives)


@pytest.mark.parametrize("config", [NegativeSamplingConfig(),
                                    NegativeSamplingConfig("water", "hot", 6, 3, 11)])
def test_J_and_gradients_equal_numpy_and_central_differences(config):
    model = NegativeSampling(config)
    V, U = model.params["V"], model.params["U"]
    c, o, negatives = model.c, model.o, model.negatives
    J, grads, rows = model.gradients()
    assert J == pytest.approx(numpy_J(V, U, c, o, negatives), rel=1e-12)
    v_c = V[c]
    # ∂J/∂v_c = −(1 − σ(u_oᵀv_c)) u_o + Σ_k σ(u_kᵀv_c) u_k
    expected_v = -(1 - sigma(U[o] @ v_c)) * U[o] + sum(sigma(U[k] @ v_c) * U[k]
                                                       for k in negatives)
    np.testing.assert_allclose(grads["V"][c], expected_v, rtol=1e-11)
    def loss(params):
        return numpy_J(params["V"], params["U"], c, o, negatives)
    for name in ("V", "U"):
        np.testing.assert_allclose(grads[name], central_differences(loss, model.params, name),
                                   atol=1e-8)
    np.testing.assert_array_equal(rows["U"], np.unique(np.append(negatives, o)))


def test_the_graph_variables_are_v_c_u_o_and_the_negatives_in_draw_order():
    model = NegativeSampling(NegativeSamplingConfig(negatives=5, seed=4))
    built = model.objective()
    assert list(built.variables) == ["v_c", "u_o", "u_neg"]
    np.testing.assert_array_equal(built.variables["u_neg"].value,
                                  model.params["U"][model.negatives])
    assert gradcheck(built.graph, built.output).passed()


def test_noise_distribution_is_the_three_quarter_power_of_the_counts():
    model = NegativeSampling()
    table = model.noise_table()
    counts = model.counts.unigram
    np.testing.assert_allclose(table.unigram, counts / counts.sum())
    np.testing.assert_allclose(table.noise, counts ** 0.75 / (counts ** 0.75).sum())
    rare, frequent = np.argmin(counts), np.argmax(counts)
    assert table.noise[rare] > table.unigram[rare] and table.noise[frequent] < table.unigram[frequent]


def test_draws_come_from_the_generator_passed_in_and_follow_the_distribution():
    noise = np.array([0.5, 0.3, 0.2])
    first = draw_negatives(noise, 10, np.random.default_rng(1))
    np.testing.assert_array_equal(first, draw_negatives(noise, 10, np.random.default_rng(1)))
    many = draw_negatives(noise, 60_000, np.random.default_rng(2))
    np.testing.assert_allclose(np.bincount(many, minlength=3) / 60_000, noise, atol=0.01)


def test_a_word_drawn_twice_gets_both_gradients_in_U():
    model = NegativeSampling(NegativeSamplingConfig(negatives=12, seed=0))
    rows, counts = np.unique(model.negatives, return_counts=True)
    twice = rows[counts > 1][0]
    built = model.objective()
    grads = built.gradients()
    _, table_grads, _ = model.gradients()
    expected = grads["u_neg"][model.negatives == twice].sum(axis=0)
    if twice == model.o:
        expected = expected + grads["u_o"]
    np.testing.assert_allclose(table_grads["U"][twice], expected, rtol=1e-12)


def test_K_out_of_range_is_refused():
    with pytest.raises(BpvizError, match="negatives K must be from 1 to 64"):
        NegativeSampling(NegativeSamplingConfig(negatives=0))
