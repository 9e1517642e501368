"""The neuron scene's layout helpers: columns, rims, titles and short numbers."""

import pytest
from PySide6.QtCore import QPointF

from bpviz.app.neuron_scene import (
    FIRST_X, LAST_X, SCENE_HEIGHT, TOP, column_title, column_xs, edge_line, input_column,
    unit_column,
)
from bpviz.formatting import short
from bpviz.lessons.model_lessons import WindowScorerLesson
from bpviz.lessons.neurons import neuron_structure


def test_short_numbers_fit_inside_a_unit():
    assert short(-0.4249) == "−0.42"
    assert short(0.5) == "0.50"
    assert short(-0.001) == "0.00"  # never "−0.00"
    assert short(12.345) == "12.3"
    assert short(-123.4) == "−123"


def test_columns_run_left_to_right_with_a_wider_input_fan():
    assert column_xs(2) == [FIRST_X, LAST_X]
    first, middle, last = column_xs(3)
    assert (first, last) == (FIRST_X, pytest.approx(LAST_X))
    assert middle - first == pytest.approx(1.5 * (last - middle))


def test_edges_run_from_rim_to_rim():
    line = edge_line(QPointF(0, 0), 5, QPointF(30, 40), 10)
    assert (line.p1().x(), line.p1().y()) == pytest.approx((3, 4))
    assert (line.p2().x(), line.p2().y()) == pytest.approx((24, 32))


def test_unit_columns_stay_inside_the_scene_and_keep_word_gaps():
    network = neuron_structure(WindowScorerLesson().record()).network("true")
    column = input_column(network, FIRST_X)
    assert len(column.ys) == 20
    assert min(column.ys) - column.radius >= TOP
    assert max(column.ys) + column.radius <= SCENE_HEIGHT
    gaps = [b - a for a, b in zip(column.ys, column.ys[1:])]
    assert gaps[3] > gaps[0] and gaps[3] == pytest.approx(gaps[7])  # between words
    many = unit_column(50, 500, 21)
    assert max(many.ys) + many.radius <= SCENE_HEIGHT and many.radius < 21


def test_titles_use_the_lecture_notation():
    trace = WindowScorerLesson().record()
    network = neuron_structure(trace).network("true")
    labels = {info.label: info.id for info in trace.nodes}
    assert column_title(trace, network, 0, None) == "x ∈ ℝ²⁰"
    assert column_title(trace, network, 1, None) == "h = tanh(z) ∈ ℝ⁸"
    assert column_title(trace, network, 1, labels["z"]) == "z = Wx + b ∈ ℝ⁸"
    assert column_title(trace, network, 2, None) == "s = uᵀh"
