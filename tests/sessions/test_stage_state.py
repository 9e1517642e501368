"""Stage lessons saved and opened again: settings, parameters, optimiser and step, exactly."""

import numpy as np
import pytest

from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.word_vector_lessons import (
    GloVeLesson, NegativeSamplingLesson, SimpleGloVeLesson, SkipGramLesson,
)
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig
from bpviz.sessions import (
    SessionFileError, from_text, restore_stage, stage_session, to_text,
)

LESSONS = {
    "window-scorer": lambda: WindowScorerLesson(WindowConfig(d=3, hidden=5, seed=4)),
    "window-classifier": lambda: WindowClassifierLesson(WindowClassifierConfig(hidden=3)),
    "skipgram": SkipGramLesson, "sgns": NegativeSamplingLesson, "glove": GloVeLesson,
    "simple-glove": SimpleGloVeLesson,
}


def round_trip(key, lesson, step=0):
    return restore_stage(from_text(to_text(stage_session(key, lesson, step))))


@pytest.mark.parametrize("key", LESSONS)
def test_updating_after_a_round_trip_is_updating_without_one(key):
    straight, saved = LESSONS[key](), LESSONS[key]()
    for lesson in (straight, saved):
        for _ in range(3):
            lesson.update(0.1)
    restored = round_trip(key, saved, step=4)
    assert restored.key == key and restored.step == 4
    opened = restored.lesson
    assert opened.model.config == straight.model.config
    for lesson in (straight, opened):
        for _ in range(2):
            trace = lesson.update(0.1)
        assert np.array_equal(trace.output_value, straight.record().output_value)
    for name, value in straight.model.params.items():
        assert np.array_equal(value, opened.model.params[name]), name


def test_the_expression_comes_back_with_its_values():
    lesson = ExpressionLesson("x*y + exp(z)", {"x": 0.1, "y": -2.5, "z": 1 / 3})
    lesson.update(0.01)
    opened = round_trip("expression", lesson, step=5).lesson
    assert opened.values == lesson.values  # == on floats: bit for bit
    assert opened.circuit.text == lesson.circuit.text


def test_the_wrong_lesson_or_page_is_refused():
    with pytest.raises(SessionFileError, match="not a window-classifier lesson"):
        stage_session("window-classifier", WindowScorerLesson(), 0)
    session = stage_session("window-scorer", WindowScorerLesson(), 0)
    session.page = "lab"
    with pytest.raises(SessionFileError, match="a stage session expected"):
        restore_stage(session)


@pytest.mark.parametrize("change, message", [
    (lambda s: s["settings"].update(d=0), "state.settings"),
    (lambda s: s["settings"].update(true_window="Paris"), "a list expected"),
    (lambda s: s["params"].pop("u"), "'u' is missing"),
    (lambda s: s["optimizer"].update(name="adam"), "'sgd' expected"),
    (lambda s: s.update(step=1.5), "state.step"),
])
def test_a_damaged_lesson_state_is_refused(change, message):
    session = stage_session("window-scorer", WindowScorerLesson(), 0)
    change(session.state)
    with pytest.raises(SessionFileError, match=message):
        restore_stage(from_text(to_text(session)))


def test_a_bad_formula_is_refused_naming_it():
    session = stage_session("expression", ExpressionLesson(), 0)
    session.state["formula"] = "__import__('os')"
    with pytest.raises(SessionFileError, match="state.formula"):
        restore_stage(from_text(to_text(session)))
