"""The window lessons on the stage: windows of up to MAX_WINDOW_WORDS words each."""

import pytest

from bpviz.errors import BpvizError
from bpviz.lessons.model_lessons import (
    MAX_WINDOW_WORDS, WindowClassifierLesson, WindowScorerLesson,
)
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig


def words(count, prefix="w"):
    return tuple(f"{prefix}{i}" for i in range(count))


def test_windows_of_the_most_words_are_taken():
    lesson = WindowScorerLesson(WindowConfig(true_window=words(MAX_WINDOW_WORDS),
                                             corrupt_window=words(MAX_WINDOW_WORDS, "c")))
    assert len(lesson.record().nodes) > 2 * MAX_WINDOW_WORDS


def test_a_5000_word_scorer_is_refused_at_once_naming_the_limit():
    config = WindowConfig(true_window=words(2500), corrupt_window=words(2500, "c"))
    with pytest.raises(BpvizError) as refused:
        WindowScorerLesson(config)
    assert str(refused.value) == (f"a window on the stage has at most {MAX_WINDOW_WORDS} words, "
                                  "not 2,500")


def test_the_classifiers_window_has_the_same_limit():
    with pytest.raises(BpvizError, match=f"at most {MAX_WINDOW_WORDS} words, not 12"):
        WindowClassifierLesson(WindowClassifierConfig(window=words(12)))
