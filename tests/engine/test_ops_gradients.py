"""Every operation's backprop gradient against central differences of an independent NumPy formula.

Each check builds J = Σ (op(operands) ∘ R) in the engine, with a random "upstream" R, so a
vector–Jacobian product that ignores or mishandles its upstream fails too. The numeric side
perturbs the operands of a plain NumPy reference, never the engine, one element at a time.
Points within KINK_DISTANCE of a kink (ReLU at 0, a tie in max, the hinge at its margin…)
are skipped: there the function has no derivative to compare against.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bpviz.engine import (
    Graph, absolute, concat, exp, hard_tanh, leaky_relu, log, lookup, matmul, max_margin,
    maximum, minimum, multiclass_hinge, relu, reshape, rows, sigmoid, softmax_cross_entropy, sqrt,
    squared_error, tanh, total, transpose,
)
from bpviz.engine import ShapeError, ops

H = 1e-6                # central-difference step, in float64
TOLERANCE = 1e-6        # largest relative error accepted
KINK_DISTANCE = 1e-3    # points closer than this to a kink are skipped (≫ H)
EXAMPLES = 30           # hypothesis examples per test: the file stays at a few seconds

SETTINGS = settings(max_examples=EXAMPLES, deadline=None)


# ---------------------------------------------------------------- helpers


def numeric_gradient(f: Callable[..., float], arrays: list[np.ndarray], index: int,
                     h: float = H) -> np.ndarray:
    """(f(θ + h) − f(θ − h)) / 2h for every element θ of arrays[index]."""
    arrays = [np.array(array, dtype=np.float64) for array in arrays]
    target = arrays[index]
    grad = np.zeros_like(target)
    for position in np.ndindex(target.shape):
        original = target[position]
        target[position] = original + h
        plus = f(*arrays)
        target[position] = original - h
        minus = f(*arrays)
        target[position] = original
        grad[position] = (plus - minus) / (2 * h)
    return grad


def rel_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖); 0 when they are identical (both zero included)."""
    difference = float(np.linalg.norm(np.asarray(analytic) - np.asarray(numeric)))
    if difference == 0.0:
        return 0.0
    return difference / float(np.linalg.norm(analytic) + np.linalg.norm(numeric))


def engine_value_and_grads(build: Callable, arrays: list[np.ndarray],
                           upstream: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Build op(variables) in a fresh graph, backpropagate J = Σ op ∘ upstream."""
    graph = Graph()
    leaves = [graph.variable(array, f"v{index}") for index, array in enumerate(arrays)]
    out = build(*leaves)
    loss = total(out * graph.constant(upstream, "R"))
    graph.backward(loss)
    return out.value, [leaf.grad for leaf in leaves]


def assert_gradients_match(build: Callable, reference: Callable, arrays: list[np.ndarray],
                           upstream: np.ndarray) -> None:
    """Forward value equals the reference; every operand's gradient has its shape and
    matches central differences of Σ reference ∘ upstream."""
    value, grads = engine_value_and_grads(build, arrays, upstream)
    np.testing.assert_allclose(value, reference(*arrays), rtol=1e-12, atol=1e-12)

    def loss(*operands):
        return float(np.sum(reference(*operands) * upstream))

    floor = rounding_floor(np.abs(reference(*arrays) * upstream))
    for index, (array, grad) in enumerate(zip(arrays, grads)):
        assert grad.shape == np.shape(array), f"operand {index}: gradient shape {grad.shape}"
        numeric = numeric_gradient(loss, arrays, index)
        error = rel_error(grad, numeric)
        assert error < TOLERANCE or np.linalg.norm(grad - numeric) < floor * np.sqrt(grad.size), (
            f"operand {index}: relative error {error:.2e}\nanalytic {grad}\nnumeric {numeric}")


def rounding_floor(terms: np.ndarray) -> float:
    """How far one central difference of Σ terms can be off from rounding alone.

    Below this a gradient cannot be resolved (e.g. an upstream of 1e-40 next to one of 1);
    every gradient above it must meet the relative TOLERANCE.
    """
    return 10 * np.finfo(np.float64).eps * float(np.sum(terms)) / H


# ---------------------------------------------------------------- strategies

VALUES = st.floats(-3, 3, allow_nan=False, allow_infinity=False, allow_subnormal=False)
POSITIVE = st.floats(0.1, 3, allow_subnormal=False)
NONZERO = st.one_of(st.floats(0.25, 3), st.floats(-3, -0.25))
UPSTREAM = st.floats(-2, 2, allow_nan=False, allow_infinity=False, allow_subnormal=False)
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)


def arrays_of(shape, elements=VALUES):
    """float64 arrays whose every element is drawn separately (no repeated fill value)."""
    return hnp.arrays(np.float64, shape, elements=elements, fill=st.nothing())


def draw_upstream(data, reference: Callable, arrays: list[np.ndarray]) -> np.ndarray:
    return data.draw(arrays_of(np.shape(reference(*arrays)), UPSTREAM), label="upstream")


# ---------------------------------------------------------------- element-wise ops


@dataclass(frozen=True)
class Case:
    """An op in the engine, the same op in plain NumPy, each operand's domain, its kinks."""

    build: Callable
    reference: Callable
    domains: tuple
    kink_distance: Callable | None = None  # element-wise distance to the nearest kink


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


UNARY = {
    "neg": Case(lambda a: -a, np.negative, (VALUES,)),
    "exp": Case(exp, np.exp, (VALUES,)),
    "log": Case(log, np.log, (POSITIVE,)),
    "sqrt": Case(sqrt, np.sqrt, (POSITIVE,)),
    "abs": Case(absolute, np.abs, (VALUES,), np.abs),
    "tanh": Case(tanh, np.tanh, (VALUES,)),
    "sigmoid": Case(sigmoid, _sigmoid, (VALUES,)),
    "relu": Case(relu, lambda z: np.maximum(z, 0.0), (VALUES,), np.abs),
    "leaky_relu": Case(leaky_relu, lambda z: np.where(z > 0, z, 0.01 * z), (VALUES,), np.abs),
    "leaky_relu(0.2)": Case(lambda z: leaky_relu(z, slope=0.2),
                            lambda z: np.where(z > 0, z, 0.2 * z), (VALUES,), np.abs),
    "hard_tanh": Case(hard_tanh, lambda z: np.clip(z, -1.0, 1.0), (VALUES,),
                      lambda z: np.minimum(np.abs(z - 1.0), np.abs(z + 1.0))),
}

BINARY = {
    "add": Case(lambda a, b: a + b, np.add, (VALUES, VALUES)),
    "sub": Case(lambda a, b: a - b, np.subtract, (VALUES, VALUES)),
    "mul": Case(lambda a, b: a * b, np.multiply, (VALUES, VALUES)),
    "div": Case(lambda a, b: a / b, np.divide, (VALUES, NONZERO)),
    "pow": Case(lambda a, b: a ** b, np.power, (POSITIVE, VALUES)),
    "max": Case(maximum, np.maximum, (VALUES, VALUES), lambda a, b: np.abs(a - b)),
    "min": Case(minimum, np.minimum, (VALUES, VALUES), lambda a, b: np.abs(a - b)),
    "max_margin": Case(max_margin, lambda s, s_c: np.maximum(0.0, 1.0 - s + s_c),
                       (VALUES, VALUES), lambda s, s_c: np.abs(1.0 - s + s_c)),
}


def assume_away_from_kinks(case: Case, arrays: list[np.ndarray]) -> None:
    if case.kink_distance is not None:
        assume(np.all(case.kink_distance(*arrays) > KINK_DISTANCE))


@pytest.mark.parametrize("name", UNARY)
@SETTINGS
@given(data=st.data())
def test_unary_op_gradient_matches_central_differences(name, data):
    case = UNARY[name]
    shape = data.draw(SHAPES, label="shape")
    arrays = [data.draw(arrays_of(shape, case.domains[0]), label="z")]
    assume_away_from_kinks(case, arrays)
    assert_gradients_match(case.build, case.reference, arrays,
                           draw_upstream(data, case.reference, arrays))


@pytest.mark.parametrize("name", BINARY)
@SETTINGS
@given(data=st.data())
def test_binary_op_gradient_matches_central_differences_with_broadcasting(name, data):
    case = BINARY[name]
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4),
                       label="shapes").input_shapes
    arrays = [data.draw(arrays_of(shape, domain), label=f"operand {index}")
              for index, (shape, domain) in enumerate(zip(shapes, case.domains))]
    assume_away_from_kinks(case, arrays)
    assert_gradients_match(case.build, case.reference, arrays,
                           draw_upstream(data, case.reference, arrays))


# The broadcasting cases of the lecture's arrays, one fixed example each: each operand's
# gradient must come back in that operand's own shape (summed over the stretched axes).
BROADCAST_PAIRS = {
    "column (3,1) with row (1,4)": ((3, 1), (1, 4)),
    "vector (4,) with matrix (3,4)": ((4,), (3, 4)),
    "scalar with matrix (3,4)": ((), (3, 4)),
    "matrix (3,4) with scalar": ((3, 4), ()),
}


def _domain_sample(domain, shape, rng):
    if domain is POSITIVE:
        return rng.uniform(0.5, 2.5, shape)
    if domain is NONZERO:
        return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.5, 2.5, shape)
    return rng.uniform(-2.5, 2.5, shape)


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("pair", BROADCAST_PAIRS)
def test_broadcast_operands_get_gradients_in_their_own_shape(name, pair):
    case = BINARY[name]
    shapes = BROADCAST_PAIRS[pair]
    rng = np.random.default_rng(7)
    arrays = [_domain_sample(domain, shape, rng) for shape, domain in zip(shapes, case.domains)]
    if case.kink_distance is not None:  # the seed keeps every point off the kinks
        assert np.all(case.kink_distance(*arrays) > KINK_DISTANCE)
    upstream = rng.uniform(-1, 1, np.broadcast_shapes(*shapes))
    _, grads = engine_value_and_grads(case.build, arrays, upstream)
    assert [grad.shape for grad in grads] == list(shapes)
    assert_gradients_match(case.build, case.reference, arrays, upstream)


def test_add_of_column_and_row_sums_upstream_over_the_stretched_axis():
    upstream = np.arange(12.0).reshape(3, 4)
    _, (column_grad, row_grad) = engine_value_and_grads(
        lambda a, b: a + b, [np.zeros((3, 1)), np.zeros((1, 4))], upstream)
    np.testing.assert_array_equal(column_grad, [[6.0], [22.0], [38.0]])
    np.testing.assert_array_equal(row_grad, [[12.0, 15.0, 18.0, 21.0]])


# ---------------------------------------------------------------- matrix products and sums

MATMUL_SHAPES = {
    "matrix×vector": lambda n, k, m: ((n, k), (k,)),
    "matrix×matrix": lambda n, k, m: ((n, k), (k, m)),
    "vector×matrix": lambda n, k, m: ((k,), (k, m)),
    "vector×vector": lambda n, k, m: ((k,), (k,)),
}


@pytest.mark.parametrize("kind", MATMUL_SHAPES)
@SETTINGS
@given(data=st.data(), sizes=st.tuples(*[st.integers(1, 4)] * 3))
def test_matmul_gradient_matches_central_differences(kind, data, sizes):
    shapes = MATMUL_SHAPES[kind](*sizes)
    arrays = [data.draw(arrays_of(shape), label=f"operand {index}")
              for index, shape in enumerate(shapes)]
    assert_gradients_match(matmul, np.matmul, arrays, draw_upstream(data, np.matmul, arrays))


def test_matmul_gradients_are_the_lecture_formulas():
    """∂J/∂A = δ Bᵀ and ∂J/∂B = Aᵀ δ for J = Σ (A B) ∘ δ."""
    rng = np.random.default_rng(0)
    a, b, delta = rng.normal(size=(3, 2)), rng.normal(size=(2, 4)), rng.normal(size=(3, 4))
    _, (grad_a, grad_b) = engine_value_and_grads(matmul, [a, b], delta)
    np.testing.assert_allclose(grad_a, delta @ b.T, rtol=1e-13)
    np.testing.assert_allclose(grad_b, a.T @ delta, rtol=1e-13)


@SETTINGS
@given(data=st.data(), shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
def test_sum_gradient_matches_central_differences(data, shape):
    axis = data.draw(st.none() | st.integers(-len(shape), len(shape) - 1), label="axis")

    def reference(a):
        return np.sum(a, axis=axis)

    arrays = [data.draw(arrays_of(shape), label="a")]
    assert_gradients_match(lambda a: total(a, axis=axis), reference, arrays,
                           draw_upstream(data, reference, arrays))


def test_sum_over_an_axis_spreads_each_upstream_along_that_axis():
    _, (grad,) = engine_value_and_grads(lambda a: total(a, axis=1), [np.ones((2, 3))],
                                        np.array([10.0, 20.0]))
    np.testing.assert_array_equal(grad, [[10.0] * 3, [20.0] * 3])


# ---------------------------------------------------------------- concat, lookup, reshape


@pytest.mark.parametrize("axis", [0, 1])
@SETTINGS
@given(data=st.data(), count=st.integers(1, 3), shared=st.integers(1, 3))
def test_concat_gradient_matches_central_differences(axis, data, count, shared):
    sizes = data.draw(st.lists(st.integers(1, 3), min_size=count, max_size=count), label="sizes")
    shapes = [(size, shared) if axis == 0 else (shared, size) for size in sizes]
    arrays = [data.draw(arrays_of(shape), label=f"part {index}")
              for index, shape in enumerate(shapes)]

    def reference(*parts):
        return np.concatenate(parts, axis=axis)

    assert_gradients_match(lambda *parts: concat(parts, axis=axis), reference, arrays,
                           draw_upstream(data, reference, arrays))


def test_concat_of_word_vectors_hands_each_word_its_own_slice():
    upstream = np.arange(6.0)
    _, grads = engine_value_and_grads(lambda *words: concat(words),
                                      [np.zeros(2), np.zeros(3), np.zeros(1)], upstream)
    np.testing.assert_array_equal(grads[0], [0.0, 1.0])
    np.testing.assert_array_equal(grads[1], [2.0, 3.0, 4.0])
    np.testing.assert_array_equal(grads[2], [5.0])


@SETTINGS
@given(data=st.data(), rows=st.integers(2, 5), width=st.integers(1, 3))
def test_lookup_gradient_matches_central_differences_with_repeated_rows(data, rows, width):
    picked = data.draw(st.lists(st.integers(0, rows - 1), min_size=1, max_size=4), label="rows")
    indices = picked + [picked[0]]  # at least one row is looked up twice
    arrays = [data.draw(arrays_of((rows, width)), label="table")]

    def reference(table):
        return table[indices]

    assert_gradients_match(lambda table: lookup(table, indices), reference, arrays,
                           draw_upstream(data, reference, arrays))


def test_lookup_adds_the_gradients_of_a_repeated_row():
    upstream = np.array([[1.0, 2.0], [10.0, 20.0], [100.0, 200.0]])
    value, (grad,) = engine_value_and_grads(lambda table: lookup(table, [1, 2, 1]),
                                            [np.arange(6.0).reshape(3, 2)], upstream)
    np.testing.assert_array_equal(value, [[2.0, 3.0], [4.0, 5.0], [2.0, 3.0]])
    np.testing.assert_array_equal(grad, [[0.0, 0.0], [101.0, 202.0], [10.0, 20.0]])


@SETTINGS
@given(data=st.data(), shape=SHAPES)
def test_reshape_gradient_matches_central_differences(data, shape):
    size = int(np.prod(shape))
    new_shape = data.draw(st.sampled_from([(size,), (size, 1), (1, size), tuple(reversed(shape))]),
                          label="new shape")

    def reference(a):
        return np.reshape(a, new_shape)

    arrays = [data.draw(arrays_of(shape), label="a")]
    assert_gradients_match(lambda a: reshape(a, new_shape), reference, arrays,
                           draw_upstream(data, reference, arrays))


@SETTINGS
@given(data=st.data(), shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
def test_rows_gradient_matches_central_differences(data, shape):
    start = data.draw(st.integers(0, shape[0] - 1), label="start")
    stop = data.draw(st.integers(start + 1, shape[0]), label="stop")

    def reference(a):
        return a[start:stop]

    arrays = [data.draw(arrays_of(shape), label="a")]
    assert_gradients_match(lambda a: rows(a, start, stop), reference, arrays,
                           draw_upstream(data, reference, arrays))


def test_rows_outside_the_array_are_refused():
    graph = Graph()
    a = graph.variable(np.zeros(3), "a")
    with pytest.raises(ShapeError, match="rows 2:5 of an array of shape"):
        rows(a, 2, 5)
    with pytest.raises(ValueError, match="at least one row"):
        rows(a, 2, 2)


@SETTINGS
@given(data=st.data(), rows=st.integers(1, 4), columns=st.integers(1, 4))
def test_transpose_gradient_matches_central_differences(data, rows, columns):
    arrays = [data.draw(arrays_of((rows, columns)), label="a")]
    assert_gradients_match(transpose, np.transpose, arrays,
                           draw_upstream(data, np.transpose, arrays))


# ---------------------------------------------------------------- losses


def hinge_reference(targets):
    """Mean over rows of Σ_{j≠y} max(0, 1 − f_y + f_j), with an explicit loop."""
    def reference(scores):
        batch = np.atleast_2d(scores)
        total_loss = 0.0
        for row, target in zip(batch, np.atleast_1d(targets)):
            total_loss += sum(max(0.0, 1 - row[target] + row[j])
                              for j in range(len(row)) if j != target)
        return total_loss / len(batch)
    return reference


def squared_reference(targets):
    """Mean over rows of ½ ‖f − onehot(y)‖²."""
    def reference(scores):
        batch = np.atleast_2d(scores)
        onehot = np.eye(batch.shape[1])[np.atleast_1d(targets)]
        return 0.5 * np.sum((batch - onehot) ** 2) / len(batch)
    return reference


def draw_scored_batch(data, batch, classes):
    """Targets, a score batch (N×C) and a scalar upstream, for the losses' checks."""
    targets = data.draw(st.lists(st.integers(0, classes - 1), min_size=batch, max_size=batch),
                        label="targets")
    scores = data.draw(arrays_of((batch, classes)), label="scores")
    return targets, [scores], np.asarray(data.draw(UPSTREAM, label="upstream"))


def hinge_kink_distance(scores, targets):
    batch = np.atleast_2d(scores)
    picked = batch[np.arange(len(batch)), np.atleast_1d(targets)][:, None]
    margins = np.abs(1 - picked + batch)
    margins[np.arange(len(batch)), np.atleast_1d(targets)] = np.inf
    return margins.min()


@SETTINGS
@given(data=st.data(), batch=st.integers(1, 4), classes=st.integers(2, 5))
def test_batch_losses_match_central_differences(data, batch, classes):
    targets, arrays, upstream = draw_scored_batch(data, batch, classes)
    assert_gradients_match(lambda f: squared_error(f, targets), squared_reference(targets),
                           arrays, upstream)
    assume(hinge_kink_distance(arrays[0], targets) > KINK_DISTANCE)
    assert_gradients_match(lambda f: multiclass_hinge(f, targets), hinge_reference(targets),
                           arrays, upstream)


def test_multiclass_hinge_counts_each_violated_class_once():
    # Row 0: y = 0, f = (2, 1.5, -1): class 1 violates (1 − 2 + 1.5 = 0.5), class 2 does not.
    _, (grad,) = engine_value_and_grads(lambda f: multiclass_hinge(f, [0]),
                                        [np.array([[2.0, 1.5, -1.0]])], np.asarray(1.0))
    np.testing.assert_array_equal(grad, [[-1.0, 1.0, 0.0]])


def test_squared_error_of_a_perfect_prediction_is_zero():
    value, (grad,) = engine_value_and_grads(lambda f: squared_error(f, [1, 0]),
                                            [np.array([[0.0, 1.0], [1.0, 0.0]])], np.asarray(1.0))
    assert float(value) == 0.0 and not grad.any()


def cross_entropy_reference(targets):
    """Mean −log(exp(f_y) / Σ_c exp(f_c)), written naively (fine for |f| ≤ 3)."""
    def reference(scores):
        batch = np.atleast_2d(scores)
        rows = np.arange(len(batch))
        probabilities = np.exp(batch) / np.exp(batch).sum(axis=1, keepdims=True)
        return np.mean(-np.log(probabilities[rows, np.atleast_1d(targets)]))
    return reference


@SETTINGS
@given(data=st.data(), classes=st.integers(2, 5))
def test_softmax_cross_entropy_of_one_score_vector_matches_central_differences(data, classes):
    target = data.draw(st.integers(0, classes - 1), label="target")
    arrays = [data.draw(arrays_of((classes,)), label="scores")]
    upstream = np.asarray(data.draw(UPSTREAM, label="upstream"))
    assert_gradients_match(lambda f: softmax_cross_entropy(f, target),
                           cross_entropy_reference(target), arrays, upstream)


@SETTINGS
@given(data=st.data(), batch=st.integers(1, 4), classes=st.integers(2, 5))
def test_softmax_cross_entropy_of_a_batch_matches_central_differences(data, batch, classes):
    targets, arrays, upstream = draw_scored_batch(data, batch, classes)
    assert_gradients_match(lambda f: softmax_cross_entropy(f, targets),
                           cross_entropy_reference(targets), arrays, upstream)


def test_softmax_cross_entropy_gradient_is_prediction_minus_one_hot():
    scores = np.array([1.0, 2.0, 0.5])
    _, (grad,) = engine_value_and_grads(lambda f: softmax_cross_entropy(f, 1), [scores],
                                        np.asarray(1.0))
    prediction = np.exp(scores) / np.exp(scores).sum()
    np.testing.assert_allclose(grad, prediction - [0.0, 1.0, 0.0], rtol=1e-13)


@pytest.mark.parametrize("scores, targets, loss, grad", [
    ([1000.0, 0.0, -1000.0], 0, 0.0, [0.0, 0.0, 0.0]),
    ([1000.0, 0.0, -1000.0], 1, 1000.0, [1.0, -1.0, 0.0]),
    ([1000.0, 0.0, -1000.0], 2, 2000.0, [1.0, 0.0, -1.0]),
    ([[1000.0, 0.0], [0.0, 1000.0]], [0, 0], 500.0, [[0.0, 0.0], [-0.5, 0.5]]),
])
def test_softmax_cross_entropy_is_stable_for_huge_scores(scores, targets, loss, grad):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graph = Graph()
        f = graph.variable(scores, "f")
        out = softmax_cross_entropy(f, targets)
        graph.backward(out)
    assert out.value.shape == ()
    assert out.item() == pytest.approx(loss, abs=1e-12)
    np.testing.assert_allclose(f.grad, grad, atol=1e-12)
    # The op itself, outside the graph's error state: no overflow, no 0/0.
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        op = ops.SoftmaxCrossEntropy(targets)
        value = op.forward(np.array(scores))
        op.vjp(0, np.asarray(1.0), (np.array(scores),), value)


def test_max_margin_gradient_is_minus_one_and_plus_one_while_violated():
    _, (grad_s, grad_c) = engine_value_and_grads(max_margin, [np.array(0.5), np.array(0.2)],
                                                 np.asarray(1.0))
    assert (grad_s, grad_c) == (-1.0, 1.0)


@pytest.mark.parametrize("s, s_c", [(2.0, 0.5), (1.0, 0.0), (5.0, -3.0)])
def test_max_margin_gradient_is_zero_when_satisfied(s, s_c):
    value, grads = engine_value_and_grads(max_margin, [np.array(s), np.array(s_c)],
                                          np.asarray(1.0))
    assert value == 0.0
    assert [float(grad) for grad in grads] == [0.0, 0.0]


# ---------------------------------------------------------------- saturating non-linearities

HUGE = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])


def test_sigmoid_of_huge_inputs_reaches_its_limits_without_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        direct = ops.Sigmoid().forward(HUGE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graph = Graph()
        z = graph.variable(HUGE, "z")
        out = sigmoid(z)
        graph.backward(total(out))
    for values in (direct, out.value):
        assert values[0] == 0.0 and values[-1] == 1.0 and values[2] == 0.5
        assert np.all(np.isfinite(values))
    np.testing.assert_allclose(out.value[1:4], _sigmoid(HUGE[1:4]), rtol=1e-15)
    assert z.grad[0] == 0.0 and z.grad[-1] == 0.0 and z.grad[2] == 0.25


def test_tanh_of_huge_inputs_is_plus_minus_one_with_zero_gradient():
    graph = Graph()
    z = graph.variable(HUGE, "z")
    graph.backward(total(tanh(z)))
    np.testing.assert_array_equal(z.grad[[0, -1]], [0.0, 0.0])
    assert z.grad[2] == 1.0


@pytest.mark.parametrize("build, z, expected", [
    (relu, [-2.0, 0.0, 3.0], [0.0, 0.0, 1.0]),
    (leaky_relu, [-2.0, 0.0, 3.0], [0.01, 0.01, 1.0]),
    (hard_tanh, [-2.0, -1.0, 0.5, 1.0, 2.0], [0.0, 0.0, 1.0, 0.0, 0.0]),
    (absolute, [-2.0, 0.0, 3.0], [-1.0, 0.0, 1.0]),
])
def test_piecewise_derivatives_are_the_documented_pieces(build, z, expected):
    graph = Graph()
    leaf = graph.variable(z, "z")
    graph.backward(total(build(leaf)))
    np.testing.assert_array_equal(leaf.grad, expected)


@pytest.mark.parametrize("build, a, b, expected_a, expected_b", [
    (maximum, [3.0, 1.0, 2.0], [1.0, 3.0, 2.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]),
    (minimum, [3.0, 1.0, 2.0], [1.0, 3.0, 2.0], [0.0, 1.0, 1.0], [1.0, 0.0, 0.0]),
])
def test_max_and_min_route_the_upstream_to_the_chosen_input_only(build, a, b, expected_a,
                                                                  expected_b):
    graph = Graph()
    left, right = graph.variable(a, "a"), graph.variable(b, "b")
    graph.backward(total(build(left, right)))
    np.testing.assert_array_equal(left.grad, expected_a)  # a tie goes to a
    np.testing.assert_array_equal(right.grad, expected_b)


def test_pow_at_zero_base_has_a_zero_exponent_gradient_not_nan():
    graph = Graph()
    x, y = graph.variable(0.0, "x"), graph.variable(2.0, "y")
    graph.backward(x ** y)
    assert float(x.grad) == 0.0 and float(y.grad) == 0.0


def test_pow_with_exponent_zero_at_base_zero_is_flat_not_nan():
    graph = Graph()
    x = graph.variable(0.0, "x")
    out = x ** 0.0
    graph.backward(out)
    assert float(out.value) == 1.0 and float(x.grad) == 0.0
