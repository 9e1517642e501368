"""The stage model's hold: a move stops at the furthest step it allows and says so."""

from __future__ import annotations

from bpviz.app.stage_model import StageModel
from bpviz.lessons.expression_lesson import ExpressionLesson


def test_a_hold_stops_every_move_at_its_limit_and_says_so(qtbot):
    model = StageModel(ExpressionLesson("(x+y)*z", {"x": -2, "y": 5, "z": -4}))
    held = []
    model.held.connect(lambda: held.append(model.index))
    model.hold = lambda trace: 2
    model.step()
    model.step()
    assert model.index == 2 and held == []
    with qtbot.assertNotEmitted(model.position_changed):
        model.step()
    assert model.index == 2 and held == [2]
    model.seek(5)
    assert model.index == 2 and held == [2, 2]
    model.back()
    assert model.index == 1
    model.hold = None
    model.seek(4)
    assert model.index == 4
