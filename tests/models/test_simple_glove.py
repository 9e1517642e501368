"""Simpler GloVe: J = Σ_{X_ij>0} (v_iᵀv_j − log(P̃(i,j)/(P̃(i)P̃(j))))², one set of vectors."""

import numpy as np
import pytest

from bpviz.errors import BpvizError
from bpviz.models.simple_glove import SimpleGloVe, SimpleGloVeConfig, pmi
from tests.models.word_checks import central_differences


def numpy_J(V, X):
    total = X.sum()
    J = 0.0
    for i, j in zip(*np.nonzero(X)):
        P_ij = X[i, j] / total
        P_i, P_j = X[i].sum() / total, X[j].sum() / total
        J += (V[i] @ V[j] - np.log(P_ij / (P_i * P_j))) ** 2
    return J


def test_pmi_is_the_log_ratio_of_joint_to_product_of_marginals():
    X = np.array([[0.0, 2.0], [2.0, 4.0]])
    # ΣX = 8: P̃(0,1) = 1/4, P̃(0) = 2/8, P̃(1) = 6/8; P̃(1,1) = 1/2.
    np.testing.assert_allclose(pmi(X), [[0.0, np.log(0.25 / (0.25 * 0.75))],
                                        [np.log(0.25 / (0.25 * 0.75)), np.log(0.5 / 0.75 ** 2)]])


@pytest.mark.parametrize("config", [SimpleGloVeConfig(), SimpleGloVeConfig(d=4, seed=9)])
def test_J_and_gradient_equal_numpy_and_central_differences(config):
    model = SimpleGloVe(config)
    V, X = model.params["V"], model.X
    J, grads, _ = model.gradients()
    assert J == pytest.approx(numpy_J(V, X), rel=1e-12)
    # V feeds both sides of V Vᵀ: ∂J/∂V = (E + Eᵀ) V with E = 2 [X>0] ∘ (V Vᵀ − PMI).
    E = 2 * (X > 0) * (V @ V.T - model.pmi)
    np.testing.assert_allclose(grads["V"], (E + E.T) @ V, rtol=1e-11)
    np.testing.assert_allclose(
        grads["V"], central_differences(lambda p: numpy_J(p["V"], X), model.params, "V"),
        atol=1e-8)


def test_counts_that_are_all_zero_are_refused():
    with pytest.raises(BpvizError, match="not all 0"):
        pmi(np.zeros((3, 3)))
