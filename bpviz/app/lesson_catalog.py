"""The lessons the app offers, by key, with the title shown in the lesson chooser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.lesson import Lesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.word_vector_lessons import (
    GloVeLesson, NegativeSamplingLesson, SimpleGloVeLesson, SkipGramLesson,
)


@dataclass(frozen=True)
class LessonEntry:
    """One entry of the chooser: its key (saved in the settings), title and default lesson."""

    key: str
    title: str
    make: Callable[[], Lesson] | None  # None: not a stage lesson (a lab, or announced)
    controls: str = ""                 # its stage control panel: "scorer", "classifier",
    #                                    "expression", or a word-vector kind ("sgns", …)
    page: str = "stage"                # where it is shown: "stage", "lab", "embedding",
    #                                    or "" (coming later)


CATALOG = (
    LessonEntry("window-scorer", "Window scorer (max-margin)", WindowScorerLesson, "scorer"),
    LessonEntry("window-classifier", "Softmax window classifier", WindowClassifierLesson,
                "classifier"),
    LessonEntry("expression", "Expression circuit", ExpressionLesson, "expression"),
    LessonEntry("skipgram", SkipGramLesson.title, SkipGramLesson, "skipgram"),
    LessonEntry("sgns", NegativeSamplingLesson.title, NegativeSamplingLesson, "sgns"),
    LessonEntry("glove", GloVeLesson.title, GloVeLesson, "glove"),
    LessonEntry("simple-glove", SimpleGloVeLesson.title, SimpleGloVeLesson, "simple-glove"),
    LessonEntry("boundary-lab", "Decision-boundary lab", None, page="lab"),
    LessonEntry("pitfall", "Retraining pitfall", None, page="pitfall"),
    LessonEntry("word-vector-lab", "Word-vector lab", None, page="embedding"),
)
DEFAULT_KEY = "window-scorer"


def entry(key: str) -> LessonEntry:
    """The available entry with this key, or the default one (an old or unknown saved key)."""
    for candidate in CATALOG:
        if candidate.key == key and candidate.page:
            return candidate
    return entry(DEFAULT_KEY)
