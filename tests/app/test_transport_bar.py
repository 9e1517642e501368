"""The transport bar walks a StageModel through whole passes: buttons, keys, slider, play, update."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QPoint, Qt

from bpviz.app.palette import qt_palette
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import DARK, LIGHT
from bpviz.app.transport_bar import TransportBar
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowScorerLesson

PASS_LENGTH = 22  # the window scorer: 11 forward steps, then 11 backward steps





@pytest.fixture
def model() -> StageModel:
    return StageModel(WindowScorerLesson())


@pytest.fixture
def bar(qtbot, model) -> TransportBar:
    bar = TransportBar(model)
    qtbot.addWidget(bar)
    bar.resize(900, bar.sizeHint().height())
    bar.show()
    qtbot.waitExposed(bar)
    bar.activateWindow()
    qtbot.waitUntil(bar.isActiveWindow)
    return bar


def shows_the_model(bar: TransportBar) -> bool:
    stepper = bar.model.stepper
    return (bar.position_label.text() == stepper.position_text()
            and bar.slider.value() == stepper.index
            and bar.slider.maximum() == stepper.last_index)


def test_buttons_walk_a_whole_forward_and_backward_pass(qtbot, bar, model):
    assert model.stepper.last_index == PASS_LENGTH
    assert bar.position_label.text() == "start · inputs and parameters known"
    assert not bar.back_button.isEnabled() and not bar.reset_button.isEnabled()
    assert not bar.update_button.isEnabled()
    for index in range(1, PASS_LENGTH + 1):
        assert bar.step_button.isEnabled()
        qtbot.mouseClick(bar.step_button, Qt.MouseButton.LeftButton)
        assert model.index == index
        assert shows_the_model(bar)
    assert bar.position_label.text() == (
        "backward 11/11 · through x = [x_museums; x_in; x_Paris; x_are; x_amazing]")
    assert not bar.step_button.isEnabled()
    assert bar.update_button.isEnabled()

    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    assert model.index == PASS_LENGTH - 1 and shows_the_model(bar)
    assert not bar.update_button.isEnabled()
    qtbot.mouseClick(bar.reset_button, Qt.MouseButton.LeftButton)
    assert model.index == 0 and shows_the_model(bar)


def test_label_says_what_the_trace_holds_at_each_index(bar, model):
    expected = {3: "forward 3/11 · z = Wx + b", 4: "forward 4/11 · h = tanh(z)",
                11: "forward 11/11 · J = max(0, 1 − s + s_c)",
                13: "backward 2/11 · through s_c = uᵀh_c"}
    for index, text in expected.items():
        model.seek(index)
        assert bar.position_label.text() == text == model.stepper.position_text()


def test_keyboard_walks_the_pass_and_back(qtbot, bar, model):
    for index in range(1, PASS_LENGTH + 1):
        qtbot.keyClick(bar, Qt.Key.Key_Right)
        assert model.index == index and shows_the_model(bar)
    qtbot.keyClick(bar, Qt.Key.Key_Right)  # nothing after the last pass
    assert model.index == PASS_LENGTH
    for _ in range(3):
        qtbot.keyClick(bar, Qt.Key.Key_Left)
    assert model.index == PASS_LENGTH - 3 and shows_the_model(bar)
    qtbot.keyClick(bar, Qt.Key.Key_Home)
    assert model.index == 0 and shows_the_model(bar)
    qtbot.keyClick(bar, Qt.Key.Key_Left)  # nothing before the start
    assert model.index == 0


def test_keys_work_wherever_the_focus_is_in_the_window(qtbot, bar, model):
    bar.slider.setFocus()
    qtbot.keyClick(bar.slider, Qt.Key.Key_Right)
    assert model.index == 1
    qtbot.keyClick(bar.slider, Qt.Key.Key_Space)
    assert bar.playing
    qtbot.keyClick(bar.slider, Qt.Key.Key_Space)
    assert not bar.playing


def test_speed_keys_double_and_halve_within_the_range(qtbot, bar):
    assert bar.speed == 2.0 and bar.timer.interval() == 500
    qtbot.keyClick(bar, Qt.Key.Key_Plus)
    assert bar.speed == 4.0 and bar.timer.interval() == 250
    for _ in range(3):
        qtbot.keyClick(bar, Qt.Key.Key_Plus)
    assert bar.speed == 8.0
    for _ in range(6):
        qtbot.keyClick(bar, Qt.Key.Key_Minus)
    assert bar.speed == 0.5 and bar.timer.interval() == 2000


def test_scrubbing_the_slider_seeks_and_pauses(qtbot, bar, model):
    model.seek(PASS_LENGTH)
    bar.play()  # replays from the start
    assert bar.playing and model.index == 0
    bar.slider.setValue(5)
    assert not bar.playing
    assert model.index == 5 and shows_the_model(bar)
    bar.slider.setValue(2)
    assert model.index == 2 and bar.position_label.text() == "forward 2/11 · Wx"


def test_play_runs_to_the_end_of_the_backward_pass_and_stops(qtbot):
    model = StageModel(ExpressionLesson())  # six steps: 0.75 s at the top speed
    bar = TransportBar(model)
    qtbot.addWidget(bar)
    bar.set_speed(8)
    qtbot.mouseClick(bar.play_button, Qt.MouseButton.LeftButton)
    assert bar.playing and bar.play_action.text() == "Pause"
    qtbot.waitUntil(lambda: not bar.playing, timeout=5000)
    assert model.stepper.at_end and model.index == 6
    assert len(model.stepper.traces) == 1 and model.last_update is None  # no update by itself
    assert bar.play_action.text() == "Play"
    assert bar.update_button.isEnabled()


def test_playing_a_long_pass_at_a_fast_tick_reaches_its_end(qtbot, bar, model):
    qtbot.keyClick(bar, Qt.Key.Key_Space)
    bar.timer.setInterval(1)
    qtbot.waitUntil(lambda: not bar.playing, timeout=5000)
    assert model.index == PASS_LENGTH and shows_the_model(bar)


def test_update_only_at_the_end_then_the_new_pass_and_the_summary(qtbot, bar, model, save_screenshot):
    qtbot.keyClick(bar, Qt.Key.Key_U)  # not at the end: nothing happens
    assert model.stepper.cycle == 0 and model.last_update is None
    model.seek(PASS_LENGTH)
    assert bar.update_button.isEnabled() and bar.learning_rate == 0.01
    qtbot.mouseClick(bar.update_button, Qt.MouseButton.LeftButton)

    summary = model.last_update
    before = model.stepper.traces[0].output_value
    after = model.stepper.traces[1].output_value
    assert (summary.before, summary.after, summary.lr) == (before, after, 0.01)
    assert (model.stepper.cycle, model.index) == (1, 0)
    assert bar.position_label.text() == "pass 2 · start · inputs and parameters known"
    assert bar.update_label.text() == f"update 1 (lr 0.01): J {before:.4f} → {after:.4f}"
    assert "J 0.8249 → 0.7006" in bar.update_label.text()
    assert not bar.update_label.is_error
    assert not bar.update_button.isEnabled()
    model.seek(4)
    save_screenshot(bar, "transport_bar_after_update")


def test_stepping_at_the_end_of_a_pass_moves_into_the_next_recorded_one(qtbot, bar, model):
    model.seek(PASS_LENGTH)
    bar.lr_box.setValue(0.05)
    qtbot.keyClick(bar, Qt.Key.Key_U)
    assert model.last_update.lr == 0.05
    qtbot.keyClick(bar, Qt.Key.Key_Left)  # from the start of pass 2 back to the end of pass 1
    assert (model.stepper.cycle, model.index) == (0, PASS_LENGTH)
    assert bar.update_label.text() == "" and shows_the_model(bar)
    assert bar.step_button.isEnabled()  # a later pass exists
    qtbot.keyClick(bar, Qt.Key.Key_Right)
    assert (model.stepper.cycle, model.index) == (1, 0)
    assert bar.update_label.text().startswith("update 1 (lr 0.05): J")


def test_a_diverging_update_is_reported_and_changes_nothing(qtbot):
    model = StageModel(ExpressionLesson("exp(x*x)", {"x": 5.0}))
    bar = TransportBar(model)
    qtbot.addWidget(bar)
    model.seek(model.stepper.last_index)
    bar.lr_box.setValue(10)
    bar.apply_update()
    assert model.stepper.cycle == 0 and model.last_update is None
    assert "not finite" in bar.update_label.text()


def test_every_control_has_a_tooltip_naming_its_shortcut(bar):
    for action, key in ((bar.reset_action, "Home"), (bar.back_action, "Left"),
                        (bar.step_action, "Right"), (bar.play_action, "Space"),
                        (bar.update_action, "U"), (bar.faster_action, "+"),
                        (bar.slower_action, "-")):
        assert f"({key}" in action.toolTip()
        assert action in bar.actions()
        assert action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    for button in (bar.reset_button, bar.back_button, bar.step_button, bar.play_button,
                   bar.update_button):
        assert button.toolTip() == button.defaultAction().toolTip()
    for control in (bar.slider, bar.speed_box, bar.lr_box, bar.position_label):
        assert control.toolTip()


def test_a_new_lesson_stops_playing_and_resets_the_timeline(qtbot, bar, model):
    model.seek(7)
    bar.play()
    model.set_lesson(ExpressionLesson())
    assert not bar.playing
    assert bar.slider.maximum() == 6 and shows_the_model(bar)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda theme: theme.name)
def test_screenshot(qtbot, bar, model, theme, save_screenshot):
    bar.setPalette(qt_palette(theme))
    model.seek(13)
    save_screenshot(bar, f"transport_bar_{theme.name}")


# ----------------------------------------------------------------- updates that teach

def to_the_end(qtbot, bar, model):
    for _ in range(model.stepper.last_index - model.index):
        qtbot.keyClick(bar, Qt.Key.Key_Right)
    assert model.stepper.at_end


def type_learning_rate(qtbot, bar, text: str) -> None:
    field = bar.lr_box.lineEdit()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    bar.setFocus()


def test_at_the_default_rate_j_falls_over_several_updates_and_is_plotted(
        qtbot, bar, model, save_screenshot):
    assert bar.loss_history.shown_points() == ([], [])
    assert bar.loss_history.waiting.isVisible() and bar.loss_history.waiting.text() == "after U"
    for update in range(1, 5):
        to_the_end(qtbot, bar, model)
        qtbot.keyClick(bar, Qt.Key.Key_U)
        assert model.stepper.cycle == update
    outputs = model.stepper.outputs
    assert outputs[0] == pytest.approx(0.8249, abs=1e-4)
    assert all(later < earlier for earlier, later in zip(outputs, outputs[1:]))
    assert outputs[-1] > 0  # four updates, and there is still something to learn
    assert bar.loss_history.shown_points() == ([0.0, 1.0, 2.0, 3.0, 4.0], outputs)
    assert bar.loss_history.risen_points() == []
    assert not bar.update_label.is_error
    assert bar.loss_history.summary == "J per update: 0.8249 → 0.3274"
    assert bar.loss_history.toolTip().startswith(bar.loss_history.summary)
    save_screenshot(bar, "transport_bar_j_per_update")


def test_an_update_that_raises_j_says_so_in_red_and_marks_the_plot(qtbot, bar, model,
                                                                  save_screenshot):
    type_learning_rate(qtbot, bar, "10")
    assert bar.learning_rate == 10
    for update in (1, 2):
        to_the_end(qtbot, bar, model)
        qtbot.keyClick(bar, Qt.Key.Key_U)
        assert model.stepper.cycle == update
        summary = model.last_update
        assert summary.after > summary.before
        assert bar.update_label.is_error
        assert "J rose" in bar.update_label.text() and "smaller learning rate" in \
            bar.update_label.text()
    assert model.stepper.outputs[1] > 10 and model.stepper.outputs[2] > model.stepper.outputs[1]
    assert bar.loss_history.risen_points() == [1, 2]
    assert bar.loss_history.summary.endswith("· rose")
    save_screenshot(bar, "transport_bar_j_rose")


def test_update_is_off_when_every_gradient_is_zero(qtbot, bar, model):
    type_learning_rate(qtbot, bar, "0.1")
    to_the_end(qtbot, bar, model)
    qtbot.keyClick(bar, Qt.Key.Key_U)
    assert model.trace.output_value == 0.0  # the margin is met: no gradient flows
    to_the_end(qtbot, bar, model)
    assert not bar.update_action.isEnabled() and not bar.update_button.isEnabled()
    assert bar.update_label.text() == "every gradient is 0: an update would change nothing"
    qtbot.keyClick(bar, Qt.Key.Key_U)
    assert model.stepper.cycle == 1 and len(model.stepper.traces) == 2
    qtbot.keyClick(bar, Qt.Key.Key_Left)
    assert "update 1 (lr 0.1)" in bar.update_label.text()  # inside the pass: what led here


def test_the_position_is_shown_whole_while_there_is_room(qtbot, bar, model):
    bar.resize(1100, bar.height())
    to_the_end(qtbot, bar, model)
    label = bar.position_label
    text = label.text()
    assert text.startswith("backward 11/11 · through x = [x_museums;")
    assert label.fontMetrics().horizontalAdvance(text) <= label.contentsRect().width()
    assert bar.update_label.text() == ""


def test_a_click_on_the_timeline_jumps_to_that_step(qtbot, bar, model):
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

    slider = bar.slider
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    groove = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderGroove, slider)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderHandle, slider)
    for wanted in (16, 5, PASS_LENGTH):
        x = groove.x() + handle.width() / 2 + wanted / PASS_LENGTH * (groove.width() - handle.width())
        qtbot.mouseClick(slider, Qt.MouseButton.LeftButton,
                         pos=QPoint(round(x), slider.height() // 2))
        assert model.index == wanted
        assert shows_the_model(bar)
