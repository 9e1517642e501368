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


def test_the_outputs_local_factor_is_kept_back_while_its_gradient_is_asked():
    # At the output the upstream is 1, so ∂f/∂(x+y) = max(y,z) = 2 would be the answer.
    trace = lecture()
    practice = Practice(trace)
    assert practice.prompt() == "∂f/∂(x+y) = ?" and float(practice.current.expected) == 2
    output = trace.output
    inspection = inspect_node(trace, picture_at(trace, practice.current.step_index - 1), output)
    assert [line.plain for line in inspection.local_gradients] == [
        "∂f/∂(x+y) = max(y,z) = 2", "∂f/∂max(y,z) = x+y = 3"]
    hidden = inspection_without(inspection, practice.hidden())
    assert [line.plain for line in hidden.local_gradients] == [
        f"into x+y: {ASKED} (kept back until its gradient is answered)",
        f"into max(y,z): {ASKED} (kept back until its gradient is answered)"]
    practice.answer("2")  # answered: its local factor may show again, the other's not
    shown = inspection_without(inspection, practice.hidden())
    assert [line.plain for line in shown.local_gradients] == [
        "∂f/∂(x+y) = max(y,z) = 2",
        f"into max(y,z): {ASKED} (kept back until its gradient is answered)"]


def test_a_matrix_lessons_local_factors_are_kept_back_too():
    from bpviz.models.window_classifier import WindowClassifier
    trace = WindowClassifier().record()
    practice = Practice(trace)
    picture = picture_at(trace, practice.current.step_index - 1)
    texts = [line.plain for node in (trace.output, trace.node(trace.output).parents[0])
             for line in inspection_without(inspect_node(trace, picture, node),
                                            practice.hidden()).local_gradients]
    assert texts and all(ASKED in text for text in texts)
    assert not any("ŷ − t" in text or "xᵀ" in text for text in texts)


def test_the_forward_pass_keeps_its_values_in_the_ledger():
    # Hiding ∂f/∂(x+y) must not hide the value x+y = 3 the forward pass wrote.
    trace = lecture()
    hidden = Practice(trace).hidden()
    text = view_without(Ledger(trace).view(3), hidden).text
    assert "x+y = 3" in text and "max(y,z) = 2" in text
    assert ASKED not in text


def test_a_tables_note_that_works_out_a_hidden_gradient_is_kept_back():
    from bpviz.lessons.word_vector_lessons import SkipGramLesson
    from bpviz.lessons.practice_hiding import tables_without
    (table,) = SkipGramLesson().tables()
    assert table.gives == ("v_c",) and "observed minus expected" in table.note
    (held,) = tables_without((table,), {"v_c", "U"})
    assert held.note.startswith(ASKED) and "observed" not in held.note
    assert held.rows == table.rows  # P(w|c) is a forward value: it stays
    assert tables_without((table,), {"U"}) == (table,)
