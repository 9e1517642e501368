"""The word-vector lessons on the stage, driven as a user would: chosen in the lesson chooser,
stepped forward and backward with keys, updated, gradient-checked; their settings rebuild
them; the noise table and the shift demonstration show the lesson's own numbers."""

from __future__ import annotations


import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from bpviz.app.main_window import MainWindow
from bpviz.app.stage_model import StageModel
from bpviz.app.word_vector_controls import WordVectorControls
from bpviz.engine import picture_at
from bpviz.formatting import preview
from bpviz.lessons.word_vector_lessons import (
    GloVeLesson, NegativeSamplingLesson, SkipGramLesson, shift_lines,
)

KINDS = ("skipgram", "sgns", "glove", "simple-glove")


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window(None)
    return window


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


@pytest.mark.parametrize("kind", KINDS)
def test_each_objective_is_stepped_updated_and_checked_on_the_stage(window, qtbot, kind,
                                                                    pytestconfig):
    window.lesson_chooser.setCurrentIndex(window.lesson_chooser.findData(kind))
    model = window.model
    assert window.stage_page.controls.currentWidget() is window.stage_page.word_controls
    assert window.stage_page.word_controls.kind == kind
    assert not window.neuron_view.isVisible()  # no neurons: the circuit has the stage
    window.circuit_view.setFocus()
    total = len(model.trace.steps)
    for index in range(1, total + 1):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)
        assert model.index == index
        assert_stage_shows_trace(window)
        if index == total - 2:
            QApplication.processEvents()  # the stage takes the neuron view's room first
            out = pytestconfig.rootpath / "test-output" / "screenshots"
            out.mkdir(parents=True, exist_ok=True)
            assert window.grab().save(str(out / f"word_vectors_{kind}.png"))
    for index in range(total - 1, total - 4, -1):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Left)
        assert model.index == index
        assert_stage_shows_trace(window)
    model.seek(total)
    before = model.trace.output_value
    window.transport.update_action.trigger()
    assert model.last_update.after < before
    window.check_action.trigger()
    assert model.gradcheck_report.passed()
    checked = [item for item in window.circuit_view.node_items().values() if item.check]
    assert len(checked) == len(model.gradcheck_report.parameters)


def test_the_ledger_writes_observed_minus_expected_for_skipgram(window):
    window.lesson_chooser.setCurrentIndex(window.lesson_chooser.findData("skipgram"))
    model = window.model
    model.seek(len(model.trace.steps))
    text = window.ledger.plain_text()
    lesson = model.lesson.model
    U = lesson.params["U"]
    observed_minus_expected = -U[lesson.o] + lesson.probabilities() @ U
    assert "× P(w|c) (8)" in text
    assert ("∂J/∂v_c (2)\n= Uᵀ ∂J/∂Uv_c + ∂J/∂uₒᵀv_c × u_o\n= "
            + preview(observed_minus_expected)) in text


@pytest.fixture
def controls(qtbot) -> tuple[WordVectorControls, StageModel]:
    model = StageModel(NegativeSamplingLesson())
    controls = WordVectorControls(model)
    controls.set_kind("sgns")
    qtbot.addWidget(controls)
    controls.resize(420, 640)
    controls.show()
    qtbot.waitExposed(controls)
    return controls, model


def test_sgns_settings_apply_a_new_K(controls, qtbot):
    controls, model = controls
    assert not controls.shift_button.isVisible() and controls.negatives_box.isVisible()
    controls.negatives_box.setValue(5)
    qtbot.keyClick(controls.negatives_box.lineEdit(), Qt.Key.Key_Return)
    u_neg = next(info for info in model.trace.nodes if info.label == "u_neg")
    assert u_neg.shape == (5, 2) and model.lesson.config.negatives == 5


def test_the_inspector_shows_both_distributions_beside_the_draws(window, qtbot):
    inspector = window.inspector
    assert not inspector.tabs.isTabVisible(2)  # the window scorer publishes no table
    window.lesson_chooser.setCurrentIndex(window.lesson_chooser.findData("sgns"))
    assert inspector.tabs.isTabVisible(2) and inspector.tabs.tabText(2) == "Model"
    (table,) = window.model.lesson.tables()
    lines = inspector.data_page.lines()
    assert lines[0] == "Where the negatives come from"
    assert lines[1] == "word | U(w) | U(w)/ΣU | U(w)^¾/Z | drawn"
    assert lines[2:-1] == [" | ".join(row) for row in table.rows]
    assert lines[-1] == table.note
    window.stage_page.word_controls.negatives_box.setValue(6)
    window.stage_page.word_controls.apply()
    drawn = [line.split(" | ")[4] for line in inspector.data_page.lines()[2:-1]]
    assert sum(len(cell) for cell in drawn) == 6
    window.lesson_chooser.setCurrentIndex(window.lesson_chooser.findData("glove"))
    assert inspector.data_page.lines()[0] == "Co-occurrence counts X_ij"


def test_skipgram_settings_pick_the_words(qtbot):
    model = StageModel(SkipGramLesson())
    controls = WordVectorControls(model)
    qtbot.addWidget(controls)
    controls.centre_box.setCurrentText("steam")
    controls.outside_box.setCurrentText("gas")
    qtbot.mouseClick(controls.apply_button, Qt.MouseButton.LeftButton)
    assert model.lesson.config.centre == "steam" and model.lesson.model.o == 5
    assert controls.negatives_box.isHidden() and controls.x_max_box.isHidden()


def test_the_shift_button_shows_the_lessons_numbers(qtbot):
    model = StageModel(GloVeLesson())
    controls = WordVectorControls(model)
    controls.set_kind("glove")
    qtbot.addWidget(controls)
    controls.show()
    assert controls.shift_button.isVisible()
    qtbot.mouseClick(controls.shift_button, Qt.MouseButton.LeftButton)
    expected = shift_lines(model.lesson.shift_demo())
    assert controls.shift_result.text() == "\n".join(expected)
    assert "(change 0)" in expected[1] and "(change 0)" not in expected[2]
    # Apply (a new lesson) clears the old result.
    controls.d_box.setValue(3)
    qtbot.mouseClick(controls.apply_button, Qt.MouseButton.LeftButton)
    assert controls.shift_result.text() == ""
    assert model.lesson.config.d == 3


def test_a_word_vector_lesson_is_remembered_between_runs(qtbot, tmp_path):
    settings = tmp_path / "bpviz.ini"
    first = MainWindow(QSettings(str(settings), QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.choose_lesson("simple-glove")
    first.close()
    second = MainWindow(QSettings(str(settings), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.lesson_chooser.currentData() == "simple-glove"
    assert type(second.model.lesson).__name__ == "SimpleGloVeLesson"
    assert second.stage_page.word_controls.kind == "simple-glove"
    assert second.stage_page.word_controls.shift_button.isVisibleTo(second.stage_page.word_controls)


def test_a_refused_setting_is_shown_and_the_lesson_stays(qtbot, monkeypatch):
    from bpviz.app import word_vector_controls
    from bpviz.errors import BpvizError

    model = StageModel(SkipGramLesson())
    controls = WordVectorControls(model)
    qtbot.addWidget(controls)
    controls.show()
    lesson = model.lesson

    def refuse(kind, **settings):
        raise BpvizError("'<b>ice</b>' is not in the vocabulary")

    monkeypatch.setattr(word_vector_controls, "make_lesson", refuse)
    assert not controls.apply()
    assert controls.error_text == "Not applied: '<b>ice</b>' is not in the vocabulary"
    assert controls.error_label.isVisible() and model.lesson is lesson
