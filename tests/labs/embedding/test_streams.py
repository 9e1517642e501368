"""Batches of pairs and of entries, epoch by epoch, and negatives drawn from U^{3/4}/Z."""

import numpy as np
import pytest

from bpviz.data.errors import DataSettingError
from bpviz.data.vocabulary import Encoded, Vocabulary
from bpviz.labs.embedding.streams import EntryStream, PairStream, noise_sampler


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
    stream = PairStream(encoded, vocabulary, 1, 0.0, np.random.default_rng(0), np.random.default_rng(1))
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
