"""The update every model lesson shares: an SGD step on the rows used, undone if the next
pass overflows, with the lesson's trace after it."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.lessons.model_lessons import WindowScorerLesson
from bpviz.lessons.word_vector_catalog import make_lesson
from bpviz.models.window_scorer import WindowConfig
from bpviz.training.divergence import DivergenceError


@pytest.fixture(params=["window", "sgns"])
def lesson(request):
    if request.param == "window":
        return WindowScorerLesson(WindowConfig())
    return make_lesson("sgns")


def test_an_update_is_one_sgd_step_of_the_recorded_gradients(lesson):
    lr = 0.1
    _, grads, _ = lesson.model.gradients()
    before = {name: value.copy() for name, value in lesson.model.params.items()}
    trace = lesson.update(lr)
    for name, grad in grads.items():
        assert np.allclose(lesson.model.params[name], before[name] - lr * np.asarray(grad))
    assert float(trace.output_value) == float(lesson.record().output_value)


def test_an_overflowing_update_is_undone_and_named(lesson):
    before = {name: value.copy() for name, value in lesson.model.params.items()}
    with pytest.raises(DivergenceError):
        lesson.update(1e308)
    for name, value in lesson.model.params.items():
        assert np.array_equal(value, before[name])


def test_gradcheck_passes(lesson):
    assert lesson.gradcheck().passed
