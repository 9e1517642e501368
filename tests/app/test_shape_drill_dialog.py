"""The shape drill window, clicked through on the window scorer."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from bpviz.app.main_window import MainWindow
from bpviz.app.shape_drill_dialog import NOTHING


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window()
    return window


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_drill_refuses_x_transposed_delta_and_takes_delta_x_transposed(qtbot, window):
    practice = window.stage_page.practice
    assert practice.drill_action in window.page_menus["stage"].actions()
    practice.drill_action.trigger()
    drill = practice.drill
    assert drill.isVisible()
    drill.task_box.setCurrentIndex(drill.task_box.findText("∂s/∂W (8×20)"))
    for token in ("xᵀ", "·", "δ"):
        click(qtbot, drill.buttons[token])
    assert drill.message_label.text() == (
        "xᵀ (1×20) · δ (8×1) does not conform: 20 columns against 8 rows")
    assert drill.assembly_label.text() == "= xᵀ ·"
    click(qtbot, drill.clear_button)
    for token in ("δ", "·", "xᵀ"):
        click(qtbot, drill.buttons[token])
    click(qtbot, drill.check_button)
    assert drill.message_label.text() == "correct: ∂s/∂W (8×20) = δ · xᵀ (8×20)"


def test_an_expression_has_no_drill_and_says_so(qtbot, window):
    window.choose_lesson("expression")
    drill = window.stage_page.practice.open_drill()
    assert drill.message_label.text() == NOTHING
    assert not drill.check_button.isEnabled() and drill.buttons == {}
    drill.close()


def test_negative_sampling_drills_the_centre_vectors_loss_level_gradient(qtbot, window):
    window.choose_lesson("sgns")
    drill = window.stage_page.practice.open_drill()
    drill.task_box.setCurrentIndex(drill.task_box.findText("∂J/∂v_c (2)"))
    assert drill.task_box.currentIndex() >= 0
    assert {"×", "+", "·", "∘"} <= set(drill.buttons)
    for token in ("u_kᵀ", "×", "∂J/∂uₖᵀv_c"):  # two arrays cannot take ×
        click(qtbot, drill.buttons[token])
    assert drill.message_label.text() == ("u_kᵀ (2×3) × ∂J/∂uₖᵀv_c (3×1): × takes a number "
                                          "on one side; use · for a matrix product, ∘ for "
                                          "one cell by cell")
    click(qtbot, drill.clear_button)
    for token in ("∂J/∂uₒᵀv_c", "×", "u_o", "+", "u_kᵀ", "·", "∂J/∂uₖᵀv_c"):
        click(qtbot, drill.buttons[token])
    click(qtbot, drill.check_button)
    assert drill.message_label.text() == (
        "correct: ∂J/∂v_c (2) = ∂J/∂uₒᵀv_c × u_o + u_kᵀ · ∂J/∂uₖᵀv_c (2×1)")
    drill.close()


def test_a_gradient_is_never_offered_as_its_own_tile(qtbot, window):
    practice = window.stage_page.practice
    practice.drill_action.trigger()
    drill = practice.drill
    drill.task_box.setCurrentIndex(drill.task_box.findText("δ_c (8)"))
    assert not drill.buttons["δ_c"].isVisible()  # it would be the answer itself
    assert not drill.place("δ_c") and "no tile 'δ_c'" in drill.message_label.text()
    click(qtbot, drill.check_button)
    assert not drill.message_label.text().startswith("correct")
    for token in ("∂s_c/∂h_c", "∘", "f′(z_c)"):  # assembled from the others, it is right
        click(qtbot, drill.buttons[token])
    click(qtbot, drill.check_button)
    assert drill.message_label.text().startswith("correct: δ_c (8) = ")
    drill.task_box.setCurrentIndex(drill.task_box.findText("∂s_c/∂W (8×20)"))
    assert drill.buttons["δ_c"].isVisible()  # a factor of another task
    drill.close()


def test_the_drill_is_off_on_the_expression_lesson_and_says_why(qtbot, window):
    practice = window.stage_page.practice
    assert practice.drill_action.isEnabled() and practice.panel.drill_button.isEnabled()
    window.choose_lesson("expression")
    for control in (practice.drill_action, practice.panel.drill_button):
        assert not control.isEnabled() and control.toolTip() == NOTHING
    window.choose_lesson("window-scorer")
    assert practice.drill_action.isEnabled() and "Assemble" in practice.drill_action.toolTip()
