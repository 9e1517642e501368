"""The plan's kernels for negative sampling on a batch: log σ(z) bit for bit the generic
op at any z, and stacked products A[i] B[i] with the generic engine's gradients."""

import numpy as np
import pytest

from bpviz.engine import Graph, matmul, total
from bpviz.engine.plan import compile_plan
from bpviz.engine.plan.kernels import kernel_for
from bpviz.engine.plan.linear import StackedMatMulKernel
from bpviz.engine.plan.logarithms import LogSigmoidKernel
from bpviz.engine.word_functions import log_sigmoid

EXTREMES = np.array([[-800.0, -30.0, -1.0, -0.0], [0.0, 1e-300, 2.5, 800.0]])


def generic(build, values):
    """The output and gradients of `build` by the generic engine, on fresh leaves."""
    graph = Graph()
    leaves = [graph.variable(value, f"x{i}") for i, value in enumerate(values)]
    J = build(*leaves)
    graph.evaluate(J)
    graph.backward(J)
    return J.value, [leaf.grad for leaf in leaves]


def planned(build, values):
    graph = Graph()
    leaves = [graph.variable(value, f"x{i}") for i, value in enumerate(values)]
    J = build(*leaves)
    plan = compile_plan(graph, J, leaves)
    out = plan.run().copy()
    return out, [plan.grad(leaf.id).copy() for leaf in leaves], graph, J


def weighted_log_sigmoid(z):
    weights = z.graph.constant(np.arange(1.0, 9.0).reshape(2, 4), "w")
    return total(log_sigmoid(z) * weights)


def test_log_sigmoid_is_the_generic_op_bit_for_bit_at_any_z():
    out, grads, graph, _ = planned(weighted_log_sigmoid, [EXTREMES])
    expected_out, expected_grads = generic(weighted_log_sigmoid, [EXTREMES])
    assert isinstance(kernel_for(next(n for n in graph.nodes if n.label == "log_sigmoid")),
                      LogSigmoidKernel)
    np.testing.assert_array_equal(out, expected_out)
    np.testing.assert_array_equal(grads[0], expected_grads[0])
    assert np.isfinite(grads[0]).all() and out == pytest.approx(expected_out)


def stacked(a, b):
    return total(log_sigmoid(matmul(a, b)))


@pytest.mark.parametrize("shapes", [((5, 3, 4), (5, 4, 1)), ((4, 2, 3), (4, 3, 2)),
                                    ((3, 2, 1), (3, 1, 4))])
def test_stacked_products_have_the_generic_engines_gradients(shapes):
    rng = np.random.default_rng(3)
    values = [rng.normal(size=shape) for shape in shapes]
    out, grads, graph, _ = planned(stacked, values)
    expected_out, expected_grads = generic(stacked, values)
    product = next(n for n in graph.nodes if n.op is not None and n.op.name == "matmul")
    assert isinstance(kernel_for(product), StackedMatMulKernel)
    assert out == pytest.approx(expected_out, rel=1e-13)
    for grad, expected in zip(grads, expected_grads):
        np.testing.assert_allclose(grad, expected, rtol=1e-12, atol=1e-15)


def test_stacked_product_gradients_equal_central_differences():
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(3, 2, 4)), rng.normal(size=(3, 4, 1))
    _, (grad_a, grad_b), _, _ = planned(stacked, [a, b])

    def J(a, b):
        z = a @ b
        return float((np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))).sum())
    h = 1e-6
    for value, grad, index in ((a, grad_a, 0), (b, grad_b, 1)):
        numeric = np.zeros_like(value)
        for cell in np.ndindex(value.shape):
            up, down = [a.copy(), b.copy()], [a.copy(), b.copy()]
            up[index][cell] += h
            down[index][cell] -= h
            numeric[cell] = (J(*up) - J(*down)) / (2 * h)
        np.testing.assert_allclose(grad, numeric, atol=1e-8)
