"""Saving parameters and writing them back into the same arrays."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.training.params import copy_params, load_params


def test_copy_is_deep_and_ordered():
    params = {"W": np.ones((2, 2)), "b": np.zeros(2)}
    saved = copy_params(params)
    params["W"][0, 0] = 5.0
    assert list(saved) == ["W", "b"]
    assert saved["W"][0, 0] == 1.0


def test_load_writes_into_the_same_arrays():
    params = {"W": np.ones((2, 2)), "b": np.zeros(2)}
    W = params["W"]
    saved = copy_params(params)
    W[...] = np.nan
    load_params(params, saved)
    assert params["W"] is W
    np.testing.assert_array_equal(W, np.ones((2, 2)))
    saved["W"][0, 0] = 9.0  # loading copied the values
    assert W[0, 0] == 1.0


def test_load_refuses_a_mismatch():
    params = {"W": np.ones((2, 2))}
    with pytest.raises(ValueError, match="do not match"):
        load_params(params, {"V": np.ones((2, 2))})
    with pytest.raises(ValueError, match="has shape"):
        load_params(params, {"W": np.ones(2)})
