"""Practice mode driven as a student meets it: P turns it on, the backward pass stops at each
gradient until it is typed into the practice strip, a wrong answer gets its mistake named
(or the ledger line), Hint and Reveal, a score per pass kept per lesson, and the gradient
stays off its card until answered."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bpviz.app.main_window import MainWindow


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window(animations=False)
    return window


def right(qtbot, window, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)


def type_answer(qtbot, window, text: str) -> None:
    """Type `text` into the practice field and press Enter, as a student does."""
    field = window.stage_page.practice.panel.field
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def lecture_in_practice(qtbot, window):
    window.choose_lesson("expression")
    page = window.stage_page
    page.presets.choose("lecture")
    qtbot.mouseClick(page.presets.practise_button, Qt.MouseButton.LeftButton)
    return page.practice


def test_p_turns_practice_on_and_the_pass_waits_at_the_first_gradient(qtbot, window):
    practice = window.stage_page.practice
    window.choose_lesson("expression")
    assert not practice.panel.isVisible()
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_P)
    assert practice.active and practice.panel.isVisible()
    assert practice.action in window.page_menus["stage"].actions()
    right(qtbot, window, 10)
    # (x+y)·max(y,z): 3 forward steps; the first backward step completes ∂f/∂(x+y)
    assert window.model.index == 3
    assert practice.panel.prompt_label.text() == "∂f/∂(x+y) = ?"
    assert practice.asked_tag == "∂f/∂(x+y) = ?"
    assert window.circuit_view.node_item(3).grad_text() == ""


def test_an_expression_preset_answered_right_with_a_named_mistake_a_hint_and_a_reveal(
        qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    view = window.circuit_view
    assert window.stage_page.expression_editor.formula == "(x+y)*max(y,z)"
    right(qtbot, window, 6)
    type_answer(qtbot, window, "4/2")  # ∂f/∂(x+y), in an equivalent form
    assert practice.feedback == "correct"
    assert window.model.index == 3  # ∂f/∂max(y,z) of the same step is still to come
    type_answer(qtbot, window, "2")  # × swaps: max's gradient is x+y = 3, not max = 2
    assert practice.panel.feedback_is_error
    assert "× swaps" in practice.feedback
    type_answer(qtbot, window, "3")
    assert window.model.index == 4  # both answered: the step shows, the gradients arrive
    assert view.node_item(3).grad_text() == "∂f/∂(x+y) = 2"
    qtbot.mouseClick(practice.panel.hint_button, Qt.MouseButton.LeftButton)
    assert practice.panel.hint_label.text() == "hint: ∂f/∂max(y,z) = 3"
    type_answer(qtbot, window, "3")  # ∂f/∂z: max routes to y, z gets 0
    assert "max routes" in practice.feedback
    qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
    assert practice.feedback == "∂f/∂z = 0"
    assert window.model.index == 5
    assert view.node_item(2).grad_text() == "∂f/∂z = 0"
    type_answer(qtbot, window, "7")  # ∂f/∂x: no mistake gives 7: the ledger line
    assert practice.feedback.startswith("not right: you said 7, the ledger says 2")
    assert "∂f/∂x" in practice.feedback
    type_answer(qtbot, window, "5")  # ∂f/∂y = 2 + 3: the sum of both paths
    assert window.model.index == 6 and practice.practice.done
    score = practice.practice.score
    assert (score.first_try, score.corrected, score.revealed) == (2, 1, 2)
    assert "2 first try · 1 corrected · 2 revealed" in practice.panel.score_label.text()
    assert view.node_item(1).grad_text() == "∂f/∂y = 2 + 3 = 5"


def test_a_branch_answered_with_one_path_is_named(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    right(qtbot, window, 6)
    for answer in ("2", "3", "0", "2"):
        type_answer(qtbot, window, answer)
    assert practice.practice.prompt() == "∂f/∂y = ?"
    type_answer(qtbot, window, "3")
    assert "sum of what arrives" in practice.feedback
    assert window.circuit_view.node_item(1).grad_text() == ""  # its part via max is hidden


def test_unreadable_input_says_why_and_counts_no_try(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    right(qtbot, window, 6)
    type_answer(qtbot, window, "__import__('os')")
    assert practice.panel.feedback_is_error and "try again" in practice.feedback
    type_answer(qtbot, window, "2")
    assert practice.practice.score.first_try == 1


def test_the_window_scorer_asks_an_arrays_shape_then_a_cell(qtbot, window):
    practice = window.stage_page.practice
    assert window.stage_page.entry.key == "window-scorer"
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_P)
    right(qtbot, window, 30)
    assert window.model.index == 11  # the forward pass, then J's first backward step waits
    asked = practice.practice
    while asked.current.shape == ():
        qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
    question = asked.current
    assert question.name == "∂J/∂h_c" and practice.panel.prompt_label.text() == (
        "shape of ∂J/∂h_c?")
    assert window.circuit_view.node_item(question.node).shown_grad() is None
    type_answer(qtbot, window, "8")
    assert practice.feedback == "correct: ∂J/∂h_c is a vector of 8 (8×1 as a column)"
    row = asked.cell[0]
    assert practice.panel.prompt_label.text() == f"∂J/∂h_c[{row}] = ? (counting from 0)"
    wrong = next(m for m in question.mistakes if m.kind == "sign_flipped")
    type_answer(qtbot, window, repr(float(wrong.value[row])))
    assert "sign is flipped" in practice.feedback
    type_answer(qtbot, window, repr(float(question.expected[row])))
    assert practice.practice.score.corrected == 1
    assert window.circuit_view.node_item(question.node).shown_grad() is not None


def test_the_score_is_kept_per_lesson_across_a_switch_mid_practice(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    right(qtbot, window, 6)
    type_answer(qtbot, window, "2")
    window.choose_lesson("window-scorer")  # mid-pass, practice stays on
    assert practice.active and window.model.index == 0
    assert practice.practice.score.done == 0
    right(qtbot, window, 30)
    assert window.model.index == 11
    qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
    assert practice.lesson_score("window-scorer").revealed == 1
    window.choose_lesson("expression")
    assert practice.lesson_score("expression").first_try == 1
    assert practice.lesson_score().first_try == 1
    assert "this lesson, 1 pass: 1 first try" in practice.panel.score_label.text()


def test_turning_practice_off_mid_pass_shows_everything_and_steps_freely(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    right(qtbot, window, 6)
    assert window.model.index == 3
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_P)
    assert not practice.active and not practice.panel.isVisible()
    assert window.circuit_view.hidden_grads == frozenset()
    right(qtbot, window, 3)
    assert window.model.stepper.at_end
    assert window.circuit_view.node_item(1).grad_text() == "∂f/∂y = 2 + 3 = 5"
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_P)  # on again at the end: a new pass
    assert window.model.index == 3 and practice.practice.score.done == 0
    assert window.circuit_view.node_item(1).grad_text() == ""


def test_playing_stops_where_an_answer_is_due(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    window.transport.set_speed(8.0)
    window.transport.play()
    qtbot.waitUntil(lambda: not window.transport.playing, timeout=3000)
    assert window.model.index == 3 and practice.asking()


def gradient_lines(text: str, name: str) -> list[str]:
    """The lines of a panel's text that give `name` (∂f/∂y), whole or in part (a narrow
    ledger sets a line's `= …` on rows of their own: joined back here)."""
    return [line for line in text.replace("\n= ", " = ").splitlines() if line.startswith(name)]


def test_a_branch_asked_as_its_sum_is_kept_off_the_ledger_and_inspector_too(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    page = window.stage_page
    right(qtbot, window, 6)
    for answer in ("2", "3", "0", "2"):
        type_answer(qtbot, window, answer)
    assert practice.practice.prompt() == "∂f/∂y = ?" and window.model.index == 5
    window.model.select(1)  # y
    # The part from max(y,z) has arrived (3), but ∂f/∂y is asked as its sum (5).
    ledger = gradient_lines(page.ledger.plain_text(), "∂f/∂y")
    assert ledger == ["∂f/∂y via max(y,z) = ?"]
    assert gradient_lines(page.ledger.plain_text(), "∂f/∂z")[0].endswith("= 3 × 0 = 0")
    inspector = page.inspector.plain_text()
    assert "∂f/∂y ?" in inspector.splitlines()
    assert "3" not in inspector and "5" not in inspector
    assert window.circuit_view.node_item(1).grad_text() == ""
    type_answer(qtbot, window, "5")
    assert window.model.index == 6
    ledger = gradient_lines(page.ledger.plain_text(), "∂f/∂y")
    assert ledger[0].endswith("= 3") and ledger[-1] == "∂f/∂y = 2 + 3 = 5"
    assert "∂f/∂y 5" in page.inspector.plain_text().splitlines()
    assert window.circuit_view.node_item(1).grad_text() == "∂f/∂y = 2 + 3 = 5"


def test_practice_off_shows_the_hidden_parts_again(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    page = window.stage_page
    right(qtbot, window, 6)
    for answer in ("2", "3", "0", "2"):
        type_answer(qtbot, window, answer)
    window.model.select(1)
    assert gradient_lines(page.ledger.plain_text(), "∂f/∂y") == ["∂f/∂y via max(y,z) = ?"]
    practice.set_active(False)
    assert window.model.index == 5
    assert gradient_lines(page.ledger.plain_text(), "∂f/∂y")[0].endswith("= 3 × 1 = 3")
    assert "3 so far" in page.inspector.plain_text()


def test_a_weight_asked_for_keeps_its_arrived_part_off_the_neuron_view(qtbot, window):
    practice = window.stage_page.practice
    neurons = window.stage_page.neuron_view
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_P)
    right(qtbot, window, 30)
    asked = practice.practice
    weights = {connection.node for connection in neurons.network.connections}
    # Reveal until a weight is asked whose gradient has partly arrived (one window's part).
    while not (asked.current.node in weights
               and asked.current.node in window.model.picture.grads):
        qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
        right(qtbot, window, 30)
    question = asked.current
    name = window.model.trace.node(question.node).label
    connection = next(index for index, c in enumerate(neurons.network.connections)
                      if c.node == question.node)
    edge = next(item for item in neurons.scene.items()
                if getattr(item, "connection", None) == connection)
    assert f"∂J/∂{name}" not in neurons.edges_text
    assert "∂" not in neurons.describe_item(edge)
    qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
    right(qtbot, window, 1)
    assert "∂" in neurons.describe_item(edge)


def type_where_focus_is(qtbot, text: str):
    """Type `text` and Enter into whatever has the keys, as a student does (no setFocus)."""
    focused = QApplication.focusWidget()
    qtbot.keyClicks(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    return focused


def test_the_field_has_the_keys_at_every_question_of_the_lecture_circuit(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    right(qtbot, window, 6)
    for answer in ("2", "3", "0", "2", "5"):
        qtbot.wait(20)  # the field takes the keys after the event loop turns
        assert QApplication.focusWidget() is practice.panel.field, practice.feedback
        type_where_focus_is(qtbot, answer)
        assert practice.feedback.startswith("correct"), (answer, practice.feedback)
    assert practice.practice.done and practice.practice.score.first_try == 5


def test_the_field_has_the_keys_after_stepping_back_and_on(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    right(qtbot, window, 6)
    qtbot.wait(20)
    type_where_focus_is(qtbot, "2")
    type_where_focus_is(qtbot, "3")
    qtbot.wait(20)
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_Left)
    right(qtbot, window, 1)
    qtbot.wait(20)
    assert QApplication.focusWidget() is practice.panel.field
    type_where_focus_is(qtbot, "0")
    assert practice.feedback == "correct" and practice.practice.score.done == 3


def test_the_field_has_the_keys_at_every_question_of_the_window_scorer(qtbot, window):
    practice = window.stage_page.practice
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_P)
    right(qtbot, window, 30)
    asked = practice.practice
    while not asked.done:
        qtbot.wait(20)
        assert QApplication.focusWidget() is practice.panel.field, asked.prompt()
        question = asked.current
        if asked.stage == "shape":
            answer = "x".join(map(str, question.shape))
        elif asked.stage == "cell":
            answer = repr(float(question.expected[asked.cell]))
        else:
            answer = repr(float(question.expected))
        type_where_focus_is(qtbot, answer)
        assert practice.feedback.startswith("correct"), (asked.prompt(), practice.feedback)
    assert asked.score.first_try == len(asked.questions)


def test_switching_lessons_mid_pass_and_back_resumes_each_pass_where_it_was(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    right(qtbot, window, 6)
    type_answer(qtbot, window, "2")
    type_answer(qtbot, window, "3")
    left = (window.model.index, practice.panel.prompt_label.text())
    assert left == (4, "∂f/∂z = ?")
    window.choose_lesson("window-scorer")
    right(qtbot, window, 30)
    qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
    scorer = (window.model.index, practice.panel.prompt_label.text())
    window.choose_lesson("expression")
    assert (window.model.index, practice.panel.prompt_label.text()) == left
    assert practice.practice.score.done == 2 and practice.asked_tag == "∂f/∂z = ?"
    assert window.circuit_view.node_item(2).grad_text() == ""  # still asked: still hidden
    type_answer(qtbot, window, "0")
    assert practice.practice.score.first_try == 3
    window.choose_lesson("window-scorer")
    assert (window.model.index, practice.panel.prompt_label.text()) == scorer
    assert practice.practice.score.revealed == 1
    # no pass was abandoned: one pass each, nothing counted twice
    assert [len(practice.passes[key]) for key in ("expression", "window-scorer")] == [1, 1]
    assert "this lesson, 1 pass: 0 first try, 0 corrected, 1 revealed" in (
        practice.panel.score_label.text())


def test_stepping_back_after_a_wrong_try_clears_the_try_again(qtbot, window):
    practice = lecture_in_practice(qtbot, window)
    panel = practice.panel
    right(qtbot, window, 6)
    type_answer(qtbot, window, "2")
    type_answer(qtbot, window, "2")  # × swaps: named, try again
    assert "try again, or Hint or Reveal" in panel.feedback_label.text()
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_Left)
    assert not practice.asking() and not panel.reveal_button.isEnabled()
    assert panel.feedback_label.text() == ""
    right(qtbot, window, 1)
    type_answer(qtbot, window, "3")
    assert practice.feedback == "correct" and practice.practice.score.corrected == 1


def test_the_strip_keeps_its_height_so_the_circuit_does_not_jump_while_answering(qtbot,
                                                                                window):
    practice = lecture_in_practice(qtbot, window)
    panel, view = practice.panel, window.circuit_view
    right(qtbot, window, 6)
    qtbot.wait(20)

    def looks():
        QApplication.processEvents()
        return panel.height(), view.transform().m11(), view.viewport().height()

    before = looks()
    seen = set()
    for answer in ("2", "2", "3"):  # right; a named mistake (two lines); right again
        type_answer(qtbot, window, answer)
        seen.add(looks())
    qtbot.mouseClick(panel.hint_button, Qt.MouseButton.LeftButton)  # a hint line appears
    seen.add(looks())
    type_answer(qtbot, window, "7")  # no mistake named: the ledger line beside it
    assert "\n" in practice.feedback
    seen.add(looks())
    assert seen == {before}
