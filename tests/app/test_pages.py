"""The window's pages as a user meets them: each page brings its own keys, menus, docks and
minimum size; a field confirmed with Enter hands the keys back to the page."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from bpviz.app.main_window import MainWindow
from bpviz.app.theme import THEMES


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window((1280, 720))
    return window


def menu_titles(window):
    return [action.text().replace("&", "") for action in window.menuBar().actions()
            if action.isVisible()]


def menu_texts(menu):
    return [action.text().replace("&", "") for action in menu.actions() if not action.isSeparator()]


def test_a_hidden_lab_does_not_set_the_stages_minimum_size(window, qtbot):
    stage_minimum = window.pages.minimumSizeHint().width()
    window.choose_lesson("boundary-lab")
    qtbot.wait(10)
    window.choose_lesson("expression")
    qtbot.wait(10)
    assert window.pages.minimumSizeHint().width() <= stage_minimum
    assert window.minimumSizeHint().width() <= 1280
    assert window.width() <= 1280


def test_f1_and_the_menus_belong_to_the_page_on_show(window, qtbot):
    stage_help = window.shortcuts_text()
    assert "Step back" in stage_help and "Check gradients" in stage_help
    assert "Chain-rule ledger" in menu_texts(window.view_menu)
    window.choose_lesson("boundary-lab")
    lab_help = window.shortcuts_text()
    assert "Draw points" in lab_help and "Epoch" in lab_help
    assert "Step back" not in lab_help and "Check gradients" not in lab_help
    assert menu_titles(window) == ["File", "Lesson", "Lab", "View", "Help"]
    view = menu_texts(window.view_menu)
    assert "Chain-rule ledger" not in view and "Inspector" not in view
    assert "Dark theme" in view
    assert menu_texts(window.file_menu) == [
        "Open session…", "Open recent", "Save session", "Save session as…",
        "Keep the lab's data set in a CSV beside the session", "Open data set…", "Save data set…",
        "Export image…", "Export animation…", "Quit"]
    assert not window.ledger_dock.isVisible()
    window.choose_lesson("window-scorer")
    assert menu_titles(window) == ["File", "Lesson", "Step", "View", "Help"]
    assert window.ledger_dock.isVisible()


def test_dialogs_and_menus_take_the_dark_theme(window):
    window.set_theme(THEMES["dark"])
    window_colour = QApplication.instance().palette().color(
        QApplication.instance().palette().ColorRole.Window)
    assert window_colour.lightness() < 100
    window.set_theme(THEMES["light"])
    assert QApplication.instance().palette().color(
        QApplication.instance().palette().ColorRole.Window).lightness() > 150


def test_enter_in_a_field_hands_the_keys_back_to_the_stage(window, qtbot):
    window.controls_dock.raise_()
    seed = window.window_controls.seed_box
    qtbot.mouseClick(seed, Qt.MouseButton.LeftButton)
    seed.setFocus()
    seed.selectAll()
    qtbot.keyClicks(seed, "5")
    qtbot.keyClick(seed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.window_controls.config().seed == 5)
    qtbot.waitUntil(lambda: not seed.hasFocus())
    before = window.model.index
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.model.index == before + 1)


def test_the_lab_page_pauses_when_hidden_and_its_keys_rest(window, qtbot):
    window.choose_lesson("boundary-lab")
    qtbot.keyClick(window.lab, Qt.Key.Key_Space)
    assert window.lab.model.playing
    window.choose_lesson("window-scorer")
    assert not window.lab.model.playing
    assert not window.lab.play_action.isEnabled()


def test_presentation_zoom_enlarges_every_view_and_is_remembered(window, qtbot, tmp_path):
    circuit = window.circuit_view.zoom()
    neurons = window.neuron_view.canvas.transform().m11()
    ledger_font = window.ledger.text_area.document().defaultFont().pointSizeF()
    for _ in range(2):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.zoom == 1.3
    assert window.circuit_view.zoom() == pytest.approx(circuit * 1.3, rel=0.02)
    assert window.neuron_view.canvas.transform().m11() == pytest.approx(neurons * 1.3, rel=0.02)
    assert window.ledger.text_area.document().defaultFont().pointSizeF() > ledger_font
    assert "14.3pt" in window.inspector.styleSheet()  # 11 pt labels, times 1.3
    window.close()
    again = MainWindow(QSettings(str(tmp_path / "bpviz.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.zoom == 1.3 and again.circuit_view.presentation == 1.3
    again.zoom_actions[2].trigger()  # View → Actual size (Ctrl+0)
    assert again.zoom == 1.0 and again.ledger.zoom == 1.0
