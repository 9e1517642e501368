"""reduce_to_shape undoes NumPy broadcasting: it is the adjoint of np.broadcast_to."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bpviz.engine import Graph, total
from bpviz.engine.broadcast import reduce_to_shape


@pytest.mark.parametrize("shape, expected", [
    ((3, 1), np.full((3, 1), 4.0)),     # the stretched column axis is summed, kept as size 1
    ((1, 4), np.full((1, 4), 3.0)),
    ((4,), np.full(4, 3.0)),            # the added leading axis is summed away
    ((), np.array(12.0)),               # a scalar collects everything
    ((3, 4), np.ones((3, 4))),
])
def test_ones_of_shape_three_by_four_reduce_to_counts(shape, expected):
    reduced = reduce_to_shape(np.ones((3, 4)), shape)
    assert reduced.shape == shape
    np.testing.assert_array_equal(reduced, expected)


def test_added_and_stretched_axes_together():
    grad = np.arange(24.0).reshape(2, 3, 4)
    reduced = reduce_to_shape(grad, (3, 1))
    np.testing.assert_array_equal(reduced, grad.sum(axis=(0, 2)).reshape(3, 1))


def test_matching_shape_is_returned_unchanged():
    grad = np.arange(6.0).reshape(2, 3)
    assert reduce_to_shape(grad, (2, 3)) is grad


@st.composite
def broadcast_pairs(draw):
    """An operand shape and a shape it broadcasts to."""
    target = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=1, base_shape=target,
                                                    max_dims=len(target), max_side=4))
    return shapes.input_shapes[0], shapes.result_shape


@settings(max_examples=60, deadline=None)
@given(pair=broadcast_pairs(), seed=st.integers(0, 2**32 - 1))
def test_reduce_to_shape_is_the_adjoint_of_broadcast_to(pair, seed):
    """⟨reduce(G), v⟩ = ⟨G, broadcast(v)⟩ for every G and v: exactly the chain rule."""
    shape, target = pair
    rng = np.random.default_rng(seed)
    grad, v = rng.normal(size=target), rng.normal(size=shape)
    reduced = reduce_to_shape(grad, shape)
    assert reduced.shape == shape
    assert np.sum(reduced * v) == pytest.approx(np.sum(grad * np.broadcast_to(v, target)),
                                                rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("left, right", [
    ((3, 1), (1, 4)),
    ((4,), (3, 4)),
    ((), (3, 4)),
    ((2, 1, 3), (4, 1)),
])
def test_every_operand_of_a_broadcast_op_gets_a_gradient_of_its_own_shape(left, right):
    graph = Graph()
    a = graph.variable(np.ones(left), "a")
    b = graph.variable(np.full(right, 2.0), "b")
    out = a * b
    graph.backward(total(out))
    assert a.grad.shape == left and b.grad.shape == right
    # Σ over the broadcast (a·b): each element of a meets (size of out / size of a) 2s.
    np.testing.assert_array_equal(a.grad, np.full(left, 2.0 * out.value.size / a.value.size))
    np.testing.assert_array_equal(b.grad, np.full(right, 1.0 * out.value.size / b.value.size))
