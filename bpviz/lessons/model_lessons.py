"""The lecture-3 lessons: the window scorer with its max-margin loss, and the softmax
window classifier. Both wrap a model from bpviz.models and train it with SGD."""

from __future__ import annotations

from collections.abc import Sequence

from bpviz.engine import GradcheckReport, NonFiniteError, Trace, gradcheck
from bpviz.errors import BpvizError
from bpviz.models.window_classifier import WindowClassifier, WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig, WindowScorer
from bpviz.training.divergence import DivergenceError
from bpviz.training.optimizers import make_optimizer
from bpviz.training.params import copy_params, load_params

# Most words in a window on the stage, which draws every word (the circuit a card each,
# the neuron view d units each); the lecture's windows have 5.
MAX_WINDOW_WORDS = 11


def check_window_sizes(*windows: Sequence[str]) -> None:
    """Refuse a window of more than MAX_WINDOW_WORDS words, saying so (BpvizError)."""
    for window in windows:
        if len(window) > MAX_WINDOW_WORDS:
            raise BpvizError(f"a window on the stage has at most {MAX_WINDOW_WORDS} words, "
                             f"not {len(window):,}")


class _WindowModelLesson:
    """Shared by both window lessons: record, check and update a model with word vectors."""

    output = "J"

    def __init__(self, model: WindowScorer | WindowClassifier) -> None:
        self.model = model
        self.optimizer = make_optimizer("sgd")

    def record(self) -> Trace:
        return self.model.record()

    def gradcheck(self) -> GradcheckReport:
        built = self.model.objective()
        return gradcheck(built.graph, built.output)

    def update(self, lr: float) -> Trace:
        _, grads, rows = self.model.gradients()
        saved = copy_params(self.model.params)
        self.optimizer.step(self.model.params, grads, lr, rows=rows)
        try:
            return self.model.record()
        except NonFiniteError as error:
            load_params(self.model.params, saved)
            raise DivergenceError.from_engine(1, error) from None


class WindowScorerLesson(_WindowModelLesson):
    """s = uᵀ f(W x + b) for a true and a corrupt window, J = max(0, 1 − s + s_c)."""

    title = "Window scorer (max-margin)"

    def __init__(self, config: WindowConfig = WindowConfig()) -> None:
        check_window_sizes(config.true_window, config.corrupt_window)
        super().__init__(WindowScorer(config))


class WindowClassifierLesson(_WindowModelLesson):
    """ŷ = softmax(W x), or softmax(U f(W x + b)) with a hidden layer, and cross-entropy."""

    title = "Softmax window classifier"

    def __init__(self, config: WindowClassifierConfig = WindowClassifierConfig()) -> None:
        check_window_sizes(config.window)
        super().__init__(WindowClassifier(config))
