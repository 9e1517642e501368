"""The word-vector lessons by kind, with the settings each one reads (for the stage's panel)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bpviz.lessons.word_vector_lessons import (
    GloVeLesson, NegativeSamplingLesson, SimpleGloVeLesson, SkipGramLesson, WordVectorLesson,
)
from bpviz.models.glove import GloVeConfig
from bpviz.models.negative_sampling import NegativeSamplingConfig
from bpviz.models.simple_glove import SimpleGloVeConfig
from bpviz.models.skipgram import SkipGramConfig
from bpviz.models.word_corpus import VOCABULARY

SKIPGRAM, SGNS, GLOVE, SIMPLE_GLOVE = "skipgram", "sgns", "glove", "simple-glove"
WORD_KINDS = (SKIPGRAM, SGNS, GLOVE, SIMPLE_GLOVE)
SHIFT_KINDS = (GLOVE, SIMPLE_GLOVE)  # the lessons with the constant-shift demonstration
LESSONS: dict[str, Callable[[Any], WordVectorLesson]] = {
    SKIPGRAM: SkipGramLesson, SGNS: NegativeSamplingLesson, GLOVE: GloVeLesson,
    SIMPLE_GLOVE: SimpleGloVeLesson,
}
DEFAULTS = {SKIPGRAM: SkipGramConfig(), SGNS: NegativeSamplingConfig(), GLOVE: GloVeConfig(),
            SIMPLE_GLOVE: SimpleGloVeConfig()}
WORDS = VOCABULARY  # the words c and o may be


def reads(kind: str, setting: str) -> bool:
    """Whether lessons of `kind` have the setting (centre, outside, negatives, x_max, …)."""
    return hasattr(DEFAULTS[kind], setting)


def kind_of(lesson: object) -> str | None:
    """The kind of a word-vector lesson, None for any other lesson."""
    return next((kind for kind, make in LESSONS.items() if type(lesson) is make), None)


def make_lesson(kind: str, **settings: Any) -> WordVectorLesson:
    """A lesson of `kind` with the defaults changed by the settings it reads (BpvizError if bad)."""
    config = replace(DEFAULTS[kind], **{key: value for key, value in settings.items()
                                        if reads(kind, key)})
    return LESSONS[kind](config)
