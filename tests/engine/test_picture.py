"""Pictures: what a viewer shows at step i, replayed from the trace alone."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bpviz.engine import Graph, matmul, maximum, picture_at, record_trace, relu, total, trace_json


def lecture_trace():
    graph = Graph()
    x, y, z = graph.variable(1.0, "x"), graph.variable(2.0, "y"), graph.variable(0.0, "z")
    f = ((x + y).named("a") * maximum(y, z).named("b")).named("f")
    return graph, f, record_trace(graph, f)


def layer_trace():
    rng = np.random.default_rng(0)
    graph = Graph()
    W = graph.variable(rng.normal(size=(3, 2)), "W")
    x = graph.variable(rng.normal(size=2), "x")
    b = graph.variable([0.5, -1.5, 1.0], "b")  # z ≈ [0.54, −0.57, 0.64]: one unit is off
    h = relu(matmul(W, x) + b)
    out = total(h * h) + total(b)  # b reaches the output along two paths
    return graph, out, record_trace(graph, out)


TRACES = {"lecture": lecture_trace, "layer": layer_trace}


@pytest.fixture(params=TRACES)
def traced(request):
    return TRACES[request.param]()


def same_arrays(left, right) -> bool:
    return left.keys() == right.keys() and all(np.array_equal(left[k], right[k]) for k in left)


def test_index_zero_shows_only_the_leaves(traced):
    _, _, trace = traced
    picture = picture_at(trace, 0)
    assert set(picture.values) == set(trace.leaf_values)
    assert dict(picture.grads) == {}
    assert picture.step is None and picture.phase == "start" and picture.index == 0


def test_each_forward_step_adds_exactly_its_value(traced):
    _, _, trace = traced
    leaves = set(trace.leaf_values)
    for index in range(1, trace.forward_count + 1):
        picture = picture_at(trace, index)
        step = trace.steps[index - 1]
        assert set(picture.values) == leaves | {s.node for s in trace.steps[:index]}
        assert picture.values[step.node] is step.value
        assert dict(picture.grads) == {} and picture.phase == "forward" and picture.step is step


def test_each_backward_step_shows_the_upstream_and_the_running_totals(traced):
    _, _, trace = traced
    all_values = picture_at(trace, trace.forward_count).values
    for index in range(trace.forward_count + 1, len(trace.steps) + 1):
        picture = picture_at(trace, index)
        step = trace.steps[index - 1]
        assert picture.phase == "backward" and picture.step is step
        assert same_arrays(picture.values, all_values)  # the forward values stay on screen
        assert picture.grads[step.node] is step.upstream
        last = {part.to: part for part in step.contributions}  # x·x sends to x twice
        for target, part in last.items():
            assert picture.grads[target] is part.accumulated


def test_picture_is_reproducible_and_leaves_the_trace_alone(traced):
    _, _, trace = traced
    before = json.dumps(trace_json(trace))
    for index in [len(trace.steps), 0, trace.forward_count, 1, len(trace.steps) // 2]:
        first, second = picture_at(trace, index), picture_at(trace, index)
        assert same_arrays(first.values, second.values)
        assert same_arrays(first.grads, second.grads)
        assert first.step is second.step
    assert json.dumps(trace_json(trace)) == before


def test_last_picture_has_every_gradient_of_the_graph(traced):
    graph, output, trace = traced
    final = picture_at(trace, len(trace.steps))
    for node in graph.ancestors(output):
        if node.requires_grad:
            np.testing.assert_array_equal(final.grads[node.id], node.grad)
        else:
            assert node.id not in final.grads
        np.testing.assert_array_equal(final.values[node.id], node.value)
    assert {info.id for info in trace.variables()} <= set(final.grads)


def test_lecture_pictures_show_the_lecture_numbers():
    _, _, trace = lecture_trace()
    after_forward = picture_at(trace, trace.forward_count)
    assert [float(after_forward.values[i]) for i in range(6)] == [1.0, 2.0, 0.0, 3.0, 2.0, 6.0]
    after_f = picture_at(trace, trace.forward_count + 1)  # f sent b to a and a to b
    assert {i: float(g) for i, g in after_f.grads.items()} == {5: 1.0, 3: 2.0, 4: 3.0}
    after_b = picture_at(trace, trace.forward_count + 2)  # y has 3 so far
    assert float(after_b.grads[1]) == 3.0 and float(after_b.grads[2]) == 0.0
    final = picture_at(trace, len(trace.steps))
    assert [float(final.grads[i]) for i in range(3)] == [2.0, 5.0, 0.0]


@pytest.mark.parametrize("offset", [-1, 1, 100])
def test_index_outside_the_steps_raises(offset):
    _, _, trace = lecture_trace()
    index = -1 if offset == -1 else len(trace.steps) + offset
    with pytest.raises(IndexError, match=f"0..{len(trace.steps)}"):
        picture_at(trace, index)


def test_pictures_cannot_be_changed():
    _, _, trace = lecture_trace()
    picture = picture_at(trace, len(trace.steps))
    with pytest.raises(TypeError):
        picture.grads[0] = np.array(1.0)
    with pytest.raises(TypeError):
        picture.values[0] = np.array(1.0)
    with pytest.raises((ValueError, TypeError)):  # a read-only array or a NumPy float
        picture.values[0][...] = 7.0
