"""A stage lesson in a session file: its settings, its parameters and optimiser, and the
step of the pass on show.

    state = {"settings": {…the lesson's config…}, "params": {name: array},
             "optimizer": {…}, "step": 7}                      (window and word lessons)
    state = {"formula": "(x+y)*max(y,z)", "values": {"x": 1.0, …}, "step": 7}  (expression)

Restoring rebuilds the lesson from its settings, then writes the saved parameters in:
the pass recorded from them is the one that was on show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.errors import BpvizError
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.lesson import Lesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.word_vector_lessons import (
    GloVeLesson, NegativeSamplingLesson, SimpleGloVeLesson, SkipGramLesson,
)
from bpviz.models.glove import GloVeConfig
from bpviz.models.negative_sampling import NegativeSamplingConfig
from bpviz.models.simple_glove import SimpleGloVeConfig
from bpviz.models.skipgram import SkipGramConfig
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig
from bpviz.models.word_model import default_counts
from bpviz.sessions.document import Session
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.model_state import (
    decode_optimizer, encode_optimizer, encode_params, restore_params,
)
from bpviz.sessions.settings_codec import decode_settings, encode_settings
from bpviz.sessions.values import encode_floats, need_dict, need_float, need_int, need_str

# The stage lessons a session can hold, by the key the app's lesson catalog gives them,
# each with the settings class its lesson is built from.
MODEL_LESSONS: dict[str, tuple[type, type]] = {
    "window-scorer": (WindowScorerLesson, WindowConfig),
    "window-classifier": (WindowClassifierLesson, WindowClassifierConfig),
    "skipgram": (SkipGramLesson, SkipGramConfig),
    "sgns": (NegativeSamplingLesson, NegativeSamplingConfig),
    "glove": (GloVeLesson, GloVeConfig),
    "simple-glove": (SimpleGloVeLesson, SimpleGloVeConfig),
}
EXPRESSION = "expression"
STAGE_LESSONS = (*MODEL_LESSONS, EXPRESSION)
MAX_STEP = 10**7


@dataclass
class StageState:
    """A restored stage lesson, and the step of its pass to show (0: the start)."""

    key: str
    lesson: Lesson
    step: int


def stage_session(key: str, lesson: Lesson, step: int, title: str = "",
                  notes: dict[int, str] | None = None, saved_by: str = "bpviz") -> Session:
    """The session of the stage showing `lesson` (catalog key `key`) at step `step`."""
    need_str(key, "lesson", 100, STAGE_LESSONS)
    if key == EXPRESSION:
        state: dict[str, Any] = {"formula": lesson.circuit.text,
                                 "values": encode_floats(lesson.values)}
    else:
        lesson_class, _ = MODEL_LESSONS[key]
        if not isinstance(lesson, lesson_class):
            raise SessionFileError(f"the lesson on stage is not a {key} lesson")
        _check_default_counts(lesson)
        state = {"settings": encode_settings(lesson.model.config),
                 "params": encode_params(lesson.model.params),
                 "optimizer": encode_optimizer(lesson.optimizer)}
    state["step"] = int(step)
    return Session("stage", key, state, title, dict(notes or {}), saved_by)


def restore_stage(session: Session) -> StageState:
    """A new lesson exactly as saved, and the step to show; SessionFileError if anything in
    the file does not fit (nothing of the current stage is touched either way)."""
    if session.page != "stage":
        raise SessionFileError(f"a stage session expected, found a {session.page} one", "page")
    key = need_str(session.lesson, "lesson", 100, STAGE_LESSONS)
    state = session.state
    if key == EXPRESSION:
        fields = need_dict(state, "state", ("formula", "values", "step"))
        lesson = _expression(fields)
    else:
        fields = need_dict(state, "state", ("settings", "params", "optimizer", "step"))
        lesson_class, config_class = MODEL_LESSONS[key]
        config = decode_settings(config_class, fields["settings"], "state.settings")
        try:
            lesson = lesson_class(config)
        except (BpvizError, ValueError) as error:
            raise SessionFileError(str(error), "state.settings") from None
        restore_params(lesson.model.params, fields["params"], "state.params")
        lesson.optimizer = decode_optimizer(fields["optimizer"], "state.optimizer",
                                            lesson.model.params, "sgd")
    step = need_int(fields["step"], "state.step", 0, MAX_STEP)
    return StageState(key, lesson, step)


def _expression(fields: dict[str, Any]) -> ExpressionLesson:
    formula = need_str(fields["formula"], "state.formula", 10_000)
    values = need_dict(fields["values"], "state.values")
    numbers = {name: need_float(value, f"state.values.{name}") for name, value in values.items()}
    try:
        lesson = ExpressionLesson(formula, numbers)
    except (BpvizError, ValueError) as error:
        raise SessionFileError(str(error), "state.formula") from None
    missing = [name for name in lesson.values if name not in numbers]
    if missing:
        raise SessionFileError(f"no value for the variable '{missing[0]}'", "state.values")
    return lesson


def _check_default_counts(lesson: Lesson) -> None:
    """A word lesson is rebuilt from its settings, which count the built-in corpus: one
    trained on other counts cannot be saved (yet), rather than come back different."""
    counts = getattr(lesson.model, "counts", None)
    if counts is None:
        return
    default = default_counts(None)
    if counts.vocabulary != default.vocabulary or not (
            np.array_equal(counts.unigram, default.unigram)
            and np.array_equal(counts.cooccurrence, default.cooccurrence)):
        raise SessionFileError("a word lesson on counts other than the built-in corpus's "
                               "cannot be saved")
