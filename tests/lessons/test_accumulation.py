"""Gradients adding up at a node that feeds several others, read from the trace."""

import numpy as np
import pytest

from bpviz.engine import picture_at
from bpviz.lessons.accumulation import arrivals, fan_out, receivers, silent_parents
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowScorerLesson


def ids(trace):
    return {info.label: info.id for info in trace.nodes}


@pytest.fixture
def lecture():
    return ExpressionLesson().record()


def test_y_feeds_two_gates_and_its_gradient_is_2_plus_3(lecture):
    at = ids(lecture)
    final = arrivals(lecture, len(lecture.steps))
    parts = final[at["y"]]
    # In the lecture's order: from x+y (2), then from max(y,z) (3).
    assert [part.source for part in parts] == [at["x+y"], at["max(y,z)"]]
    assert [float(part.grad) for part in parts] == [2.0, 3.0]
    assert sum(float(part.grad) for part in parts) == float(
        picture_at(lecture, len(lecture.steps)).grads[at["y"]]) == 5.0


def test_arrivals_build_up_step_by_step(lecture):
    at = ids(lecture)
    forward = lecture.forward_count
    assert arrivals(lecture, forward) == {}
    counts = [len(arrivals(lecture, index).get(at["y"], ())) for index in
              range(forward, len(lecture.steps) + 1)]
    assert counts == sorted(counts) and counts[0] == 0 and counts[-1] == 2
    # Halfway, only max(y,z)'s part has come back (backprop visits max before x+y).
    halfway = next(index for index in range(len(lecture.steps) + 1)
                   if len(arrivals(lecture, index).get(at["y"], ())) == 1)
    part, = arrivals(lecture, halfway)[at["y"]]
    assert float(part.grad) == float(picture_at(lecture, halfway).grads[at["y"]])


def test_each_arrival_is_the_contribution_the_trace_recorded():
    trace = WindowScorerLesson().record()
    final = arrivals(trace, len(trace.steps))
    sent = [(step.node, part.to, part.downstream) for step in trace.steps[trace.forward_count:]
            for part in step.contributions]
    assert sum(len(parts) for parts in final.values()) == len(sent)
    for source, to, grad in sent:
        assert any(part.source == source and part.grad is grad for part in final[to])


def test_fan_out_counts_inputs_fed(lecture):
    at = ids(lecture)
    counts = fan_out(lecture)
    assert counts[at["y"]] == 2 and counts[at["x"]] == 1 and counts[at["(x+y)*max(y,z)"]] == 0


def test_a_word_in_both_windows_feeds_both():
    trace = WindowScorerLesson().record()
    at, counts = ids(trace), fan_out(trace)
    assert counts[at["museums"]] == 2 and counts[at["amazing"]] == 1
    assert counts[at["W"]] == 2 and counts[at["u"]] == 2
    final = arrivals(trace, len(trace.steps))
    assert sorted(trace.node(part.source).label for part in final[at["museums"]]) == ["x", "x_c"]


def test_receivers_are_every_node_but_constants(lecture):
    assert receivers(lecture) == {info.id for info in lecture.nodes}
    trace = ExpressionLesson("x*2 + 1", {"x": 3.0}).record()
    constants = {info.id for info in trace.nodes if info.kind == "constant"}
    assert constants and not constants & receivers(trace)


def test_max_sends_nothing_to_its_smaller_input(lecture):
    at = ids(lecture)
    through_max = next(step for step in lecture.steps
                       if step.phase == "backward" and step.node == at["max(y,z)"])
    assert silent_parents(through_max) == {at["z"]}
    through_add = next(step for step in lecture.steps
                       if step.phase == "backward" and step.node == at["x+y"])
    assert silent_parents(through_add) == set()
    assert silent_parents(lecture.steps[0]) == set()  # a forward step
    assert silent_parents(None) == set()


def test_a_satisfied_hinge_silences_every_backward_edge():
    from bpviz.models.window_scorer import WindowConfig
    trace = WindowScorerLesson(WindowConfig(seed=8)).record()
    assert float(trace.output_value) == 0.0
    for step in trace.steps[trace.forward_count:]:
        assert silent_parents(step) == {part.to for part in step.contributions}
        assert not any(np.any(part.downstream) for part in step.contributions)
