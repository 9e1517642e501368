"""DivergenceError's message and attributes, and finding the first non-finite array."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.engine import Graph, NonFiniteError, log
from bpviz.errors import BpvizError
from bpviz.training.divergence import DivergenceError, first_non_finite
from bpviz.training.flat_params import FlatParams
from bpviz.training.optimizers import Adam


def test_the_message_says_step_node_and_what_was_done():
    error = DivergenceError(37, "the value of node 'z1' is not finite (inf)", node="z1")
    assert str(error) == ("training diverged at step 37: the value of node 'z1' is not finite "
                          "(inf); the parameters were restored to step 36. "
                          "Try a smaller learning rate.")
    assert (error.step, error.node, error.restored_to) == (37, "z1", 36)
    assert error.what == "the value of node 'z1' is not finite (inf)"
    assert isinstance(error, BpvizError)


def test_the_restored_step_can_be_given():
    error = DivergenceError(10, "the loss is not finite (nan)", restored_to=5)
    assert error.node is None
    assert "restored to step 5." in str(error)


def test_from_the_engines_error():
    graph = Graph()
    x = graph.variable(0.0, "x")
    with pytest.raises(NonFiniteError) as caught:
        log(x, label="h")
    error = DivergenceError.from_engine(4, caught.value)
    assert error.node == "h"
    assert str(error).startswith("training diverged at step 4: the value of node 'h' "
                                 "is not finite (-inf); the parameters were restored to step 3.")


def test_from_the_engines_backward_error():
    error = DivergenceError.from_engine(2, NonFiniteError(5, "z", "backward", "nan"))
    assert error.what == "the gradient of node 'z' is not finite (nan)"


def test_from_arrays_names_the_first_bad_parameter():
    arrays = {"W": np.ones(2), "b": np.array([1.0, np.nan]), "L": np.array([np.inf])}
    error = DivergenceError.from_arrays(8, arrays)
    assert error.node == "b"
    assert error.what == "the parameter 'b' is not finite (nan)"
    assert DivergenceError.from_arrays(8, {"W": np.ones(2)}) is None


@pytest.mark.parametrize("arrays, expected", [
    ({"W": np.ones((2, 2)), "b": np.zeros(2)}, None),
    ({}, None),
    ({"W": np.ones(2), "b": np.array([0.0, -np.inf]), "L": np.array([np.nan])}, "b"),
    ({"L": np.array([np.nan]), "W": np.array([np.inf])}, "L"),  # the mapping's order
    ({"s": np.array(np.inf)}, "s"),
])
def test_first_non_finite(arrays, expected):
    assert first_non_finite(arrays) == expected


def test_from_loss_only_when_it_is_not_finite():
    assert DivergenceError.from_loss(3, 1.6e301) is None  # huge, but a number
    error = DivergenceError.from_loss(3, float("-inf"))
    assert (error.node, error.what) == ("J", "the loss J is not finite (-inf)")


def test_from_optimizer_names_the_parameter_and_the_state():
    adam = Adam()
    adam.step({"W": np.ones(2)}, {"W": np.ones(2)}, 0.1)
    assert DivergenceError.from_optimizer(5, adam) is None
    adam.state["W"]["v"][1] = np.inf
    error = DivergenceError.from_optimizer(5, adam)
    assert error.node == "W" and error.step == 5
    assert error.what == "the adam optimiser's second moment v of 'W' is not finite (inf)"


def test_first_non_finite_of_flat_parameters_checks_their_buffer_and_names_the_array():
    params = FlatParams.from_arrays({"W": np.ones((2, 2)), "b": np.zeros(2)})
    assert first_non_finite(params) is None
    params["b"][0] = np.nan
    assert first_non_finite(params) == "b"
