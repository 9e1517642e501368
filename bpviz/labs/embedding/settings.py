"""What a student sets in the embedding lab, each checked with a message naming the setting."""

from __future__ import annotations

from dataclasses import dataclass, fields

from bpviz.data.cooccurrence import MAX_WINDOW, WEIGHTINGS
from bpviz.data.vocabulary import MAX_MIN_COUNT, MAX_WORDS
from bpviz.training.choices import require

MAX_DIMENSION = 300
MAX_NEGATIVES = 20
MAX_BATCH = 4096
# Changing one of these only changes the steps to come; any other setting starts again.
LIVE = ("sgns_lr", "glove_lr", "simple_lr")
# Changing one of these rebuilds the vocabulary and the co-occurrence matrix.
CORPUS = ("min_count", "max_words", "window", "weighting")


@dataclass(frozen=True)
class EmbeddingSpec:
    """The three panels' settings. Skip-gram: `negatives` K drawn from U^{3/4}/Z, frequent
    words sub-sampled with threshold `subsample` (0: off), plain SGD at `sgns_lr`. GloVe
    (f with `x_max`, `alpha`) and simpler GloVe: AdaGrad at `glove_lr` and `simple_lr`, on
    X counted with `weighting` ("distance": 1/k, "flat": 1). All: `dimension` d, `window`
    m, `batch_size` pairs or entries a step, words seen at least `min_count` times, at
    most `max_words` of them."""

    dimension: int = 10
    window: int = 2
    negatives: int = 5
    subsample: float = 0.0  # on a corpus of a few thousand words it removes too much
    min_count: int = 2
    max_words: int = MAX_WORDS
    batch_size: int = 64
    sgns_lr: float = 0.025  # word2vec's starting rate
    glove_lr: float = 0.05
    simple_lr: float = 0.05
    weighting: str = "distance"
    x_max: float = 10.0  # GloVe's 100 leaves a small corpus's counts (mostly 1–5) near f = 0
    alpha: float = 0.75

    def __post_init__(self) -> None:
        _whole("dimension", self.dimension, 1, MAX_DIMENSION)
        _whole("window", self.window, 1, MAX_WINDOW)
        _whole("negatives", self.negatives, 1, MAX_NEGATIVES)
        _whole("min_count", self.min_count, 1, MAX_MIN_COUNT)
        _whole("max_words", self.max_words, 2, MAX_WORDS)
        _whole("batch_size", self.batch_size, 1, MAX_BATCH)
        require("subsample", self.subsample, _number(self.subsample) and 0 <= self.subsample <= 1,
                "a number in [0, 1] (0: keep every word)")
        for name in LIVE:
            value = getattr(self, name)
            require(name, value, _number(value) and 0 < value <= 100, "a number in (0, 100]")
        require("weighting", self.weighting, self.weighting in WEIGHTINGS,
                f"one of {', '.join(WEIGHTINGS)}")
        require("x_max", self.x_max, _number(self.x_max) and 0 < self.x_max <= 1e6,
                "a number in (0, 1e6]")
        require("alpha", self.alpha, _number(self.alpha) and 0 <= self.alpha <= 10,
                "a number in [0, 10]")

    def changed(self, other: EmbeddingSpec) -> set[str]:
        """The names of the settings that differ between the two."""
        return {f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)}


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def _whole(name: str, value: object, low: int, high: int) -> None:
    require(name, value, isinstance(value, int) and not isinstance(value, bool)
            and low <= value <= high, f"a whole number from {low} to {high:,}")
