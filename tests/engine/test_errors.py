"""NaN and infinity are caught at the node that made them; bad shapes say what does not fit."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.engine import (
    Graph, NonFiniteError, ShapeError, exp, log, lookup, matmul, softmax_cross_entropy, sqrt,
    total,
)
from bpviz.errors import BpvizError


def node_count_unchanged_by(graph: Graph, build) -> Exception:
    """Run a build that must fail; the graph must look as if it was never tried."""
    before = list(graph.nodes)
    with pytest.raises(BpvizError) as caught:
        build()
    assert graph.nodes == before
    return caught.value


# ---------------------------------------------------------------- forward


def test_log_of_a_negative_names_the_node_in_the_forward_pass():
    graph = Graph()
    x = graph.variable(-1.0, "x")
    error = node_count_unchanged_by(graph, lambda: log(x, label="L"))
    assert isinstance(error, NonFiniteError)
    assert (error.node_id, error.label, error.phase, error.kind) == (1, "L", "forward", "nan")
    assert str(error) == "the value of node 1 'L' is not finite (nan)"


@pytest.mark.parametrize("build, label, kind", [
    (lambda x: log(x * 0.0), "log", "-inf"),
    (lambda x: exp(x * 1000.0), "exp", "inf"),
    (lambda x: 1.0 / (x - 1.0), "div", "inf"),
    (lambda x: sqrt(-x), "sqrt", "nan"),
])
def test_forward_non_finite_kinds(build, label, kind):
    graph = Graph()
    x = graph.variable(1.0, "x")
    with pytest.raises(NonFiniteError) as caught:
        build(x)
    assert (caught.value.label, caught.value.kind, caught.value.phase) == (label, kind, "forward")
    assert all(np.isfinite(node.value).all() for node in graph.nodes)
    assert graph.nodes[-1].op.name != label  # the broken node is not in the graph


@pytest.mark.parametrize("value, kind", [
    (np.nan, "nan"), (np.inf, "inf"), ([1.0, -np.inf], "-inf"),
])
def test_a_non_finite_leaf_is_refused(value, kind):
    graph = Graph()
    with pytest.raises(NonFiniteError) as caught:
        graph.variable(value, "w")
    assert (caught.value.label, caught.value.kind, caught.value.node_id) == ("w", kind, 0)
    assert graph.nodes == []


def test_evaluate_names_the_first_node_that_breaks():
    graph = Graph()
    x = graph.variable(2.0, "x")
    first = log(x, label="log x")
    out = log(first, label="log log x")
    x.value = np.array(0.5)  # log 0.5 < 0: the second log breaks, the first is fine
    with pytest.raises(NonFiniteError) as caught:
        graph.evaluate(out)
    assert (caught.value.node_id, caught.value.label) == (out.id, "log log x")


# ---------------------------------------------------------------- backward


def test_sqrt_at_zero_has_an_infinite_gradient_in_the_backward_pass():
    graph = Graph()
    x = graph.variable([4.0, 0.0], "x")
    root = sqrt(x, label="root")
    out = total(root)
    assert out.item() == 2.0  # the forward pass is fine
    with pytest.raises(NonFiniteError) as caught:
        graph.backward(out)
    error = caught.value
    assert (error.node_id, error.label, error.phase, error.kind) == (
        root.id, "root", "backward", "inf")
    assert str(error) == f"the gradient of node {root.id} 'root' is not finite (inf)"


def test_non_finite_error_is_a_user_facing_error():
    assert issubclass(NonFiniteError, BpvizError) and issubclass(ShapeError, BpvizError)


# ---------------------------------------------------------------- shapes


def test_shape_mismatch_in_add_says_which_node_and_which_shapes():
    graph = Graph()
    x = graph.variable(np.ones(3), "x")
    error = node_count_unchanged_by(graph, lambda: x + np.ones(5))  # the constant goes too
    assert isinstance(error, ShapeError)
    assert "'add'" in str(error) and "shapes 3 and 5" in str(error)


def test_shape_mismatch_in_matmul_names_the_node_and_the_shapes():
    graph = Graph()
    W = graph.variable(np.ones((2, 3)), "W")
    x = graph.variable(np.ones(2), "x")
    error = node_count_unchanged_by(graph, lambda: matmul(W, x, label="Wx"))
    assert isinstance(error, ShapeError)
    assert str(error).startswith("node 2 'Wx': cannot apply matmul to shapes 2×3 and 2")


@pytest.mark.parametrize("build, message", [
    (lambda g: matmul(g.variable(2.0, "s"), g.variable(np.ones(2), "v")), "not scalars"),
    (lambda g: softmax_cross_entropy(g.variable(np.ones(3), "f"), 3), "0..2"),
    (lambda g: softmax_cross_entropy(g.variable(np.ones((2, 3)), "f"), 1), "N targets"),
    (lambda g: lookup(g.variable(np.ones(3), "L"), [0]), "2-D table"),
])
def test_invalid_operands_raise_shape_error(build, message):
    graph = Graph()
    with pytest.raises(ShapeError, match=message):
        build(graph)


def test_ids_stay_indices_after_a_failed_apply():
    graph = Graph()
    x = graph.variable(np.ones(3), "x")
    with pytest.raises(ShapeError):
        x * np.ones(2)
    y = x * 2.0
    assert [node.id for node in graph.nodes] == list(range(len(graph.nodes)))
    assert y.id == len(graph.nodes) - 1
