"""The order a panel sees its data in: skip-gram's (centre, context) pairs and the GloVe
panels' non-zero entries of X, shuffled anew each epoch, a batch at a time.

The last batch of an epoch may be short; a batch never spans two epochs.
"""

from __future__ import annotations

import numpy as np

from bpviz.data.cooccurrence import context_pairs
from bpviz.data.errors import DataSettingError
from bpviz.data.vocabulary import Encoded, Vocabulary, subsample

EMPTY_TRIES = 100  # epochs sub-sampled to nothing in a row before giving up


class BatchStream:
    """Batches of indices into an epoch's items, in a fresh random order each epoch."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self.epochs = 0  # completed
        self._order = np.empty(0, dtype=np.int64)
        self._position = 0

    @property
    def epoch(self) -> float:
        """Epochs so far, fractional."""
        size = len(self._order)
        return self.epochs + (self._position / size if size else 0.0)

    @property
    def at_end(self) -> bool:
        """Whether the current epoch's items are all used (the next batch starts a new one)."""
        return self._position >= len(self._order)

    def _next(self, batch_size: int) -> np.ndarray:
        if self._position >= len(self._order):
            if len(self._order):
                self.epochs += 1
            self._order = self._rng.permutation(self._new_epoch())
            self._position = 0
        batch = self._order[self._position:self._position + batch_size]
        self._position += len(batch)
        return batch

    def _new_epoch(self) -> int:
        """Prepare the next epoch's items and say how many there are (at least one)."""
        raise NotImplementedError


class PairStream(BatchStream):
    """Skip-gram's (centre, context) pairs, each epoch from a new sub-sample of the corpus."""

    def __init__(self, encoded: Encoded, vocabulary: Vocabulary, window: int, threshold: float,
                 subsample_rng: np.random.Generator, order_rng: np.random.Generator) -> None:
        super().__init__(order_rng)
        self._encoded, self._vocabulary = encoded, vocabulary
        self._window, self._threshold, self._subsample_rng = window, threshold, subsample_rng
        self._centres, self._contexts = context_pairs(encoded, window)
        if len(self._centres) == 0:
            raise DataSettingError("no two words of the corpus share a sentence, so skip-gram "
                                   "has no (centre, context) pairs to learn from")

    def next(self, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
        """The next batch's centres and contexts (vocabulary ids)."""
        batch = self._next(batch_size)
        return self._centres[batch], self._contexts[batch]

    def _new_epoch(self) -> int:
        if self._threshold == 0:
            return len(self._centres)  # the same pairs every epoch
        for _ in range(EMPTY_TRIES):
            kept = subsample(self._encoded, self._vocabulary, self._threshold, self._subsample_rng)
            self._centres, self._contexts = context_pairs(kept, self._window)
            if len(self._centres):
                return len(self._centres)
        raise DataSettingError("sub-sampling leaves no pairs of words; lower the threshold")


class EntryStream(BatchStream):
    """Indices of X's non-zero entries (GloVe and simpler GloVe see the same ones)."""

    def __init__(self, entries: int, order_rng: np.random.Generator) -> None:
        super().__init__(order_rng)
        if entries == 0:
            raise DataSettingError("the co-occurrence matrix is empty: no two words of the "
                                   "corpus share a sentence")
        self._entries = entries

    def next(self, batch_size: int) -> np.ndarray:
        """The next batch of entry indices."""
        return self._next(batch_size)

    def _new_epoch(self) -> int:
        return self._entries


def noise_sampler(noise: np.ndarray, rng: np.random.Generator):
    """A function drawing an array of the given shape of word ids from `noise` (by its CDF)."""
    cdf = np.cumsum(noise)
    cdf /= cdf[-1]

    def draw(shape: tuple[int, ...]) -> np.ndarray:
        return np.minimum(np.searchsorted(cdf, rng.random(shape), side="right"),
                          len(cdf) - 1).astype(np.int64)

    return draw
