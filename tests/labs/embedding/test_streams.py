"""Batches of pairs and of entries, epoch by epoch, and negatives drawn from U^{3/4}/Z."""

import numpy as np
import pytest

from bpviz.data.errors import DataSettingError
from bpviz.data.vocabulary import Encoded, Vocabulary
from bpviz.data.cooccurrence import context_pairs
from bpviz.labs.embedding import streams
from bpviz.labs.embedding.streams import EntryStream, PairStream, block_bounds, noise_sampler


def test_an_epoch_sees_every_entry_once_in_batches_that_never_span_two():
    stream = EntryStream(10, np.random.default_rng(0))
    batches = [stream.next(4) for _ in range(3)]
    assert [len(batch) for batch in batches] == [4, 4, 2] and stream.at_end
    assert sorted(np.concatenate(batches)) == list(range(10)) and stream.epoch == 1.0
    stream.next(4)
    assert stream.epochs == 1 and stream.epoch == 1.4


def test_pairs_without_subsampling_are_the_windows_pairs_shuffled():
    encoded = Encoded(np.array([0, 1, 2], np.int32), np.zeros(3, np.int32))
    vocabulary = Vocabulary(("a", "b", "c"), np.array([1, 1, 1]))
    stream = PairStream(encoded, vocabulary, 1, 0.0, np.random.default_rng(0),
                        np.random.default_rng(1))
    centres, contexts = stream.next(100)
    assert sorted(zip(centres.tolist(), contexts.tolist())) == [(0, 1), (1, 0), (1, 2), (2, 1)]


def test_a_corpus_of_one_word_sentences_has_no_pairs():
    encoded = Encoded(np.array([0, 1], np.int32), np.array([0, 1], np.int32))
    vocabulary = Vocabulary(("a", "b"), np.array([1, 1]))
    with pytest.raises(DataSettingError, match="no two words of the corpus share a sentence"):
        PairStream(encoded, vocabulary, 2, 0.0, np.random.default_rng(0), np.random.default_rng(0))
    with pytest.raises(DataSettingError, match="co-occurrence matrix is empty"):
        EntryStream(0, np.random.default_rng(0))


def test_negatives_follow_the_noise_distribution():
    noise = np.array([0.5, 0.3, 0.2, 0.0])
    draws = noise_sampler(noise, np.random.default_rng(4))((200_000,))
    np.testing.assert_allclose(np.bincount(draws, minlength=4) / 200_000, noise, atol=0.005)
    assert draws.max() <= 2


def test_blocks_are_cut_at_sentence_starts_near_each_multiple_of_the_size():
    sentence = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 3])
    assert block_bounds(sentence, 4) == [(0, 5), (5, 9), (9, 10)]
    assert block_bounds(sentence, 100) == [(0, 10)]
    assert block_bounds(np.zeros(7, np.int64), 2) == [(0, 7)]  # one long sentence: one block


def test_an_epoch_in_blocks_uses_every_pair_once(monkeypatch):
    monkeypatch.setattr(streams, "BLOCK_TOKENS", 7)
    rng = np.random.default_rng(0)
    encoded = Encoded(rng.integers(0, 9, 60).astype(np.int32),
                      np.sort(rng.integers(0, 12, 60)).astype(np.int32))
    vocabulary = Vocabulary(tuple("abcdefghi"), np.ones(9, np.int64))
    stream = PairStream(encoded, vocabulary, 2, 0.0, np.random.default_rng(1),
                        np.random.default_rng(2))
    seen, epochs = [], []
    while not seen or not stream.at_end:
        centres, contexts = stream.next(5)
        seen += list(zip(centres.tolist(), contexts.tolist()))
        epochs.append(stream.epoch)
    expected = context_pairs(encoded, 2)
    assert sorted(seen) == sorted(zip(expected[0].tolist(), expected[1].tolist()))
    assert epochs[-1] == 1.0 and epochs == sorted(epochs) and stream.epochs == 0
    stream.next(5)
    assert stream.epochs == 1 and 1.0 < stream.epoch < 2.0
