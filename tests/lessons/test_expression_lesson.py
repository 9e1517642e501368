"""The expression lesson: the lecture's formula, and a limit on what the stage can show."""

import pytest

from bpviz.expression import ExpressionError
from bpviz.lessons.expression_lesson import MAX_NODES, ExpressionLesson


def test_the_lecture_formula_gives_6():
    assert ExpressionLesson().record().output_value == 6.0


def test_a_formula_of_max_nodes_is_taken_and_one_more_is_refused_naming_the_limit():
    at_limit = ExpressionLesson("+".join(["x"] * MAX_NODES), {"x": 1.0})  # x and 999 additions
    assert len(at_limit.record().nodes) == MAX_NODES
    with pytest.raises(ExpressionError, match=f"more than {MAX_NODES:,} nodes"):
        ExpressionLesson("+".join(["x"] * (MAX_NODES + 1)), {"x": 1.0})


def test_values_in_reads_each_variable_from_the_pass_given():
    lesson = ExpressionLesson("x*y + 2", {"x": 1.0, "y": 3.0})
    first = lesson.record()
    lesson.update(0.5)
    assert lesson.values_in(first) == {"x": 1.0, "y": 3.0}
    assert lesson.values_in(lesson.record()) == lesson.values == {"x": -0.5, "y": 2.5}


def test_an_update_rebuilds_the_circuit_without_parsing_the_text_again(monkeypatch):
    from bpviz.expression import build

    lesson = ExpressionLesson("(x + y) * max(y, z)", {"x": 1.0, "y": 2.0, "z": 0.0})
    first = lesson.circuit
    monkeypatch.setattr(build, "parse", lambda *args: pytest.fail("parsed again"))
    trace = lesson.update(0.1)
    assert lesson.circuit is not first and lesson.circuit.formula is first.formula
    assert lesson.values == {"x": 0.8, "y": 1.5, "z": 0.0}  # ∂f/∂x = 2, ∂f/∂y = 5
    assert trace.output_value == pytest.approx(2.3 * 1.5)
