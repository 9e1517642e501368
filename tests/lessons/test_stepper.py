"""The Stepper: forward, backward, update and again, without recomputing a step."""

import numpy as np
import pytest

from bpviz.engine import picture_at
from bpviz.errors import BpvizError
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowScorerLesson
from bpviz.lessons.stepper import Stepper


def test_walks_the_lecture_circuit_forward_then_backward():
    stepper = Stepper(ExpressionLesson())
    texts = [stepper.position_text()]
    while not stepper.at_end:
        stepper.step()
        texts.append(stepper.position_text())
    assert texts == [
        "start · inputs and parameters known",
        "forward 1/3 · x+y",
        "forward 2/3 · max(y,z)",
        "forward 3/3 · (x+y)*max(y,z)",
        "backward 1/3 · through (x+y)*max(y,z)",
        "backward 2/3 · through max(y,z)",
        "backward 3/3 · through x+y",
    ]
    assert stepper.last_index == 6


def test_the_picture_is_the_trace_replayed_to_the_index():
    stepper = Stepper(WindowScorerLesson())
    stepper.seek(7)
    expected = picture_at(stepper.trace, 7)
    assert stepper.picture.values.keys() == expected.values.keys()
    assert stepper.picture.grads.keys() == expected.grads.keys()


def test_seek_clamps_and_back_and_reset_move_within_the_pass():
    stepper = Stepper(ExpressionLesson())
    stepper.seek(100)
    assert stepper.index == 6 and stepper.at_end
    stepper.back()
    assert stepper.index == 5
    stepper.reset()
    assert stepper.index == 0
    stepper.back()
    assert (stepper.cycle, stepper.index) == (0, 0)  # nothing before the first pass
    stepper.seek(-3)
    assert stepper.index == 0


def test_update_starts_a_new_pass_with_lower_loss_and_back_returns_to_the_old_one():
    stepper = Stepper(ExpressionLesson())
    stepper.seek(stepper.last_index)
    summary = stepper.update(0.1)
    # x ← 1 − 0.1·2, y ← 2 − 0.1·5, z ← 0 − 0.1·0: f = (0.8 + 1.5)·max(1.5, 0) = 3.45
    assert (summary.before, summary.after, summary.cycle) == (6.0, pytest.approx(3.45), 1)
    assert (stepper.cycle, stepper.index) == (1, 0)
    assert stepper.position_text().startswith("pass 2 · start")
    stepper.back()
    assert (stepper.cycle, stepper.index) == (0, 6)
    stepper.step()
    assert (stepper.cycle, stepper.index) == (1, 0)


def test_an_update_from_an_earlier_pass_drops_the_later_ones():
    stepper = Stepper(ExpressionLesson())
    stepper.update(0.1)
    stepper.update(0.1)
    stepper.back()
    stepper.back()
    assert stepper.cycle == 1
    stepper.update(0.5)
    assert len(stepper.traces) == 3 and [u.cycle for u in stepper.updates] == [1, 2]


def test_a_diverging_update_changes_nothing_and_says_where():
    lesson = ExpressionLesson("log(x)", {"x": 0.5})
    stepper = Stepper(lesson)
    with pytest.raises(BpvizError, match="log\\(x\\) is not finite"):
        stepper.update(1.0)  # x ← 0.5 − 1·2 = −1.5: log of a negative
    assert lesson.values == {"x": 0.5} and len(stepper.traces) == 1


def test_window_scorer_update_is_sgd_on_every_parameter():
    lesson = WindowScorerLesson()
    before = {name: value.copy() for name, value in lesson.model.params.items()}
    _, grads, _ = lesson.model.gradients()
    lesson.update(0.05)
    for name in ("W", "b", "u", "L"):
        np.testing.assert_allclose(lesson.model.params[name], before[name] - 0.05 * grads[name],
                                   rtol=1e-13, atol=1e-15)


def test_a_huge_learning_rate_is_reported_and_the_parameters_stay():
    lesson = WindowScorerLesson()
    before = {name: value.copy() for name, value in lesson.model.params.items()}
    with pytest.raises(BpvizError, match="diverged"):
        lesson.update(1e308)
    for name, value in lesson.model.params.items():
        np.testing.assert_array_equal(value, before[name])


def test_outputs_list_every_pass_and_a_rise_is_named_with_what_to_try():
    stepper = Stepper(WindowScorerLesson())
    falling = stepper.update(0.01)
    assert not falling.rose
    assert falling.text("J") == "update 1 (lr 0.01): J 0.8249 → 0.7006"
    rising = stepper.update(10)
    assert rising.rose and rising.after > 10
    assert rising.text("J").startswith("update 2 (lr 10): J 0.7006 → ")
    assert rising.text("J").endswith("J rose: the step overshot; try a smaller learning rate")
    assert stepper.outputs == [0.8248666095461124, falling.after, rising.after]


def test_all_gradients_zero_once_the_margin_is_met():
    stepper = Stepper(WindowScorerLesson())
    assert not stepper.all_gradients_zero()
    stepper.update(0.1)
    assert stepper.trace.output_value == 0.0 and stepper.all_gradients_zero()
    assert not Stepper(ExpressionLesson()).all_gradients_zero()
    assert Stepper(ExpressionLesson("relu(x)", {"x": -1.0})).all_gradients_zero()
