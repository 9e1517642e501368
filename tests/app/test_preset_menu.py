"""The expression lesson's presets: the lecture's circuits listed by title, loaded with
their formula and values, or opened straight into practice."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from bpviz.app.main_window import MainWindow
from bpviz.lessons.presets import PRESETS


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window(animations=False)
    window.choose_lesson("expression")
    return window


def test_the_list_names_every_preset_by_its_title(window):
    box = window.stage_page.presets.box
    assert window.stage_page.presets.isVisible()
    assert [box.itemText(i) for i in range(box.count())] == [p.title for p in PRESETS]
    assert "(x+y)*z at x = -2, y = 5, z = -4" in box.itemData(1, Qt.ItemDataRole.ToolTipRole)


def test_load_puts_the_lectures_cs231n_circuit_on_stage_with_its_known_answers(qtbot, window):
    presets = window.stage_page.presets
    presets.choose("cs231n")
    qtbot.mouseClick(presets.load_button, Qt.MouseButton.LeftButton)
    editor = window.stage_page.expression_editor
    assert editor.formula == "(x+y)*z"
    assert editor.values() == {"x": -2, "y": 5, "z": -4}
    assert not window.stage_page.practice.active
    window.model.seek(window.model.stepper.last_index)
    view = window.circuit_view
    cards = {item.facts.info.label: item for item in view.node_items().values()}
    assert cards["(x+y)*z"].value_text() == "−12"
    assert [cards[name].grad_text() for name in "xyz"] == ["∂f/∂x = −4", "∂f/∂y = −4",
                                                            "∂f/∂z = 3"]


def test_practise_opens_a_preset_in_practice_from_its_start(qtbot, window):
    presets = window.stage_page.presets
    window.model.seek(window.model.stepper.last_index)
    presets.choose("square")
    qtbot.mouseClick(presets.practise_button, Qt.MouseButton.LeftButton)
    practice = window.stage_page.practice
    assert practice.active and window.model.index == 0
    assert window.stage_page.expression_editor.formula == "x*x"
    for _ in range(5):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)
    assert practice.panel.prompt_label.text() == "∂f/∂x = ?"
    practice.answer("3")  # one path of two
    assert "sum of what arrives" in practice.feedback
