"""The main window as a user drives it: launch, step a whole pass with buttons and keys,
scrub back, switch lessons and themes, check gradients; what the stage shows must equal
the engine's trace at every index. Leaves screenshots in test-output/screenshots/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolButton

from bpviz import __version__
from bpviz.app.main_window import MainWindow
from bpviz.engine import picture_at
from bpviz.lessons.inspection import inspect_node


@pytest.fixture
def settings_path(tmp_path) -> Path:
    return tmp_path / "bpviz.ini"


@pytest.fixture
def window(open_window, settings_path) -> MainWindow:
    return open_window(None, settings=settings_path)


def save_screenshot(window: MainWindow, rootpath: Path, name: str) -> None:
    out = rootpath / "test-output" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / f"{name}.png"))


def button_for(window: MainWindow, action) -> QToolButton:
    buttons = [button for button in window.transport.findChildren(QToolButton)
               if button.defaultAction() is action]
    assert len(buttons) == 1
    return buttons[0]


def assert_stage_shows_trace(window: MainWindow) -> None:
    """Every card shows exactly the values and gradients the engine recorded so far."""
    window.circuit_view.finish_animation()
    model = window.model
    expected = picture_at(model.trace, model.index)
    for node_id, item in window.circuit_view.node_items().items():
        for shown, recorded in ((item.shown_value(), expected.values.get(node_id)),
                                (item.shown_grad(), expected.grads.get(node_id))):
            assert (shown is None) == (recorded is None), (model.index, node_id)
            if recorded is not None:
                np.testing.assert_array_equal(shown, recorded)
        assert item.dimmed == (node_id not in expected.values)
    assert window.transport.position_label.text() == model.stepper.position_text()


def test_opens_on_the_window_scorer_ready_to_step(window):
    assert window.lesson_chooser.currentData() == "window-scorer"
    assert window.windowTitle() == "bpviz — Window scorer (max-margin)"
    assert window.model.index == 0
    labels = {info.label for info in window.model.trace.nodes}
    assert {"W", "b", "u", "J", "museums", "Paris"} <= labels
    assert window.transport.step_action.isEnabled()
    assert not window.transport.back_action.isEnabled()
    assert window.neuron_view.isVisible() and window.circuit_view.isVisible()
    assert_stage_shows_trace(window)


def test_a_whole_pass_with_buttons_then_keys_and_a_scrub_back(window, qtbot, pytestconfig):
    model = window.model
    total = len(model.trace.steps)
    forward = model.trace.forward_count
    step_button = button_for(window, window.transport.step_action)
    for index in range(1, forward + 1):
        qtbot.mouseClick(step_button, Qt.MouseButton.LeftButton)
        assert model.index == index
        assert_stage_shows_trace(window)
    save_screenshot(window, pytestconfig.rootpath, "main_window_forward_done")
    window.circuit_view.setFocus()
    for index in range(forward + 1, total + 1):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)
        assert model.index == index
        assert_stage_shows_trace(window)
    assert model.stepper.at_end
    assert window.transport.update_action.isEnabled()
    save_screenshot(window, pytestconfig.rootpath, "main_window_backward_done")

    qtbot.keyClick(window.circuit_view, Qt.Key.Key_Left)
    assert model.index == total - 1
    window.transport.slider.setValue(5)
    assert model.index == 5
    assert_stage_shows_trace(window)
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_Home)
    assert model.index == 0
    assert_stage_shows_trace(window)


def test_the_inspector_shows_the_selected_node_at_the_current_step(window):
    model = window.model
    z = next(info.id for info in model.trace.nodes if info.label == "z")
    model.select(z)
    model.seek(len(model.trace.steps))
    expected = inspect_node(model.trace, model.picture, z, model.lesson.output)
    text = window.inspector.plain_text()
    assert expected.value_text in text and expected.grad_text in text


def test_an_update_lowers_the_loss_and_starts_the_next_pass(window):
    model = window.model
    model.seek(len(model.trace.steps))
    before = model.trace.output_value
    window.transport.update_action.trigger()
    assert model.last_update is not None and model.last_update.before == before
    assert model.last_update.after <= before
    assert window.statusBar().currentMessage() == ""


def test_check_gradients_colours_every_parameter(window):
    window.check_action.trigger()
    report = window.model.gradcheck_report
    assert report is not None and report.passed()
    checked = [item for item in window.circuit_view.node_items().values() if item.check]
    assert len(checked) == len(report.parameters)
    assert window.check_action.shortcut() == QKeySequence("Ctrl+G")


def test_expression_lesson_shows_the_lecture_numbers(window, qtbot, pytestconfig):
    window.lesson_chooser.setCurrentIndex(window.lesson_chooser.findData("expression"))
    model = window.model
    assert window.controls.currentWidget() is window.expression_editor
    assert window.expression_editor.formula == "(x+y)*max(y,z)"
    assert not window.neuron_view.isVisible()
    qtbot.wait(20)  # let the splitter give the neuron view's room to the circuit
    model.seek(len(model.trace.steps))
    assert_stage_shows_trace(window)
    assert model.trace.output_value == 6.0
    grads = {info.label: float(model.picture.grads[info.id]) for info in model.trace.variables()}
    assert grads == {"x": 2.0, "y": 5.0, "z": 0.0}
    save_screenshot(window, pytestconfig.rootpath, "main_window_expression")


def test_a_bad_formula_keeps_the_last_good_circuit(window, qtbot):
    window.choose_lesson("expression")
    good = window.model.trace
    window.expression_editor.set_formula("(x+y)*foo(y,z)")
    assert not window.expression_editor.apply()
    assert "unknown function 'foo'" in window.expression_editor.error_text
    assert window.model.trace is good


def test_switching_lessons_keeps_each_lessons_edits(window):
    window.choose_lesson("expression")
    window.expression_editor.set_formula("x*y")
    assert window.expression_editor.apply()
    edited = window.model.lesson
    window.choose_lesson("window-classifier")
    assert window.controls.currentWidget() is window.window_controls
    assert window.window_controls.kind == "classifier"
    window.choose_lesson("expression")
    assert window.model.lesson is edited
    assert window.expression_editor.formula == "x*y"


def test_a_lesson_left_mid_pass_comes_back_at_its_step_and_updates(window, qtbot):
    window.model.seek(window.model.stepper.last_index)
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_U)  # one update, then into the new pass
    for _ in range(5):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)
    cycle, index = window.model.stepper.cycle, window.model.index
    assert (cycle, index) == (1, 5)
    window.choose_lesson("expression")
    assert window.model.index == 0
    window.choose_lesson("window-scorer")
    assert (window.model.stepper.cycle, window.model.index) == (cycle, index)
    window.window_controls.d_box.setValue(3)
    assert window.window_controls.apply()  # new settings: a new lesson, from its start
    window.choose_lesson("expression")
    window.choose_lesson("window-scorer")
    assert (window.model.stepper.cycle, window.model.index) == (0, 0)


def test_lesson_theme_and_layout_persist_between_runs(open_window, settings_path, pytestconfig):
    first = open_window(None, settings=settings_path)
    first.choose_lesson("window-classifier")
    dark = next(action for action in first.theme_actions.actions() if "Dark" in action.text())
    dark.trigger()
    first.resize(first.width(), 620)  # offscreen, the screen is only 800×800
    assert first.height() == 620
    first.model.seek(len(first.model.trace.steps) // 2 + 3)
    save_screenshot(first, pytestconfig.rootpath, "main_window_dark_classifier")
    first.close()

    second = open_window(None, settings=settings_path)
    assert second.lesson_chooser.currentData() == "window-classifier"
    assert second.theme.name == "dark"
    assert second.height() == 620  # not the default 860


def test_menus_shortcuts_and_help(window):
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert window.shortcuts_action.shortcut() == QKeySequence("F1")
    assert __version__ in window.about_text()
    shown = [action.text().replace("&", "") for action in window.menuBar().actions()
             if action.isVisible()]
    assert shown == ["File", "Lesson", "Step", "View", "Help"]
    help_table = window.shortcuts_text()
    for words in ("Step", "Step back", "Check gradients", "Quit"):
        assert words in help_table
    window.quit_action.trigger()
    assert not window.isVisible()


def test_f11_fills_the_screen_and_gives_the_window_back(window, qtbot):
    assert window.full_screen_action in window.view_menu.actions()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.full_screen_action.isChecked()
    assert "F11" in window.shortcuts_text()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.full_screen_action.isChecked()


def test_hiding_a_view_and_a_dock(window):
    window.circuit_action.trigger()
    assert not window.circuit_view.isVisible()
    window.neuron_action.trigger()
    assert not window.neuron_view.isVisible()
    window.neuron_action.trigger()
    assert window.neuron_view.isVisible()
    window.ledger_dock.toggleViewAction().trigger()
    assert not window.ledger_dock.isVisible()


def test_mid_backward_screenshots_of_each_window_lesson(window, pytestconfig):
    for key in ("window-scorer", "window-classifier"):
        window.choose_lesson(key)
        model = window.model
        model.seek(model.trace.forward_count + 4)
        x = next(info.id for info in model.trace.nodes if info.label == "x")
        model.select(x)
        window.circuit_view.finish_animation()
        save_screenshot(window, pytestconfig.rootpath, f"main_window_{key}")


def test_the_lab_takes_the_window_and_gives_the_stage_back(window, qtbot, pytestconfig):
    window.resize(1360, 860)
    stage_index = window.model.index
    window.choose_lesson("boundary-lab")
    assert window.pages.currentWidget() is window.lab
    assert not window.ledger_dock.isVisible() and not window.inspector_dock.isVisible()
    assert not window.transport.step_action.isEnabled()
    assert window.save_data_action.isEnabled()
    shown = [action.text().replace("&", "") for action in window.menuBar().actions()
             if action.isVisible()]
    assert shown == ["File", "Lesson", "Lab", "View", "Help"]
    lab_steps = window.lab.model.session.steps
    qtbot.keyClick(window.lab, Qt.Key.Key_Right)
    assert window.model.index == stage_index  # the stage's keys are off while the lab shows
    assert window.lab.model.session.steps > lab_steps
    save_screenshot(window, pytestconfig.rootpath, "main_window_lab")

    window.choose_lesson("window-scorer")
    assert window.pages.currentWidget() is window.stage
    assert window.ledger_dock.isVisible() and window.inspector_dock.isVisible()
    assert window.transport.step_action.isEnabled() and not window.save_data_action.isEnabled()
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)
    assert window.model.index == stage_index + 1


def test_the_last_lesson_may_be_the_lab(open_window, settings_path):
    first = open_window(None, settings=settings_path)
    first.choose_lesson("boundary-lab")
    first.close()
    second = open_window(None, settings=settings_path)
    assert second.pages.currentWidget() is second.lab
    assert second.lesson_chooser.currentData() == "boundary-lab"
    second.choose_lesson("expression")
    assert second.ledger_dock.isVisible()


def test_launching_runs_blas_on_one_thread_and_guards_the_slots(monkeypatch):
    import sys

    from bpviz.app import launch
    from bpviz.app.slot_guard import SlotGuard
    from bpviz.runtime import blas_threads, set_blas_threads

    before = blas_threads()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    shown = []
    window = type("Shown", (), {"show": lambda self: None, "show_error": shown.append,
                                "after_start": lambda self, session=None: None})
    monkeypatch.setattr(launch, "MainWindow", window)
    monkeypatch.setattr(launch.QApplication, "exec", lambda self: 0)
    try:
        assert launch.run_app([]) == 0
        assert blas_threads() in (1, None)
        assert isinstance(sys.excepthook, SlotGuard)  # a bug in a slot: a message, no traceback
        sys.excepthook(ValueError, ValueError("x"), None)
        assert shown and "ValueError: x" in shown[0]
    finally:
        if before is not None:
            set_blas_threads(before)


# What the first window does not need to paint: loaded when first used, not at the start.
DEFERRED = ("bpviz.sessions", "bpviz.labs", "bpviz.app.export", "bpviz.lessons.ledger_handout",
            "bpviz.data", "bpviz.models.sgns_batch", "bpviz.app.pages.boundary_page",
            "bpviz.app.pages.embedding_page", "bpviz.app.pages.pitfall_page", "pyqtgraph",
            "bpviz.lessons.practice")
FIRST_PAINT = """
import json, os, sys, tempfile
import bpviz.app.main_window as main_window
imported = sorted(sys.modules)
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication(["bpviz"])
settings = QSettings(os.path.join(tempfile.mkdtemp(), "bpviz.ini"), QSettings.Format.IniFormat)
window = main_window.MainWindow(settings)
window.show()
window.grab()
print(json.dumps({"imported": imported, "painted": sorted(sys.modules)}))
"""


def _deferred(modules: list[str]) -> list[str]:
    return [name for name in modules
            if any(name == lazy or name.startswith(lazy + ".") for lazy in DEFERRED)]


def test_the_first_window_loads_no_sessions_labs_export_or_other_pages():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", FIRST_PAINT], cwd=root, capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                 "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert _deferred(loaded["imported"]) == []  # importing the window
    assert _deferred(loaded["painted"]) == []  # building and painting it
    assert "bpviz.app.circuit_view" in loaded["imported"]  # the check sees the stage's modules



def test_the_start_loads_the_headless_layers_before_qt():
    """PySide6 reads the source of every module imported after it: the start loads the
    lessons, their models and networkx first."""
    root = Path(__file__).resolve().parents[2]
    code = ("import sys\nimport bpviz.app.launch\nloaded = list(sys.modules)\n"
            "print(*(loaded.index(name) for name in ('PySide6', 'networkx', "
            "'bpviz.lessons.model_lessons', 'bpviz.engine.graph', 'bpviz.app.circuit_view')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                 "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr
    qt, networkx, lessons, engine, circuit_view = map(int, result.stdout.split())
    assert max(networkx, lessons, engine) < qt < circuit_view


def test_the_start_builds_the_pass_ledger_once(open_window, monkeypatch):
    """The ledger panel and the shape drill's check share one ledger of the pass."""
    from bpviz.lessons.ledger import Ledger

    built: list[object] = []
    build = Ledger.__init__

    def counted(self, *args, **kwargs) -> None:
        built.append(self)
        build(self, *args, **kwargs)

    monkeypatch.setattr(Ledger, "__init__", counted)
    window = open_window()
    assert len(built) == 1 and window.ledger.ledger() is built[0]


def test_the_drill_check_reads_the_ledger_after_the_first_paint(qtbot, tmp_path):
    """The start's ledger shows how to read it, no entries: they are built for the shape
    drill's check once the window has painted."""
    from PySide6.QtCore import QSettings

    window = MainWindow(QSettings(str(tmp_path / "bpviz.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    practice = window.stage_page.practice
    assert practice._drills_for is None and "entries" not in vars(window.ledger.ledger())
    window.show()
    qtbot.waitUntil(lambda: practice._drills_for is not None)
    assert "entries" in vars(window.ledger.ledger()) and practice.drill_action.isEnabled()
    window.choose_lesson("expression")  # nothing to drill: off at once
    assert not practice.drill_action.isEnabled()


def test_the_start_lays_the_ledger_and_inspector_out_once(open_window, monkeypatch):
    """At actual size the stage is built in its fonts: no second layout for the zoom."""
    from bpviz.app.inspector_panel import InspectorPanel
    from bpviz.app.ledger_panel import LedgerPanel

    themed: list[str] = []
    for panel in (LedgerPanel, InspectorPanel):
        recolour = panel.set_theme
        monkeypatch.setattr(panel, "set_theme", lambda self, theme, recolour=recolour:
                            (themed.append(type(self).__name__), recolour(self, theme))[1])
    window = open_window()
    assert sorted(themed) == ["InspectorPanel", "LedgerPanel"]
    assert window.zoom == 1.0 and window.ledger.zoom == 1.0
