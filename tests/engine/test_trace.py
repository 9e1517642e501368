"""Recorded traces: order of the steps, gradients that add up, frozen data."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from bpviz.engine.broadcast import reduce_to_shape
from bpviz.engine import (
    BackwardStep, ForwardStep, Graph, matmul, maximum, ops, record_trace, relu, tanh, total,
    trace_json,
)

# ---------------------------------------------------------------- graphs to trace


def lecture_graph():
    """(x + y) · max(y, z) at (1, 2, 0)."""
    graph = Graph()
    x, y, z = graph.variable(1.0, "x"), graph.variable(2.0, "y"), graph.variable(0.0, "z")
    return graph, ((x + y).named("a") * maximum(y, z).named("b")).named("f")


def rich_graph():
    """Matrices, broadcasting, a kink, shared nodes, constants and an op of constants only."""
    rng = np.random.default_rng(0)
    graph = Graph()
    W = graph.variable(rng.normal(size=(3, 4)), "W")
    x = graph.variable(rng.normal(size=4), "x")
    b = graph.variable(rng.normal(size=(3, 1)), "b")
    scale = graph.constant(2.0, "two") * graph.constant(3.0, "three")
    z = matmul(W, x) + b              # (3,) + (3, 1) broadcasts to (3, 3)
    h = relu(z) * scale + tanh(z)     # z feeds two nodes
    return graph, total(h * h) + total(x)  # x feeds two nodes as well


GRAPHS = {"lecture": lecture_graph, "rich": rich_graph}


@pytest.fixture(params=GRAPHS)
def traced(request):
    graph, output = GRAPHS[request.param]()
    return graph, output, record_trace(graph, output)


def forward_steps(trace):
    return [step for step in trace.steps if step.phase == "forward"]


def backward_steps(trace):
    return [step for step in trace.steps if step.phase == "backward"]


def every_array(trace):
    yield from trace.leaf_values.values()
    for step in trace.steps:
        if step.phase == "forward":
            yield step.value
        else:
            yield step.upstream
            for part in step.contributions:
                yield part.downstream
                yield part.accumulated
                if part.local.factor is not None:
                    yield part.local.factor


# ---------------------------------------------------------------- order


def test_forward_steps_are_in_topological_order_and_cover_every_op(traced):
    graph, output, trace = traced
    known = set(trace.leaf_values)
    for step in forward_steps(trace):
        assert set(trace.node(step.node).parents) <= known, f"node {step.node} before a parent"
        known.add(step.node)
    ops_needed = {node.id for node in graph.ancestors(output) if node.kind == "op"}
    assert [step.node for step in forward_steps(trace)] == sorted(ops_needed)
    assert trace.forward_count == len(ops_needed)


def test_every_forward_step_comes_before_every_backward_step(traced):
    _, _, trace = traced
    phases = [step.phase for step in trace.steps]
    backward = len(phases) - trace.forward_count
    assert phases == ["forward"] * trace.forward_count + ["backward"] * backward
    assert all(isinstance(step, ForwardStep if step.phase == "forward" else BackwardStep)
               for step in trace.steps)


def test_backward_steps_are_in_reverse_order_and_wait_for_every_child(traced):
    graph, output, trace = traced
    order = [step.node for step in backward_steps(trace)]
    assert order[0] == output.id
    assert order == sorted(order, reverse=True)
    done = set()
    for node_id in order:
        children = [node for node in graph.ancestors(output) if node_id in
                    {parent.id for parent in node.parents} and node.requires_grad]
        assert all(child.id in done for child in children), f"node {node_id} before a child"
        done.add(node_id)
    needing = {node.id for node in graph.ancestors(output)
               if node.kind == "op" and node.requires_grad}
    assert done == needing


def test_recorded_values_are_the_graphs_values(traced):
    graph, _, trace = traced
    for node_id, value in trace.leaf_values.items():
        np.testing.assert_array_equal(value, graph.nodes[node_id].value)
    for step in forward_steps(trace):
        np.testing.assert_array_equal(step.value, graph.nodes[step.node].value)


# ---------------------------------------------------------------- gradients add up


def test_contributions_into_each_node_add_up_to_its_gradient(traced):
    graph, output, trace = traced
    received: dict[int, np.ndarray] = {}
    for step in backward_steps(trace):
        for part in step.contributions:
            received[part.to] = received.get(part.to, 0) + part.downstream
    for node in graph.ancestors(output):
        if node.requires_grad and node is not output:
            np.testing.assert_allclose(received[node.id], node.grad, rtol=1e-14, atol=1e-14)
            assert received[node.id].shape == node.shape


def test_accumulated_is_the_running_sum_of_contributions(traced):
    _, _, trace = traced
    running: dict[int, np.ndarray] = {}
    for step in backward_steps(trace):
        for part in step.contributions:
            running[part.to] = part.downstream if part.to not in running else running[part.to] + part.downstream
            np.testing.assert_array_equal(part.accumulated, running[part.to])


def test_upstream_of_a_node_is_everything_its_children_sent(traced):
    _, output, trace = traced
    sent: dict[int, np.ndarray] = {}
    for step in backward_steps(trace):
        expected = np.ones(output.shape) if step.node == output.id else sent[step.node]
        np.testing.assert_array_equal(step.upstream, expected)
        for part in step.contributions:
            sent[part.to] = part.accumulated


def test_each_contribution_is_its_local_derivative_applied_to_the_upstream(traced):
    graph, _, trace = traced
    for step in backward_steps(trace):
        node = graph.nodes[step.node]
        indices = [index for index, parent in enumerate(node.parents) if parent.requires_grad]
        assert [part.index for part in step.contributions] == indices
        for part in step.contributions:
            assert part.upstream is step.upstream
            spread = part.local.apply(part.upstream)
            np.testing.assert_array_equal(
                reduce_to_shape(np.asarray(spread), trace.node(part.to).shape), part.downstream)


def test_a_parent_used_twice_by_one_node_gets_two_contributions_and_a_running_sum():
    graph = Graph()
    x = graph.variable([1.0, -3.0], "x")
    square = x * x
    trace = record_trace(graph, total(square))
    (step,) = [step for step in backward_steps(trace) if step.node == square.id]
    assert [part.to for part in step.contributions] == [x.id, x.id]
    np.testing.assert_array_equal(step.contributions[0].downstream, [1.0, -3.0])
    np.testing.assert_array_equal(step.contributions[0].accumulated, [1.0, -3.0])
    np.testing.assert_array_equal(step.contributions[1].accumulated, [2.0, -6.0])


def test_lecture_trace_step_by_step():
    graph, f = lecture_graph()
    trace = record_trace(graph, f)
    assert [(step.node, float(step.value)) for step in forward_steps(trace)] == [
        (3, 3.0), (4, 2.0), (5, 6.0)]
    assert [(step.node, float(step.upstream),
             [(part.to, float(part.downstream), float(part.accumulated)) for part in step.contributions])
            for step in backward_steps(trace)] == [
        (5, 1.0, [(3, 2.0, 2.0), (4, 3.0, 3.0)]),          # f = a·b: a gets b, b gets a
        (4, 3.0, [(1, 3.0, 3.0), (2, 0.0, 0.0)]),          # max routes to y only
        (3, 2.0, [(0, 2.0, 2.0), (1, 2.0, 5.0)]),          # + distributes; y sums to 5
    ]
    assert [(part.local.rule, float(part.local.factor))
            for part in backward_steps(trace)[0].contributions] == [("product", 2.0), ("product", 3.0)]


# ---------------------------------------------------------------- what nodes look like


def test_node_infos_describe_the_graph():
    graph, output = rich_graph()
    trace = record_trace(graph, output)
    assert [info.id for info in trace.nodes] == [node.id for node in graph.ancestors(output)]
    for info in trace.nodes:
        node = graph.nodes[info.id]
        assert trace.node(info.id) is info
        assert (info.kind, info.label, info.shape) == (node.kind, node.label, node.shape)
        assert info.parents == tuple(parent.id for parent in node.parents)
        assert info.op == (type(node.op).__name__ if node.op else "")
        assert info.op_class is (type(node.op) if node.op else None)
    assert [info.label for info in trace.variables()] == ["W", "x", "b"]
    assert trace.output == output.id


def test_ops_are_described_with_their_settings():
    graph = Graph()
    x = graph.variable(np.ones((2, 3)), "x")
    out = total(graph.apply(ops.Sum(axis=0), x) * 1.0)
    nodes = record_trace(graph, out).nodes
    assert [info.op for info in nodes] == ["", "Sum", "", "Mul", "Sum"]
    assert [dict(info.settings) for info in nodes] == [{}, {"axis": 0}, {}, {}, {}]
    assert nodes[1].presenter().describe() == "sum(axis=0)"
    with pytest.raises(TypeError):
        nodes[1].settings["axis"] = 1


def test_output_of_constants_only_has_forward_steps_but_no_backward_steps():
    graph = Graph()
    out = graph.constant(2.0) * graph.constant(3.0)
    trace = record_trace(graph, out)
    assert [step.phase for step in trace.steps] == ["forward"]
    assert trace.variables() == ()


# ---------------------------------------------------------------- frozen data


def test_recorded_arrays_are_read_only(traced):
    _, _, trace = traced
    for array in every_array(trace):
        assert not array.flags.writeable
        with pytest.raises((ValueError, TypeError)):  # a read-only array or a NumPy float
            array[...] = 0.0


def test_a_scalar_circuit_records_numpy_floats_that_read_as_0d_arrays():
    """A Python-float circuit's numbers are recorded as NumPy floats (immutable, no array
    made per number); they read as the 0-d arrays of the same circuit in arrays do."""
    graph, f = lecture_graph()
    trace = record_trace(graph, f)
    numbers = list(every_array(trace))
    assert numbers and all(type(number) is np.float64 for number in numbers)
    assert all((number.ndim, number.shape, number.size, np.asarray(number).ndim)
               == (0, (), 1, 0) for number in numbers)
    arrays = Graph()
    x, y, z = (arrays.variable(np.array(v), name) for v, name in ((1.0, "x"), (2.0, "y"),
                                                                   (0.0, "z")))
    g = ((x + y).named("a") * maximum(y, z).named("b")).named("f")
    assert trace_json(trace) == trace_json(record_trace(arrays, g))
    assert all(isinstance(step, tuple) for step in trace.steps)  # named tuples: cheap, frozen


def test_trace_and_its_steps_cannot_be_changed():
    graph, f = lecture_graph()
    trace = record_trace(graph, f)
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.steps = ()
    with pytest.raises(AttributeError):
        trace.steps[0].node = 99
    with pytest.raises(AttributeError):
        trace.steps[-1].contributions[0].local.factor = np.array(5.0)
    with pytest.raises(TypeError):
        trace.leaf_values[0] = np.array(5.0)


def test_changing_the_graph_afterwards_leaves_the_trace_as_it_was(traced):
    graph, output, trace = traced
    before = json.dumps(trace_json(trace))
    for node in graph.variables():
        node.value[...] = node.value * 0.5 + 0.25  # in place: the graph's own arrays
    graph.evaluate(output)
    graph.backward(output)
    for node in graph.ancestors(output):
        if node.grad is not None:
            node.grad[...] = 123.0
    assert json.dumps(trace_json(trace)) == before
