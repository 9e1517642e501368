"""The stage's tiny built-in corpus (lecture 2's ice and steam), its word counts U(w) and
its co-occurrence matrix X, small enough that every vector fits on a card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpviz.errors import BpvizError

# Lecture 2's example: P(x|ice)/P(x|steam) is large for x = solid, small for gas, ≈ 1 for water.
SENTENCES = (
    "the ice is solid and cold",
    "the steam is a gas and hot",
    "ice melts into water",
    "steam cools into water",
    "water freezes into solid ice",
    "water boils into hot steam",
    "the cold solid ice",
    "the hot gas steam",
    "ice and water are cold",
    "steam and water are hot",
    "the solid is ice the gas is steam",
    "the water is water",
)
# The words the stage keeps, in this order ("the" stays: the stop word of the story).
VOCABULARY = ("the", "ice", "steam", "water", "solid", "gas", "cold", "hot")
WINDOW = 2  # context words on each side


@dataclass(frozen=True)
class WordCounts:
    """The vocabulary, its unigram counts U(w) and the symmetric co-occurrence counts X."""

    vocabulary: tuple[str, ...]
    unigram: np.ndarray       # U(w), one count per word
    cooccurrence: np.ndarray  # X_ij: how often j is within the window of i
    pairs: tuple[tuple[int, int], ...]  # every (centre, outside) pair, in corpus order

    def index(self, word: str) -> int:
        """The row of `word`; a BpvizError naming the vocabulary if it is not in it."""
        try:
            return self.vocabulary.index(word)
        except ValueError:
            raise BpvizError(f"'{word}' is not in the vocabulary "
                             f"({', '.join(self.vocabulary)})") from None


def count_words(sentences: Sequence[str] = SENTENCES,
                vocabulary: Sequence[str] = VOCABULARY, window: int = WINDOW) -> WordCounts:
    """U(w) and X_ij over `sentences`, keeping only the words of `vocabulary` (the others
    are dropped before the window is taken)."""
    index = {word: row for row, word in enumerate(vocabulary)}
    unigram = np.zeros(len(vocabulary))
    X = np.zeros((len(vocabulary), len(vocabulary)))
    pairs = []
    for sentence in sentences:
        rows = [index[word] for word in sentence.split() if word in index]
        for position, centre in enumerate(rows):
            unigram[centre] += 1
            for other in range(max(0, position - window), min(len(rows), position + window + 1)):
                if other != position:
                    X[centre, rows[other]] += 1
                    pairs.append((centre, rows[other]))
    return WordCounts(tuple(vocabulary), unigram, X, tuple(pairs))


def noise_distribution(unigram: np.ndarray, power: float = 0.75) -> np.ndarray:
    """P_n(w) = U(w)^{3/4} / Z: rare words drawn more often than their frequency."""
    weights = np.asarray(unigram, dtype=float) ** power
    return weights / weights.sum()
