"""Gate patterns read from each op's declared class and a node's fan-out: + copies, × swaps,
max routes, a branch sums."""

from __future__ import annotations

from bpviz.engine.trace import BACKWARD
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.gate_patterns import (
    COPIES, LEGEND, PATTERNS, ROUTES, SUMS, SWAPS, gate_pattern, step_patterns,
)
from bpviz.lessons.model_lessons import WindowScorerLesson


def backward_patterns(formula: str, values: dict[str, float]):
    trace = ExpressionLesson(formula, values).record()
    labels = {info.id: info.label for info in trace.nodes}
    return [{(labels[p.source], labels[p.target], p.pattern) for p in step_patterns(trace, step)}
            for step in trace.steps if step.phase == BACKWARD]


def test_the_lecture_circuit_swaps_routes_copies_and_sums_at_y():
    steps = backward_patterns("(x+y)*max(y,z)", {"x": 1, "y": 2, "z": 0})
    product, maximum, addition = "(x+y)*max(y,z)", "max(y,z)", "x+y"
    assert steps == [
        {("x+y", product, SWAPS), ("max(y,z)", product, SWAPS)},
        {("y", maximum, ROUTES), ("z", maximum, ROUTES), ("y", maximum, SUMS)},
        {("x", addition, COPIES), ("y", addition, COPIES), ("y", addition, SUMS)},
    ]


def test_a_node_fed_twice_sums_and_other_gates_show_no_pattern():
    assert backward_patterns("x*x", {"x": 3}) == [{("x", "x*x", SWAPS), ("x", "x*x", SUMS)}]
    assert backward_patterns("tanh(x)", {"x": 0.5}) == [set()]


def test_the_window_scorer_marks_its_matrix_products_and_bias_additions():
    trace = WindowScorerLesson().record()
    kinds = {info.label: gate_pattern(info) for info in trace.nodes}
    assert kinds["Wx"] == SWAPS and kinds["s"] == SWAPS and kinds["z"] == COPIES
    assert kinds["h"] is None and kinds["J"] is None and kinds["W"] is None
    assert not any(step_patterns(trace, step) for step in trace.steps if step.phase != BACKWARD)


def test_every_pattern_has_one_sentence_of_legend():
    assert set(LEGEND) == set(PATTERNS)
    assert all(text.count(".") == 1 and text.endswith(".") for text in LEGEND.values())
