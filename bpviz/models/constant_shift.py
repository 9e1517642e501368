"""Su Jianlin's point about GloVe's biases: add a constant vector c to every word and context
vector, adjust the biases, and GloVe's J does not change, so nothing fixes c (which is why
GloVe's stop words get large norms); simpler GloVe, with no biases, sees the shift."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.models.glove import GloVe, GloVeConfig
from bpviz.models.simple_glove import SimpleGloVe, SimpleGloVeConfig
from bpviz.models.word_corpus import WordCounts


@dataclass(frozen=True)
class ShiftDemo:
    """J before and after the shift by c, for GloVe and simpler GloVe (engine-computed)."""

    c: np.ndarray
    glove_before: float
    glove_after: float
    simple_before: float
    simple_after: float

    @property
    def glove_change(self) -> float:
        return self.glove_after - self.glove_before

    @property
    def simple_change(self) -> float:
        return self.simple_after - self.simple_before


def default_shift(d: int) -> np.ndarray:
    """c = (1, 1, …, 1): a shift as large as the vectors themselves."""
    return np.ones(d)


def constant_shift(glove: GloVe, simple: SimpleGloVe, c: np.ndarray | None = None) -> ShiftDemo:
    """Both models' J at their parameters and at the parameters shifted by c."""
    c = default_shift(glove.config.d) if c is None else np.asarray(c, dtype=float)
    return ShiftDemo(c.copy(), glove.loss(), glove.loss(glove.shifted(c)),
                     simple.loss(), simple.loss(simple.shifted(c)))


def shift_demo(d: int = 2, seed: int = 0, counts: WordCounts | None = None,
               c: np.ndarray | None = None) -> ShiftDemo:
    """The demonstration on fresh models of vector size d from `seed`."""
    return constant_shift(GloVe(GloVeConfig(d=d, seed=seed), counts),
                          SimpleGloVe(SimpleGloVeConfig(d=d, seed=seed), counts), c)
