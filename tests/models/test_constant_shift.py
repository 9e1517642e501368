"""The constant-shift degeneracy: GloVe's J does not see c, simpler GloVe's does."""

import numpy as np
import pytest

from bpviz.models.constant_shift import constant_shift, shift_demo
from bpviz.models.glove import GloVe, GloVeConfig
from bpviz.models.simple_glove import SimpleGloVe, SimpleGloVeConfig
from tests.models.test_glove import numpy_J as glove_J
from tests.models.test_simple_glove import numpy_J as simple_J


def test_default_demo_numbers():
    demo = shift_demo()
    np.testing.assert_array_equal(demo.c, [1.0, 1.0])
    assert demo.glove_after == pytest.approx(demo.glove_before, rel=1e-12)
    assert abs(demo.glove_change) < 1e-10
    assert demo.simple_after > 2 * demo.simple_before  # the shift shows clearly


def test_numbers_equal_numpy_with_the_note_bias_adjustment():
    glove, simple = GloVe(GloVeConfig(d=3, seed=4)), SimpleGloVe(SimpleGloVeConfig(d=3, seed=4))
    glove.params["b"][:] = np.arange(8) / 10
    c = np.array([0.5, -2.0, 1.0])
    demo = constant_shift(glove, simple, c)
    p, X = glove.params, glove.X
    # b_i − ⟨w_i, c⟩ − |c|²/2 and b̃_j − ⟨w̃_j, c⟩ − |c|²/2, written out here again.
    b = p["b"] - p["W"] @ c - c @ c / 2
    b_tilde = p["b_tilde"] - p["W_tilde"] @ c - c @ c / 2
    after = glove_J(p["W"] + c, p["W_tilde"] + c, b, b_tilde, X)
    assert demo.glove_before == pytest.approx(glove_J(p["W"], p["W_tilde"], p["b"],
                                                      p["b_tilde"], X), rel=1e-12)
    assert demo.glove_after == pytest.approx(after, rel=1e-12)
    assert demo.simple_before == pytest.approx(simple_J(simple.params["V"], X), rel=1e-12)
    assert demo.simple_after == pytest.approx(simple_J(simple.params["V"] + c, X), rel=1e-12)
    assert demo.simple_change != pytest.approx(0.0, abs=1e-3)


def test_the_shift_leaves_the_models_untouched():
    glove = GloVe()
    before = glove.params["W"].copy()
    constant_shift(glove, SimpleGloVe())
    np.testing.assert_array_equal(glove.params["W"], before)
