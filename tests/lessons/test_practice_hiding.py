"""What practice takes off the screens: a hidden node's gradient out of the picture, its
ledger lines (the parts arrived and the sum) written as "?", its inspection's gradient "?"."""

from __future__ import annotations

import numpy as np

from bpviz.engine import picture_at
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.inspection import inspect_node
from bpviz.lessons.ledger import Ledger
from bpviz.lessons.practice import Practice
from bpviz.lessons.practice_hiding import (
    ASKED, inspection_without, picture_without, view_without,
)

Y = 1  # (x+y)·max(y,z): x, y, z are nodes 0, 1, 2


def lecture():
    return ExpressionLesson().record()


def test_a_picture_without_the_hidden_gradients_keeps_the_rest():
    trace = lecture()
    picture = picture_at(trace, 5)  # max(y,z) has sent y its part, 3
    assert float(picture.grads[Y]) == 3
    shown = picture_without(picture, frozenset({Y}))
    assert Y not in shown.grads and float(shown.grads[2]) == 0
    assert shown.values == picture.values and shown.index == picture.index
    assert picture_without(picture, frozenset()) is picture


def test_the_ledger_writes_a_hidden_gradients_parts_and_sum_as_asked():
    trace = lecture()
    hidden = Practice(trace).hidden()
    assert Y in hidden
    text = view_without(Ledger(trace).view(6), frozenset({Y})).text
    lines = [line for line in text.splitlines() if line.startswith("∂f/∂y")]
    assert lines == [f"∂f/∂y via max(y,z) = {ASKED}", f"∂f/∂y via x+y = {ASKED}",
                     f"∂f/∂y = {ASKED}"]
    assert "∂f/∂x = ∂f/∂(x+y) × 1 = 2 × 1 = 2" in text
    assert view_without(Ledger(trace).view(6), frozenset()).text == Ledger(trace).view(6).text


def test_an_inspection_of_a_hidden_node_gives_no_gradient():
    trace = lecture()
    inspection = inspect_node(trace, picture_at(trace, 5), Y)
    assert inspection.grad_partial and float(inspection.grad) == 3
    hidden = inspection_without(inspection, frozenset({Y}))
    assert hidden.grad is None and hidden.grad_text == ASKED and not hidden.grad_partial
    assert inspection_without(inspection, frozenset({0})) is inspection
    assert np.isnan(view_without(Ledger(trace).view(5), frozenset({Y}))
                    .entries[-1].lines[0].value)
