"""The lecture-3 lessons: the window scorer with its max-margin loss, and the softmax
window classifier. Both wrap a model from bpviz.models and train it with SGD."""

from __future__ import annotations

from collections.abc import Sequence

from bpviz.errors import BpvizError
from bpviz.lessons.model_lesson import ModelLesson
from bpviz.models.window_classifier import WindowClassifier, WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig, WindowScorer

# Most words in a window on the stage, which draws every word (the circuit a card each,
# the neuron view d units each); the lecture's windows have 5.
MAX_WINDOW_WORDS = 11


def check_window_sizes(*windows: Sequence[str]) -> None:
    """Refuse a window of more than MAX_WINDOW_WORDS words, saying so (BpvizError)."""
    for window in windows:
        if len(window) > MAX_WINDOW_WORDS:
            raise BpvizError(f"a window on the stage has at most {MAX_WINDOW_WORDS} words, "
                             f"not {len(window):,}")


class WindowScorerLesson(ModelLesson):
    """s = uᵀ f(W x + b) for a true and a corrupt window, J = max(0, 1 − s + s_c)."""

    title = "Window scorer (max-margin)"

    def __init__(self, config: WindowConfig = WindowConfig()) -> None:
        check_window_sizes(config.true_window, config.corrupt_window)
        super().__init__(WindowScorer(config))


class WindowClassifierLesson(ModelLesson):
    """ŷ = softmax(W x), or softmax(U f(W x + b)) with a hidden layer, and cross-entropy."""

    title = "Softmax window classifier"

    def __init__(self, config: WindowClassifierConfig = WindowClassifierConfig()) -> None:
        check_window_sizes(config.window)
        super().__init__(WindowClassifier(config))
