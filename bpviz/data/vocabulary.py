"""A corpus's vocabulary: its words with their counts, the unigram distribution U, the
negative-sampling distribution U^{3/4}/Z, and frequent-word sub-sampling.

Words are ordered by count, most frequent first, ties in order of first appearance, so
a vocabulary (and every id in it) is the same for the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpviz.data.corpus import Corpus
from bpviz.data.errors import DataSettingError

MAX_WORDS = 5_000  # words kept (the most frequent); the rest are dropped like rare words
MAX_MIN_COUNT = 1_000
NOISE_POWER = 0.75  # word2vec's exponent: rare words are drawn more often than their share


@dataclass(frozen=True)
class Vocabulary:
    """`words[i]` occurs `counts[i]` times in the corpus (after the rare and surplus words
    were dropped); `dropped` distinct words were left out (under `min_count`, or past
    `max_words`), which together occurred `dropped_tokens` times."""

    words: tuple[str, ...]
    counts: np.ndarray
    min_count: int = 1
    dropped: int = 0
    dropped_tokens: int = 0
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {word: i for i, word in enumerate(self.words)})

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def id(self, word: str) -> int:
        """The word's index, or a DataSettingError naming the word."""
        try:
            return self.index[word]
        except KeyError:
            raise DataSettingError(f"{word!r} is not in the vocabulary") from None

    @property
    def total(self) -> int:
        """How many tokens of the corpus the vocabulary covers."""
        return int(self.counts.sum())

    def unigram(self) -> np.ndarray:
        """U(w): each word's share of the tokens."""
        return self.counts / self.counts.sum()

    def noise(self, power: float = NOISE_POWER) -> np.ndarray:
        """P(w) = U(w)^power / Z, the distribution negatives are drawn from (power 3/4)."""
        weights = self.unigram() ** power
        return weights / weights.sum()


def build_vocabulary(corpus: Corpus, min_count: int = 1, max_words: int = MAX_WORDS) -> Vocabulary:
    """The words of `corpus` that occur at least `min_count` times, at most `max_words` of
    them (the most frequent); a DataSettingError if fewer than two words are left."""
    if not (isinstance(min_count, int) and 1 <= min_count <= MAX_MIN_COUNT):
        raise DataSettingError(f"the minimum count must be a whole number from 1 to "
                               f"{MAX_MIN_COUNT:,}, not {min_count!r}")
    if not (isinstance(max_words, int) and 2 <= max_words <= MAX_WORDS):
        raise DataSettingError(f"the vocabulary size must be a whole number from 2 to "
                               f"{MAX_WORDS:,}, not {max_words!r}")
    counts = np.bincount(corpus.ids, minlength=len(corpus.words))
    # Most frequent first; a stable sort keeps ties in order of first appearance.
    order = np.argsort(-counts, kind="stable")
    kept = order[counts[order] >= min_count][:max_words]
    if len(kept) < 2:
        words = "1 word occurs" if len(kept) == 1 else f"{len(kept)} words occur"
        times = "once" if min_count == 1 else f"{min_count} times"
        raise DataSettingError(f"only {words} in {corpus.name} at least {times}; word vectors "
                               "need two (lower the minimum count)")
    dropped = len(corpus.words) - len(kept)
    return Vocabulary(tuple(corpus.words[i] for i in kept), counts[kept].astype(np.int64),
                      min_count, dropped, int(counts.sum() - counts[kept].sum()))


@dataclass(frozen=True)
class Encoded:
    """A corpus in a vocabulary's ids: `ids[t]` is a vocabulary index and `sentence[t]` the
    sentence of token t; words not in the vocabulary are gone (windows close over them,
    as in word2vec)."""

    ids: np.ndarray
    sentence: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def encode(corpus: Corpus, vocabulary: Vocabulary) -> Encoded:
    """The corpus's tokens as vocabulary ids, the dropped words left out."""
    mapping = np.full(len(corpus.words), -1, dtype=np.int32)
    for i, word in enumerate(corpus.words):
        mapping[i] = vocabulary.index.get(word, -1)
    ids = mapping[corpus.ids]
    kept = ids >= 0
    return Encoded(ids[kept], corpus.sentence[kept])


def keep_probability(vocabulary: Vocabulary, threshold: float) -> np.ndarray:
    """Mikolov's sub-sampling: word w is kept with probability min(1, √(t / f(w))), f(w) its
    share of the tokens and t the threshold (0 keeps every word)."""
    if not (isinstance(threshold, (int, float)) and 0 <= threshold <= 1):
        raise DataSettingError(f"the sub-sampling threshold must be in [0, 1], not {threshold!r}")
    if threshold == 0:
        return np.ones(len(vocabulary))
    return np.minimum(1.0, np.sqrt(threshold / vocabulary.unigram()))


def subsample(encoded: Encoded, vocabulary: Vocabulary, threshold: float,
              rng: np.random.Generator) -> Encoded:
    """The tokens left after each is kept with its `keep_probability` (one draw a token)."""
    keep = keep_probability(vocabulary, threshold)
    if threshold == 0:
        return encoded
    kept = rng.random(len(encoded)) < keep[encoded.ids]
    return Encoded(encoded.ids[kept], encoded.sentence[kept])
