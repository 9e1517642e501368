"""gradcheck: tiny errors on smooth graphs, large ones for a wrong op, kinks flagged honestly
and exempting only the kinked elements."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.engine.local import product

from bpviz.engine import (
    Graph, NonFiniteError, absolute, gradcheck, hard_tanh, leaky_relu, log, matmul, max_margin,
    maximum, ops, relative_error, relu, sigmoid, softmax_cross_entropy, tanh, total,
)

SMOOTH = 1e-7   # a correct gradient on a smooth graph is far below this
WRONG = 1e-3    # a wrong local gradient is far above this

# ---------------------------------------------------------------- helpers


def classifier(dtype=np.float64):
    """J = CE(softmax(V h), y) + ½ Σ σ(h) ∘ h with h = tanh(W x + b): smooth everywhere."""
    rng = np.random.default_rng(0)
    graph = Graph(dtype=dtype)
    W = graph.variable(rng.normal(size=(4, 3)), "W")
    b = graph.variable(rng.normal(size=4), "b")
    V = graph.variable(rng.normal(size=(3, 4)), "V")
    x = graph.variable(rng.normal(size=3), "x")
    h = tanh(matmul(W, x) + b)
    J = softmax_cross_entropy(matmul(V, h), 2) + 0.5 * total(sigmoid(h) * h)
    return graph, J


def one_variable(build, value):
    graph = Graph()
    z = graph.variable(value, "z")
    return graph, total(build(z))


# ---------------------------------------------------------------- smooth graphs


def test_smooth_graph_has_tiny_errors_for_every_parameter():
    graph, J = classifier()
    report = gradcheck(graph, J)
    assert [check.label for check in report.parameters] == ["W", "b", "V", "x"]
    for check in report.parameters:
        node = graph.nodes[check.node]
        assert check.analytic.shape == check.numeric.shape == node.shape
        assert check.rel_error < SMOOTH and check.kinks == ()
        np.testing.assert_allclose(check.numeric, check.analytic, rtol=1e-6, atol=1e-9)
    assert report.max_rel_error < SMOOTH and report.overall_rel_error < SMOOTH
    assert not report.has_kinks and report.h == 1e-5


def test_max_error_is_the_worst_parameter_and_overall_pools_every_element():
    graph, J = classifier()
    report = gradcheck(graph, J)
    assert report.max_rel_error == max(check.rel_error for check in report.parameters)
    pooled = relative_error(np.concatenate([c.analytic.ravel() for c in report.parameters]),
                            np.concatenate([c.numeric.ravel() for c in report.parameters]))
    assert report.overall_rel_error == pooled


def test_analytic_gradients_are_backprops_gradients():
    graph, J = classifier()
    graph.backward(J)
    expected = {node.id: node.grad.copy() for node in graph.variables()}
    for check in gradcheck(graph, J).parameters:
        np.testing.assert_array_equal(check.analytic, expected[check.node])


def test_wrt_limits_the_check_to_the_given_variables():
    graph, J = classifier()
    V = next(node for node in graph.variables() if node.label == "V")
    report = gradcheck(graph, J, wrt=[V])
    assert [check.label for check in report.parameters] == ["V"]


def test_float32_graph_is_checked_in_float64():
    graph, J = classifier(np.float32)
    report = gradcheck(graph, J)
    assert report.max_rel_error < SMOOTH  # float32 differences would be ~1e-3
    assert all(check.numeric.dtype == np.float64 for check in report.parameters)


def test_relative_error_definition():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)
    assert relative_error(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == pytest.approx(
        np.sqrt(2) / 2)


# ---------------------------------------------------------------- a wrong gradient is caught


def _tanh_off_by_ten_percent(self, index, inputs, output):
    return product(1.1 * (1.0 - output * output), inputs[0].shape)


def _mul_with_own_value(self, index, inputs, output):
    return product(inputs[index], inputs[index].shape)  # the classic slip: should be the *other* input


def _sum_counts_twice(self, index, inputs, output):
    return product(np.full(inputs[0].shape, 2.0), inputs[0].shape)  # each element counted twice


@pytest.mark.parametrize("op, wrong_vjp", [
    (ops.Tanh, _tanh_off_by_ten_percent),
    (ops.Mul, _mul_with_own_value),
    (ops.Sum, _sum_counts_twice),
])
def test_a_wrong_local_gradient_gives_a_large_error(monkeypatch, op, wrong_vjp):
    graph, J = classifier()
    assert gradcheck(graph, J).max_rel_error < SMOOTH
    monkeypatch.setattr(op, "local", wrong_vjp)
    graph, J = classifier()
    report = gradcheck(graph, J)
    assert report.max_rel_error > WRONG and report.overall_rel_error > WRONG
    assert not report.has_kinks


def test_only_the_parameters_behind_the_wrong_op_are_blamed(monkeypatch):
    monkeypatch.setattr(ops.Tanh, "local", _tanh_off_by_ten_percent)
    graph = Graph()
    x = graph.variable([0.3, -0.4], "x")
    y = graph.variable([1.5, 2.0], "y")
    report = gradcheck(graph, total(tanh(x) * y))
    errors = {check.label: check.rel_error for check in report.parameters}
    assert errors["x"] == pytest.approx(0.1 / 2.1, rel=1e-4)  # ‖0.1 g‖ / ‖2.1 g‖
    assert errors["y"] < SMOOTH


# ---------------------------------------------------------------- kinks

H = 1e-5  # gradcheck's default step

KINKED = {
    "relu exactly at 0": (relu, [0.0, 1.0, -1.0], [(0,)]),
    "relu within h of 0": (relu, [0.5 * H, 2.0, -0.3 * H], [(0,), (2,)]),
    "leaky relu at 0": (leaky_relu, [1.0, 0.0], [(1,)]),
    "hard tanh at ±1": (hard_tanh, [1.0, 0.0, -1.0 + 0.2 * H], [(0,), (2,)]),
    "abs near 0": (absolute, [3e-6, -1.0], [(0,)]),
    "max with a tie": (lambda z: maximum(z, 1.0), [1.0, 2.0, 0.0], [(0,)]),
}

SMOOTH_PLACES = {
    "relu far from 0": (relu, [0.5, -1.0, 2.0]),
    "leaky relu far from 0": (leaky_relu, [0.5, -1.0]),
    "hard tanh inside and outside": (hard_tanh, [0.5, -2.0, 1.5]),
    "abs far from 0": (absolute, [0.1, -1.0]),
    "max without a tie": (lambda z: maximum(z, 1.0), [1.01, 0.99, 3.0]),
}


@pytest.mark.parametrize("name", KINKED)
def test_kinks_are_flagged_where_the_step_crosses_them(name):
    build, value, kinked = KINKED[name]
    graph, out = one_variable(build, value)
    (check,) = gradcheck(graph, out).parameters
    assert list(check.kinks) == kinked
    smooth = [i for i in range(len(value)) if (i,) not in kinked]
    np.testing.assert_allclose(check.numeric[smooth], check.analytic[smooth], rtol=1e-8)


@pytest.mark.parametrize("name", SMOOTH_PLACES)
def test_no_kink_is_flagged_far_from_one(name):
    build, value = SMOOTH_PLACES[name]
    graph, out = one_variable(build, value)
    report = gradcheck(graph, out)
    assert not report.has_kinks and report.parameters[0].kinks == ()
    assert report.max_rel_error < SMOOTH


def test_relu_exactly_at_zero_is_both_wrong_and_flagged():
    graph, out = one_variable(relu, [0.0])
    (check,) = gradcheck(graph, out).parameters
    assert float(check.analytic[0]) == 0.0 and float(check.numeric[0]) == pytest.approx(0.5)
    assert check.rel_error == pytest.approx(1.0) and check.kinks == ((0,),)


def test_a_kinked_element_alone_is_exempt_and_the_rest_must_agree():
    graph, out = one_variable(relu, [0.0, 1.0, 2.0])
    (check,) = gradcheck(graph, out).parameters
    assert check.kinks == ((0,),) and check.exempt == 1
    assert check.rel_error > 0.1  # element 0: backprop 0, central differences 0.5
    assert check.checked_rel_error < SMOOTH and check.passed()


def test_a_kink_does_not_excuse_a_wrong_gradient_in_another_element(monkeypatch):
    graph, out = one_variable(relu, [0.0, 1.0, 2.0])
    backward = graph.backward

    def backward_wrong_in_the_last_element(output):  # a backprop slip in element 2 only
        backward(output)
        graph.nodes[0].grad[2] *= 1.1

    monkeypatch.setattr(graph, "backward", backward_wrong_in_the_last_element)
    report = gradcheck(graph, out)
    (check,) = report.parameters
    assert check.kinks == ((0,),) and check.exempt == 1
    assert check.checked_rel_error == pytest.approx(0.1 / (np.hypot(1, 1.1) + np.sqrt(2)))
    assert not check.within_noise and not check.passed() and not report.passed()


def test_a_zero_gradient_beside_a_kink_passes_within_noise():
    # b[1] sits on relu's kink; b[0] gets a true zero gradient (it cancels, as in the test
    # below), whose central differences are rounding noise.
    graph = Graph()
    b = graph.variable([1.0, 0.0], "b")
    x, x_c = graph.constant([1.7, 2.9]), graph.constant([0.4, 1.1])
    w = graph.constant([0.37, 1.91])
    out = total(((x + b) * w - (x_c + b) * w) * 3.3 + relu(b) * graph.constant([0.0, 1.0]))
    (check,) = gradcheck(graph, out).parameters
    assert check.kinks == ((1,),) and check.exempt == 1
    assert float(check.analytic[0]) == 0.0 and check.numeric[0] != 0.0  # noise, not zero
    assert check.checked_rel_error == 1.0 and check.within_noise and check.passed()


@pytest.mark.parametrize("s, s_c, flagged", [
    (2.0, 1.0, True),    # s − s_c = 1: exactly at the margin
    (2.0, 1.0 + 0.5 * H, True),
    (3.0, 0.0, False),   # satisfied by far: J = 0, zero gradient
    (0.2, 0.1, False),   # violated by far: ∂J/∂s = −1, ∂J/∂s_c = 1
])
def test_hinge_is_flagged_only_at_its_margin(s, s_c, flagged):
    graph = Graph()
    sn, cn = graph.variable(s, "s"), graph.variable(s_c, "s_c")
    report = gradcheck(graph, max_margin(sn, cn))
    assert report.has_kinks == flagged
    if flagged:
        assert [check.kinks for check in report.parameters] == [((),), ((),)]
    else:
        assert report.max_rel_error < SMOOTH


# ---------------------------------------------------------------- the graph is left as it was


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_leaf_values_are_restored_exactly(dtype):
    graph, J = classifier(dtype)
    leaves = {node.id: node.value for node in graph.nodes if node.op is None}
    copies = {node_id: value.copy() for node_id, value in leaves.items()}
    output_before = J.value.copy()
    gradcheck(graph, J)
    for node_id, value in leaves.items():
        node = graph.nodes[node_id]
        if value.ndim:  # the very same arrays (a scalar is kept as a number)
            assert node.value is value
        assert node.value.dtype == dtype
        np.testing.assert_array_equal(node.value, copies[node_id])
    assert J.value.dtype == dtype
    np.testing.assert_array_equal(J.value, output_before)


def test_leaf_values_are_restored_when_a_perturbation_breaks_the_graph():
    graph = Graph()
    x = graph.variable([1.0, 2e-6], "x")  # x − h < 0: log fails on the way
    out = total(log(x))
    original = x.value.copy()
    with pytest.raises(NonFiniteError):
        gradcheck(graph, out)
    np.testing.assert_array_equal(x.value, original)
    np.testing.assert_array_equal(out.value, np.log(original).sum())


def test_a_gradient_that_is_truly_zero_passes_despite_rounding_noise():
    # ∂J/∂b = 0 exactly: b cancels in (W x + b) − (W x_c + b); central differences see noise.
    graph = Graph()
    b = graph.variable([0.3, -0.2], "b")
    x = graph.constant([1.7, 2.9])
    x_c = graph.constant([0.4, 1.1])
    w = graph.constant([0.37, 1.91])
    J = total(((x + b) * w - (x_c + b) * w) * 3.3)
    report = gradcheck(graph, J)
    check = report.parameters[0]
    assert not check.analytic.any() and check.numeric.any()  # rounding noise, not zero
    assert check.within_noise and check.passed() and report.passed()


def test_a_wrong_zero_gradient_is_not_within_noise():
    graph = Graph()
    b = graph.variable([0.3, -0.2], "b")
    J = total(b * 1e-3)
    graph.backward(J)
    original_local = ops.Mul.local
    try:
        ops.Mul.local = lambda self, index, inputs, output: product(0.0, inputs[index].shape)
        report = gradcheck(graph, J)
    finally:
        ops.Mul.local = original_local
    assert not report.parameters[0].within_noise and not report.passed()
