"""Skip-gram with the full softmax: J = −log P(o|c) and the lecture's "observed minus
expected" gradient, against an independent NumPy recomputation and central differences."""

import numpy as np
import pytest

from bpviz.errors import BpvizError
from bpviz.models.skipgram import SkipGram, SkipGramConfig
from tests.models.word_checks import central_differences


def numpy_J(V, U, c, o):
    """−log P(o|c), P(o|c) = exp(u_oᵀv_c) / Σ_w exp(u_wᵀv_c), written out."""
    scores = U @ V[c]
    return -np.log(np.exp(scores[o]) / np.exp(scores).sum())


def test_default_is_the_ice_and_solid_pair_of_the_built_in_vocabulary():
    model = SkipGram()
    assert model.counts.vocabulary[model.c] == "ice"
    assert model.counts.vocabulary[model.o] == "solid"
    assert model.params["U"].shape == (8, 2) == model.params["V"].shape


@pytest.mark.parametrize("config", [SkipGramConfig(), SkipGramConfig("steam", "gas", 3, 7)])
def test_J_and_gradients_equal_numpy_and_central_differences(config):
    model = SkipGram(config)
    V, U = model.params["V"], model.params["U"]
    J, grads, rows = model.gradients()
    assert J == pytest.approx(numpy_J(V, U, model.c, model.o), rel=1e-12)
    P = np.exp(U @ V[model.c]) / np.exp(U @ V[model.c]).sum()
    # Observed minus expected: ∂J/∂v_c = −u_o + Σ_w P(w|c) u_w.
    np.testing.assert_allclose(grads["V"][model.c], -U[model.o] + P @ U, rtol=1e-11)
    # ∂J/∂u_w = (P(w|c) − [w = o]) v_c.
    t = np.zeros(len(P))
    t[model.o] = 1.0
    np.testing.assert_allclose(grads["U"], np.outer(P - t, V[model.c]), rtol=1e-11, atol=1e-15)
    def loss(params):
        return numpy_J(params["V"], params["U"], model.c, model.o)
    for name in ("V", "U"):
        np.testing.assert_allclose(grads[name], central_differences(loss, model.params, name),
                                   atol=1e-8)
    np.testing.assert_array_equal(rows["V"], [model.c])


def test_v_c_gradient_arrives_as_observed_and_expected_parts_that_add_up():
    model = SkipGram()
    trace = model.record()
    v_c = next(info.id for info in trace.nodes if info.label == "v_c")
    arriving = [part.downstream for step in trace.steps if step.phase == "backward"
                for part in step.contributions if part.to == v_c]
    U, V = model.params["U"], model.params["V"]
    P = model.probabilities()
    assert len(arriving) == 2
    observed, expected = sorted(arriving, key=lambda part: np.allclose(part, P @ U))
    np.testing.assert_allclose(observed, -U[model.o], rtol=1e-12)
    np.testing.assert_allclose(expected, P @ U, rtol=1e-12)


def test_an_unknown_word_is_refused_with_the_vocabulary():
    with pytest.raises(BpvizError, match="'snow' is not in the vocabulary"):
        SkipGram(SkipGramConfig(centre="snow"))


def test_same_seed_same_vectors():
    np.testing.assert_array_equal(SkipGram().params["U"], SkipGram().params["U"])
