"""log σ(z) and log Σ exp(z): the values, their local derivatives against central
differences, and no overflow at huge scores."""

import numpy as np
import pytest

from bpviz.engine import Graph, ShapeError, gradcheck, record_trace, total
from bpviz.engine.ops import LogSigmoid, LogSumExp, op_class
from bpviz.engine.word_functions import log_sigmoid, log_sum_exp


def test_log_sigmoid_is_log_of_the_sigmoid():
    z = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
    graph = Graph()
    node = log_sigmoid(graph.variable(z, "z"))
    np.testing.assert_allclose(node.value, np.log(1.0 / (1.0 + np.exp(-z))), rtol=1e-14)


def test_log_sigmoid_gradient_is_sigma_of_minus_z_and_matches_central_differences():
    z = np.array([-2.0, -0.1, 0.3, 1.5])
    graph = Graph()
    variable = graph.variable(z, "z")
    J = total(log_sigmoid(variable) * np.array([1.0, -2.0, 0.5, 3.0]))
    graph.backward(J)
    np.testing.assert_allclose(variable.grad, np.array([1.0, -2.0, 0.5, 3.0])
                               / (1.0 + np.exp(z)), rtol=1e-13)
    assert gradcheck(graph, J).passed()


def test_log_sigmoid_of_huge_scores_neither_overflows_nor_rounds_to_minus_infinity():
    graph = Graph()
    z = graph.variable(np.array([-800.0, 800.0]), "z")
    node = log_sigmoid(z)
    np.testing.assert_allclose(node.value, [-800.0, 0.0])
    graph.backward(total(node))
    np.testing.assert_allclose(z.grad, [1.0, 0.0])


def test_log_sum_exp_gradient_is_the_softmax_and_is_recorded_as_named_probabilities():
    s = np.array([0.2, -1.0, 3.0, 0.5])
    graph = Graph()
    scores = graph.variable(s, "s")
    out = log_sum_exp(scores, "P(w|c)", label="lse")
    assert out.item() == pytest.approx(np.log(np.exp(s).sum()), rel=1e-14)
    trace = record_trace(graph, out)
    step = trace.steps[-1]
    expected = np.exp(s) / np.exp(s).sum()
    np.testing.assert_allclose(step.contributions[0].downstream, expected, rtol=1e-14)
    np.testing.assert_allclose(step.contributions[0].local.parts["P(w|c)"], expected, rtol=1e-14)
    assert trace.node(out.id).presenter().formula(0, ["s"]) == "∂(log Σ_w exp(s))/∂s = P(w|c)"
    assert gradcheck(graph, out).passed()


def test_log_sum_exp_of_huge_scores_is_finite():
    graph = Graph()
    out = log_sum_exp(graph.variable(np.array([1000.0, 999.0]), "s"))
    assert out.item() == pytest.approx(1000.0 + np.log1p(np.exp(-1.0)), rel=1e-15)


def test_log_sum_exp_refuses_a_matrix():
    graph = Graph()
    with pytest.raises(ShapeError, match="vector"):
        log_sum_exp(graph.variable(np.zeros((2, 2)), "S"))


def test_both_are_registered_by_name_for_traces():
    assert op_class("LogSigmoid") is LogSigmoid and op_class("LogSumExp") is LogSumExp
