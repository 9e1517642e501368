"""The window lessons' settings: applying rebuilds the network, a bad setting is shown inline."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from bpviz.app.palette import qt_palette
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import DARK, LIGHT
from bpviz.app.window_controls import WindowControls
from bpviz.errors import BpvizError
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig





@pytest.fixture
def model() -> StageModel:
    return StageModel(WindowScorerLesson())


@pytest.fixture
def controls(qtbot, model) -> WindowControls:
    controls = WindowControls(model)
    qtbot.addWidget(controls)
    controls.resize(380, 320)
    controls.show()
    qtbot.waitExposed(controls)
    return controls


def shape_of(model: StageModel, label: str) -> tuple[int, ...]:
    return next(node.shape for node in model.trace.nodes if node.label == label)


def retype(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_shows_the_lecture_settings(controls, model):
    assert controls.kind == "scorer"
    assert controls.true_window_edit.text() == "museums in Paris are amazing"
    assert controls.corrupt_window_edit.text() == "Not all museums in Paris"
    boxes = (controls.d_box, controls.hidden_box, controls.seed_box)
    assert [box.value() for box in boxes] == [4, 8, 0]
    assert controls.activation_box.currentData() == "tanh"
    assert controls.config() == WindowConfig() == model.lesson.model.config
    assert controls.target_box.isHidden() and not controls.corrupt_window_edit.isHidden()
    assert controls.error_text == "" and not controls.error_label.isVisible()


def test_apply_rebuilds_with_new_sizes(qtbot, controls, model):
    assert shape_of(model, "W") == (8, 20)
    controls.d_box.setValue(3)
    controls.hidden_box.setValue(5)
    qtbot.mouseClick(controls.apply_button, Qt.MouseButton.LeftButton)
    assert model.lesson.model.config == WindowConfig(d=3, hidden=5)
    assert shape_of(model, "W") == (5, 15)  # hidden × 5·d
    assert shape_of(model, "x") == (15,) and shape_of(model, "u") == (5,)
    assert model.index == 0


def test_spin_boxes_apply_once_after_they_settle(qtbot, controls, model):
    rebuilt = []
    model.lesson_changed.connect(lambda: rebuilt.append(model.lesson))
    for hidden in (9, 10, 11, 12):  # a spin box held down
        controls.hidden_box.setValue(hidden)
    assert rebuilt == []  # not on every change
    qtbot.waitUntil(lambda: len(rebuilt) == 1)
    qtbot.wait(2 * controls.debounce.interval())
    assert len(rebuilt) == 1 and shape_of(model, "W") == (12, 20)


def test_enter_in_a_word_field_applies_the_new_windows(qtbot, controls, model):
    retype(qtbot, controls.true_window_edit, "the cat sat on mats")
    retype(qtbot, controls.corrupt_window_edit, "a dog ran to Paris")
    qtbot.keyClick(controls.corrupt_window_edit, Qt.Key.Key_Return)
    assert model.lesson.model.config.true_window == ("the", "cat", "sat", "on", "mats")
    labels = [node.label for node in model.trace.nodes]
    assert labels[:10] == ["the", "cat", "sat", "on", "mats", "a", "dog", "ran", "to", "Paris"]


def test_the_activation_list_rebuilds_with_the_chosen_f(qtbot, controls, model):
    controls.activation_box.setCurrentIndex(controls.activation_box.findData("relu"))
    qtbot.waitUntil(lambda: model.lesson.model.config.activation == "relu")
    h = next(node for node in model.trace.nodes if node.label == "h")
    assert h.caption == "relu"


@pytest.mark.parametrize("field, text, gist", [
    ("corrupt_window_edit", "Not all museums in",
     "the windows must have the same number of words, not 5 and 4"),
    ("true_window_edit", "museums in W are amazing", "the word 'W' clashes with"),
    ("true_window_edit", "   ", "a window needs at least one word"),
    ("true_window_edit", " ".join(f"w{i}" for i in range(2500)),
     "a window on the stage has at most 11 words, not 2,500"),
])
def test_bad_settings_are_shown_inline_and_the_lesson_stays(qtbot, controls, model, field, text,
                                                            gist):
    lesson, trace = model.lesson, model.trace
    edit = getattr(controls, field)
    retype(qtbot, edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    with pytest.raises(BpvizError) as refused:  # the model's own words are shown
        WindowScorerLesson(controls.config())
    assert gist in str(refused.value)
    assert controls.error_text == f"Not applied: {refused.value}"
    assert controls.error_label.isVisible()
    assert model.lesson is lesson and model.trace is trace

    retype(qtbot, edit, "museums in Paris are amazing" if field == "true_window_edit"
           else "Not all museums in Paris")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert controls.error_text == "" and not controls.error_label.isVisible()
    assert model.lesson is not lesson


def test_the_classifier_form_builds_the_softmax_window_classifier(qtbot, controls, model):
    controls.set_kind("classifier")
    assert controls.kind == "classifier"
    assert controls.corrupt_window_edit.isHidden() and not controls.target_box.isHidden()
    assert controls.hidden_box.value() == 0 and controls.hidden_box.text() == "none: softmax(Wx)"
    assert not controls.activation_box.isEnabled()  # no hidden layer, no f
    assert isinstance(model.lesson, WindowScorerLesson)  # choosing the kind builds nothing

    controls.target_box.setCurrentText("PER")
    controls.apply()
    assert isinstance(model.lesson, WindowClassifierLesson)
    assert model.lesson.model.config == WindowClassifierConfig(target="PER")
    assert shape_of(model, "W") == (4, 20)  # the four classes × 5·d

    controls.hidden_box.setValue(6)
    assert controls.activation_box.isEnabled()
    qtbot.keyClick(controls.true_window_edit, Qt.Key.Key_Return)
    assert shape_of(model, "W") == (6, 20) and shape_of(model, "U") == (4, 6)


def test_follows_a_window_lesson_put_on_stage_elsewhere(qtbot, controls, model):
    config = WindowClassifierConfig(window=("I", "love", "New", "York", "now"), target="LOC",
                                    d=2, hidden=3, activation="sigmoid", seed=7)
    lesson = WindowClassifierLesson(config)
    model.set_lesson(lesson)
    assert controls.kind == "classifier" and controls.config() == config
    qtbot.wait(2 * controls.debounce.interval())
    assert model.lesson is lesson  # showing its settings rebuilt nothing

    model.set_lesson(ExpressionLesson())  # not a window lesson: the form stays as it is
    assert controls.config() == config
    controls.set_kind("scorer")  # the stage has no scorer: the lecture's defaults
    assert controls.config() == WindowConfig()


def test_set_kind_refuses_an_unknown_kind(controls):
    with pytest.raises(ValueError, match="scorer"):
        controls.set_kind("mlp")


def test_every_field_has_a_tooltip(controls):
    for field in (controls.true_window_edit, controls.corrupt_window_edit, controls.target_box,
                  controls.d_box, controls.hidden_box, controls.activation_box, controls.seed_box,
                  controls.apply_button):
        assert field.toolTip()


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda theme: theme.name)
def test_screenshot(qtbot, controls, theme, save_screenshot):
    controls.setPalette(qt_palette(theme))
    save_screenshot(controls, f"window_controls_{theme.name}")
    retype(qtbot, controls.corrupt_window_edit, "Not all museums in")
    qtbot.keyClick(controls.corrupt_window_edit, Qt.Key.Key_Return)
    save_screenshot(controls, f"window_controls_error_{theme.name}")
    controls.set_kind("classifier")
    save_screenshot(controls, f"window_controls_classifier_{theme.name}")


def test_an_error_quoting_the_users_words_is_shown_as_text(qtbot, controls, model, monkeypatch):
    def refuse(config):
        raise BpvizError("the word '<b>bold</b><img src=x>' is not allowed")

    monkeypatch.setattr("bpviz.app.window_controls.WindowScorerLesson", refuse)
    assert not controls.apply()
    assert controls.error_label.textFormat() == Qt.TextFormat.PlainText
    assert controls.error_label.text() == ("Not applied: the word '<b>bold</b><img src=x>' "
                                           "is not allowed")


def test_a_narrow_form_shows_the_start_of_each_window(qtbot, model):
    controls = WindowControls(model)
    qtbot.addWidget(controls)
    controls.resize(260, 320)  # the words are wider than their fields
    controls.show()
    qtbot.waitExposed(controls)
    long_words = ("the", "museums", "in", "Paris", "are", "amazing", "every", "day")
    model.set_lesson(WindowScorerLesson(WindowConfig(
        true_window=long_words, corrupt_window=("not",) + long_words[1:])))
    for edit in (controls.true_window_edit, controls.corrupt_window_edit):
        width = edit.fontMetrics().horizontalAdvance(edit.text())
        assert width > edit.width()
        assert edit.cursorPosition() == 0 and edit.cursorRect().left() < 10
    controls.set_kind("classifier")
    assert controls.true_window_edit.cursorPosition() == 0
