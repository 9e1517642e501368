"""The order a panel sees its data in: skip-gram's (centre, context) pairs and the GloVe
panels' non-zero entries of X, shuffled anew each epoch, a batch at a time.

The last batch of an epoch (and of each block of skip-gram's text) may be short; a batch
never spans two epochs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from bpviz.data.cooccurrence import context_pairs
from bpviz.data.errors import DataSettingError
from bpviz.data.vocabulary import Encoded, Vocabulary, subsample

EMPTY_TRIES = 100  # epochs sub-sampled to nothing in a row before giving up
BLOCK_TOKENS = 20_000  # words of text whose pairs are listed and shuffled at a time


@dataclass(frozen=True)
class PairState:
    """Where a PairStream is (a copy): epochs completed, the epoch's sub-sample `kept`
    (None before the first batch), its blocks still to come (last one next), the tokens of
    its finished blocks, the current block with its shuffled pairs and the position in
    them, and both generators."""

    epochs: int
    kept: Encoded | None
    blocks: tuple[tuple[int, int], ...]
    done: int
    block: tuple[int, int]
    centres: np.ndarray
    contexts: np.ndarray
    position: int
    subsample_rng: np.random.Generator
    order_rng: np.random.Generator


@dataclass(frozen=True)
class EntryState:
    """Where an EntryStream is (a copy): epochs completed, the epoch's order of entries,
    the position in it, and the generator."""

    epochs: int
    order: np.ndarray
    position: int
    order_rng: np.random.Generator


class PairStream:
    """Skip-gram's (centre, context) pairs, each epoch from a new sub-sample of the corpus.

    The epoch's text is cut at sentence starts into blocks of about BLOCK_TOKENS words,
    taken in a random order, each block's pairs shuffled: a step never waits for a whole
    corpus's pairs to be listed and shuffled (word2vec itself reads its text in order).
    A corpus of up to BLOCK_TOKENS words is one block: all its pairs are shuffled together.
    """

    def __init__(self, encoded: Encoded, vocabulary: Vocabulary, window: int, threshold: float,
                 subsample_rng: np.random.Generator, order_rng: np.random.Generator) -> None:
        if not has_pairs(encoded):
            raise DataSettingError("no two words of the corpus share a sentence, so skip-gram "
                                   "has no (centre, context) pairs to learn from")
        self._encoded, self._vocabulary = encoded, vocabulary
        self._window, self._threshold = window, threshold
        self._subsample_rng, self._rng = subsample_rng, order_rng
        self.epochs = 0  # completed
        self._kept: Encoded | None = None  # the current epoch's sub-sample
        self._blocks: list[tuple[int, int]] = []  # its blocks still to come, last one next
        self._done = 0  # tokens of the epoch's finished blocks
        self._block = (0, 0)
        self._centres = self._contexts = np.empty(0, dtype=np.int32)
        self._position = 0

    @property
    def epoch(self) -> float:
        """Epochs so far, fractional (by the tokens whose pairs were used)."""
        if self._kept is None:
            return 0.0
        size = self._block[1] - self._block[0]
        used = self._position / len(self._centres) if len(self._centres) else 1.0
        return self.epochs + (self._done + size * used) / len(self._kept)

    @property
    def at_end(self) -> bool:
        """Whether the current epoch's pairs are all used (the next batch starts a new one)."""
        return not self._blocks and self._position >= len(self._centres)

    def next(self, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
        """The next batch's centres and contexts (vocabulary ids)."""
        while self._position >= len(self._centres):
            if not self._blocks:
                self._start_epoch()
            self._next_block()
        stop = self._position + batch_size
        batch = slice(self._position, stop)
        self._position = min(stop, len(self._centres))
        return self._centres[batch], self._contexts[batch]

    def snapshot(self) -> PairState:
        """A copy of where the stream is, for a session file."""
        return PairState(self.epochs, self._kept, tuple(self._blocks), self._done, self._block,
                         self._centres.copy(), self._contexts.copy(), self._position,
                         copy.deepcopy(self._subsample_rng), copy.deepcopy(self._rng))

    def restore(self, state: PairState) -> None:
        """Go on exactly as the stream `state` was taken from would have (its generators'
        states are copied into this stream's own). ValueError if `state` does not fit."""
        self.check(state)
        self.epochs, self._kept, self._blocks = state.epochs, state.kept, list(state.blocks)
        self._done, self._block, self._position = state.done, tuple(state.block), state.position
        self._centres = state.centres.astype(np.int32, copy=True)
        self._contexts = state.contexts.astype(np.int32, copy=True)
        self._subsample_rng.bit_generator.state = state.subsample_rng.bit_generator.state
        self._rng.bit_generator.state = state.order_rng.bit_generator.state

    def check(self, state: PairState) -> None:
        """ValueError if `state` cannot be this stream's: ids past the vocabulary, blocks
        past the sub-sample, a position past the block's pairs."""
        kept = state.kept
        tokens = len(kept) if kept is not None else 0
        n = len(self._vocabulary)
        if kept is not None and (len(kept.ids) != len(kept.sentence)
                                 or not _ids_below(kept.ids, n)
                                 or (np.diff(kept.sentence) < 0).any()):
            raise ValueError("the sub-sample's words or sentences do not fit the vocabulary")
        spans = [*state.blocks, state.block]
        if any(not 0 <= start <= end <= tokens for start, end in spans) \
                or not 0 <= state.done <= tokens:
            raise ValueError(f"blocks within the sub-sample's {tokens} words expected")
        if len(state.centres) != len(state.contexts) or not 0 <= state.position <= len(
                state.centres) or not (_ids_below(state.centres, n)
                                       and _ids_below(state.contexts, n)):
            raise ValueError("the block's pairs do not fit the vocabulary")
        if state.epochs < 0:
            raise ValueError("a negative number of epochs")

    def _start_epoch(self) -> None:
        if self._kept is not None:
            self.epochs += 1
        kept = self._encoded
        for _ in range(EMPTY_TRIES):
            if self._threshold > 0:
                kept = subsample(self._encoded, self._vocabulary, self._threshold,
                                 self._subsample_rng)
            if has_pairs(kept):
                break
        else:
            raise DataSettingError("sub-sampling leaves no pairs of words; lower the threshold")
        bounds = block_bounds(kept.sentence, BLOCK_TOKENS)
        self._kept, self._done = kept, 0
        self._blocks = [bounds[i] for i in self._rng.permutation(len(bounds))][::-1]
        self._block, self._centres, self._position = (0, 0), np.empty(0, dtype=np.int32), 0

    def _next_block(self) -> None:
        assert self._kept is not None
        self._done += self._block[1] - self._block[0]
        start, end = self._block = self._blocks.pop()
        part = Encoded(self._kept.ids[start:end], self._kept.sentence[start:end])
        centres, contexts = context_pairs(part, self._window)
        order = self._rng.permutation(len(centres))
        self._centres, self._contexts, self._position = centres[order], contexts[order], 0


def has_pairs(encoded: Encoded) -> bool:
    """Whether some sentence has two words, so that a window holds a pair."""
    return bool((encoded.sentence[1:] == encoded.sentence[:-1]).any())


def block_bounds(sentence: np.ndarray, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive blocks of about `size` tokens, cut at sentence starts."""
    n = len(sentence)
    starts = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]])
    cuts = [0]
    for target in range(size, n, size):
        after = starts[np.searchsorted(starts, max(target, cuts[-1] + 1)):]
        if len(after) and after[0] < n:
            cuts.append(int(after[0]))
    cuts = sorted(set(cuts)) + [n]
    return [(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]


class EntryStream:
    """Indices of X's non-zero entries, in a fresh random order each epoch (GloVe and simpler
    GloVe see the same ones)."""

    def __init__(self, entries: int, order_rng: np.random.Generator) -> None:
        if entries == 0:
            raise DataSettingError("the co-occurrence matrix is empty: no two words of the "
                                   "corpus share a sentence")
        self._entries, self._rng = entries, order_rng
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
        """Whether the current epoch's entries are all used (the next batch starts a new one)."""
        return self._position >= len(self._order)

    def snapshot(self) -> EntryState:
        """A copy of where the stream is, for a session file."""
        return EntryState(self.epochs, self._order.copy(), self._position,
                          copy.deepcopy(self._rng))

    def restore(self, state: EntryState) -> None:
        """Go on exactly as the stream `state` was taken from would have. ValueError if the
        order is not a permutation of the entries (or empty) or the position is past it."""
        self.check(state)
        self.epochs, self._position = state.epochs, state.position
        self._order = state.order.astype(np.int64, copy=True)
        self._rng.bit_generator.state = state.order_rng.bit_generator.state

    def check(self, state: EntryState) -> None:
        """ValueError if `state` cannot be this stream's (see `restore`)."""
        order = state.order
        if len(order) and (len(order) != self._entries or not np.array_equal(
                np.sort(order), np.arange(self._entries))):
            raise ValueError(f"an order of all {self._entries} entries of X expected")
        if not 0 <= state.position <= len(order) or state.epochs < 0:
            raise ValueError("the position is past the order of entries")

    def next(self, batch_size: int) -> np.ndarray:
        """The next batch of entry indices."""
        if self._position >= len(self._order):
            if len(self._order):
                self.epochs += 1
            self._order = self._rng.permutation(self._entries)
            self._position = 0
        batch = self._order[self._position:self._position + batch_size]
        self._position += len(batch)
        return batch


def _ids_below(ids: np.ndarray, n: int) -> bool:
    return not len(ids) or (int(ids.min()) >= 0 and int(ids.max()) < n)


def noise_sampler(noise: np.ndarray, rng: np.random.Generator):
    """A function drawing an array of the given shape of word ids from `noise` (by its CDF)."""
    cdf = np.cumsum(noise)
    cdf /= cdf[-1]

    def draw(shape: tuple[int, ...]) -> np.ndarray:
        return np.minimum(np.searchsorted(cdf, rng.random(shape), side="right"),
                          len(cdf) - 1).astype(np.int64)

    return draw
