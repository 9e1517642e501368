"""Whether the max-margin loss is satisfied, and by how much the true window leads."""

import pytest

from bpviz.engine import Graph, max_margin, picture_at, record_trace
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.hinge import is_max_margin, margin, margin_met, required_margin
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.models.window_scorer import WindowConfig

SATISFIED_SEED = 8  # at this seed the lecture's windows already score s − s_c ≥ 1


def scores(trace):
    at = {info.label: info.id for info in trace.nodes}
    values = picture_at(trace, trace.forward_count).values
    return float(values[at["s"]]), float(values[at["s_c"]])


def test_the_lecture_default_is_not_satisfied():
    trace = WindowScorerLesson().record()
    s, s_c = scores(trace)
    assert is_max_margin(trace) and not margin_met(trace)
    assert margin(trace) == s - s_c < 1
    assert float(trace.output_value) == pytest.approx(1 - s + s_c)
    assert required_margin(trace) == 1.0


def test_a_seed_whose_windows_already_score_apart_meets_the_margin():
    trace = WindowScorerLesson(WindowConfig(seed=SATISFIED_SEED)).record()
    s, s_c = scores(trace)
    assert margin_met(trace)
    assert margin(trace) == s - s_c >= 1
    assert float(trace.output_value) == 0.0


@pytest.mark.parametrize("lesson", [ExpressionLesson, WindowClassifierLesson])
def test_other_losses_are_not_hinges(lesson):
    trace = lesson().record()
    assert not is_max_margin(trace) and not margin_met(trace)
    assert margin(trace) is None and required_margin(trace) is None


def test_another_margin_is_read_from_the_op():
    graph = Graph()
    s, s_c = graph.variable(3.0, "s"), graph.variable(0.5, "s_c")
    trace = record_trace(graph, max_margin(s, s_c, margin=2.0, label="J"))
    assert required_margin(trace) == 2.0
    assert margin(trace) == 2.5 and margin_met(trace)
