"""The expression editor: value fields follow the formula and the pass on stage, errors are
marked at their column and cleared once fixed."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QWidget

from bpviz.app.circuit_view import CircuitView
from bpviz.app.expression_editor import ExpressionEditor
from bpviz.app.palette import qt_palette
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import DARK, LIGHT
from bpviz.app.transport_bar import TransportBar
from bpviz.expression import ExpressionError
from bpviz.lessons.expression_lesson import MAX_NODES, ExpressionLesson
from bpviz.lessons.model_lessons import WindowScorerLesson





@pytest.fixture
def model() -> StageModel:
    return StageModel(ExpressionLesson())


@pytest.fixture
def editor(qtbot, model) -> ExpressionEditor:
    editor = ExpressionEditor(model)
    qtbot.addWidget(editor)
    editor.resize(380, 300)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def retype(qtbot, editor: ExpressionEditor, text: str) -> None:
    """Select the formula and type `text` over it, key by key, as a user does."""
    field = editor.formula_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def press_enter(qtbot, editor: ExpressionEditor) -> None:
    qtbot.keyClick(editor.formula_field, Qt.Key.Key_Return)


def test_starts_with_the_lecture_formula_and_values(editor, model):
    assert editor.formula == "(x+y)*max(y,z)"
    assert editor.values() == {"x": 1.0, "y": 2.0, "z": 0.0}
    assert editor.error_text == "" and not editor.error_label.isVisible()
    assert model.trace.output_value == 6.0


def test_on_another_lesson_it_offers_the_lecture_formula_and_applies_it(qtbot):
    model = StageModel(WindowScorerLesson())
    editor = ExpressionEditor(model)
    qtbot.addWidget(editor)
    assert editor.formula == "(x+y)*max(y,z)" and isinstance(model.lesson, WindowScorerLesson)
    assert editor.apply()
    assert isinstance(model.lesson, ExpressionLesson) and model.trace.output_value == 6.0


def test_value_fields_are_added_and_removed_as_the_formula_changes(qtbot, editor, model):
    retype(qtbot, editor, "(x+y)*max(y,w)")
    qtbot.waitUntil(lambda: editor.variable_names == ("x", "y", "w"))
    # x and y keep their values, the new w starts at 1: f = (1 + 2)·max(2, 1) = 6
    assert editor.values() == {"x": 1.0, "y": 2.0, "w": 1.0}
    qtbot.waitUntil(lambda: model.lesson.circuit.text == "(x+y)*max(y,w)")
    assert [node.label for node in model.trace.nodes][:3] == ["x", "y", "w"]
    assert model.trace.output_value == 6.0

    retype(qtbot, editor, "a*b")
    press_enter(qtbot, editor)  # at once, without the pause
    assert editor.variable_names == ("a", "b")
    assert model.lesson.circuit.text == "a*b" and model.trace.output_value == 1.0
    qtbot.waitUntil(lambda: visible_names(editor) == ["f =", "a =", "b ="])


def visible_names(editor: ExpressionEditor) -> list[str]:
    """The `name =` labels on screen, top to bottom: the formula's, then the value table's."""
    labels = [label for label in editor.findChildren(QLabel)
              if label.isVisible() and label.text().endswith(" =")]
    table = editor.value_table
    rows = [table.model().index(row, 0) for row in range(table.model().rowCount())]
    shown = [index.data() for index in rows
             if table.isVisible() and table.viewport().rect().intersects(table.visualRect(index))]
    return [label.text() for label in sorted(labels, key=lambda label: label.y())] + shown


def test_a_changed_value_rebuilds_the_circuit_after_a_pause(qtbot, editor, model):
    editor.set_value("x", 3.0)
    assert model.trace.output_value == 6.0  # not yet: the editor waits for the typing to stop
    qtbot.waitUntil(lambda: model.trace.output_value == 10.0)  # (3 + 2)·max(2, 0)
    assert model.trace.leaf_values[0] == 3.0


def test_a_bad_formula_is_marked_at_its_column_and_the_last_circuit_stays(qtbot, editor, model,
                                                                         save_screenshot):
    good = model.trace
    retype(qtbot, editor, "(x+y)*foo(y,z)")
    press_enter(qtbot, editor)
    assert editor.error_text == "unknown function 'foo' at column 7"
    assert editor.error_column == 7
    assert editor.error_label.isVisible() and editor.caret_strip.isVisible()
    assert editor.formula_field.marked_span() == (6, 9)  # "foo" has the red wave
    column_7 = x_in_strip(editor, 6)
    assert column_7 < editor.caret_strip.caret_x < x_in_strip(editor, 7)  # under the "f"
    assert model.trace is good
    save_screenshot(editor, "expression_editor_error")

    retype(qtbot, editor, "(x+y)*max(y,z)*2")
    press_enter(qtbot, editor)
    assert editor.error_text == "" and editor.error_column is None
    assert not editor.error_label.isVisible() and not editor.caret_strip.isVisible()
    assert editor.formula_field.marked_span() is None
    assert model.trace is not good and model.trace.output_value == 12.0


def test_an_error_at_the_end_of_the_text_points_past_its_last_character(qtbot, editor, model):
    good = model.trace
    retype(qtbot, editor, "x+")
    qtbot.waitUntil(lambda: editor.error_text != "")
    assert editor.error_text == "unexpected end of expression at column 3"
    assert editor.formula_field.marked_span() == (2, 2)
    assert editor.caret_strip.caret_x == pytest.approx(x_in_strip(editor, 2), abs=1)  # after "+"
    assert model.trace is good


@pytest.mark.parametrize("formula, message", [
    ("log(x-2)", "log(x-2) is not finite (nan) at column 1"),
    # The forward pass is fine, the gradient 1/(2√0) is not: found when the pass is recorded.
    ("sqrt(z)", "the gradient through sqrt(z) is not finite (inf) at column 1"),
])
def test_a_result_that_is_not_finite_is_shown_inline(qtbot, editor, model, formula, message):
    good_lesson, good = model.lesson, model.trace
    retype(qtbot, editor, formula)
    press_enter(qtbot, editor)
    assert editor.error_text == message and editor.error_column == 1
    assert model.lesson is good_lesson and model.trace is good


def test_fixing_a_value_clears_an_error_that_came_from_the_values(qtbot, editor, model):
    retype(qtbot, editor, "log(x-2)")
    press_enter(qtbot, editor)
    assert editor.error_text
    editor.set_value("x", 3.0)
    qtbot.waitUntil(lambda: editor.error_text == "")
    assert model.lesson.circuit.text == "log(x-2)" and model.trace.output_value == 0.0


def test_enter_without_changes_keeps_the_position_in_the_pass(qtbot, editor, model):
    model.seek(4)
    press_enter(qtbot, editor)
    assert model.index == 4


def test_the_formula_stays_one_line(qtbot, editor):
    press_enter(qtbot, editor)
    assert "\n" not in editor.formula_field.toPlainText()
    pasted = QMimeData()
    pasted.setText("*2\n+1")
    editor.formula_field.moveCursor(editor.formula_field.textCursor().MoveOperation.End)
    editor.formula_field.insertFromMimeData(pasted)
    assert editor.formula == "(x+y)*max(y,z)*2 +1"


def test_a_lesson_put_on_stage_elsewhere_is_shown_without_rebuilding(qtbot, editor, model):
    lesson = ExpressionLesson("a*b+a", {"a": 2.0, "b": -3.5})
    model.set_lesson(lesson)
    assert editor.formula == "a*b+a" and editor.values() == {"a": 2.0, "b": -3.5}
    qtbot.wait(400)  # longer than the pause: nothing is rebuilt
    assert model.lesson is lesson


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda theme: theme.name)
def test_screenshot(qtbot, editor, theme, save_screenshot):
    editor.setPalette(qt_palette(theme))
    save_screenshot(editor, f"expression_editor_{theme.name}")
    retype(qtbot, editor, "(x+y)*max(y,z) + log(w-2)")
    press_enter(qtbot, editor)
    assert editor.error_column == 18
    save_screenshot(editor, f"expression_editor_error_{theme.name}")


def x_in_strip(editor: ExpressionEditor, position: int) -> int:
    """Where the gap before character `position` of the formula is, in the caret strip."""
    field = editor.formula_field
    cursor = field.textCursor()
    cursor.setPosition(position)
    on_screen = field.viewport().mapToGlobal(field.cursorRect(cursor).topLeft())
    return editor.caret_strip.mapFromGlobal(on_screen).x()


def test_an_error_quoting_the_formula_is_shown_as_text(qtbot, editor, model, monkeypatch):
    def refuse(text, values):
        raise ExpressionError("'<b>x</b><img src=y>' is not allowed", 1)

    monkeypatch.setattr("bpviz.app.expression_editor.ExpressionLesson", refuse)
    retype(qtbot, editor, "x*y")
    press_enter(qtbot, editor)
    assert editor.error_label.textFormat() == Qt.TextFormat.PlainText
    assert editor.error_text == "'<b>x</b><img src=y>' is not allowed at column 1"


def test_a_formula_past_the_stages_node_limit_is_refused_before_any_value_field(editor, model):
    good = model.trace
    names = [f"v{i}" for i in range(MAX_NODES)]
    editor.set_formula("+".join(names))  # 1,000 variables and 999 additions
    assert not editor.apply()
    assert editor.error_text.startswith(f"the circuit would have more than {MAX_NODES:,} nodes")
    assert editor.variable_names == ("x", "y", "z")  # no field made for v0, v1, …
    assert model.trace is good


def test_fixing_the_formula_back_to_the_one_on_stage_clears_the_mark(qtbot, editor, model):
    lesson = model.lesson
    retype(qtbot, editor, "(x+y)*max(y,z")
    press_enter(qtbot, editor)
    assert editor.error_text and editor.formula_field.marked_span() is not None
    retype(qtbot, editor, "(x+y)*max(y,z)")  # what the stage still shows
    press_enter(qtbot, editor)
    assert model.lesson is lesson  # nothing to rebuild
    assert editor.error_text == "" and not editor.error_label.isVisible()
    assert editor.formula_field.marked_span() is None
    assert editor.caret_strip.caret_x is None and not editor.caret_strip.isVisible()


def open_stage(qtbot, model):
    """The circuit, the transport and the editor in one window, as on the stage."""
    window = QWidget()
    view = CircuitView(model)
    view.set_animations_enabled(False)
    transport = TransportBar(model)
    editor = ExpressionEditor(model)
    layout = QHBoxLayout(window)
    layout.addWidget(view, 1)
    layout.addWidget(transport)
    layout.addWidget(editor)
    qtbot.addWidget(window)
    window.resize(1300, 600)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    view.window_ = window
    return view, editor


def card_values(view) -> dict[str, float]:
    return {card.facts.info.label: float(card.value_text())
            for card in view.node_items().values() if card.facts.info.kind == "variable"}


def test_after_an_update_the_value_fields_show_the_new_values_as_the_cards_do(qtbot, model):
    view, editor = open_stage(qtbot, model)
    before = editor.values()
    view.setFocus()
    for _ in range(len(model.trace.steps)):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_U)
    assert model.stepper.cycle == 1
    after = model.lesson.values
    assert after != before
    assert editor.values() == pytest.approx(after, abs=1e-4)  # the fields show 4 decimals
    assert card_values(view) == pytest.approx(editor.values(), abs=1e-4)
    qtbot.wait(400)  # longer than the pause: showing the values rebuilds nothing
    assert model.stepper.cycle == 1 and model.index == 0
    qtbot.keyClick(view, Qt.Key.Key_Left)  # back to the end of the first pass
    assert model.stepper.cycle == 0
    assert editor.values() == before
    assert card_values(view) == pytest.approx(before)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert editor.values() == pytest.approx(after, abs=1e-4)


def test_hundreds_of_variables_are_rows_of_one_table_not_widgets_each(qtbot, editor, model):
    names = [f"a{i}" for i in range(300)]
    editor.set_formula("+".join(names))
    assert editor.apply()
    assert editor.variable_names == tuple(names)
    assert editor.value_table.model().rowCount() == 300
    # No field per variable: only the row being edited ever gets a spin box.
    assert len(editor.findChildren(QDoubleSpinBox)) == 0
    assert editor.value_table.height() < editor.height()  # it scrolls within the editor
    assert model.trace.output_value == 300.0


def test_typing_a_value_in_the_table_and_enter_rebuilds_at_once(qtbot, editor, model):
    table = editor.value_table
    cell = table.model().index(0, 1)  # x
    table.setFocus()
    table.setCurrentIndex(cell)  # a field opens where the user goes
    box = table.findChild(QDoubleSpinBox)
    assert box is not None and box.decimals() == 4 and box.maximum() == 1e9
    box.selectAll()
    qtbot.keyClicks(box, "3")
    assert editor.values()["x"] == 3.0 and editor.debounce.isActive()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert model.trace.output_value == 10.0  # (3 + 2)·max(2, 0), without the pause
    assert table.model().index(0, 1).data() == "3.0000"
