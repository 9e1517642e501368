"""The vocabulary: counts, U, U^{3/4}/Z, dropping rare words, and sub-sampling."""

import numpy as np
import pytest

from bpviz.data.corpus import corpus_from_text
from bpviz.data.errors import DataSettingError
from bpviz.data.vocabulary import (
    build_vocabulary, encode, keep_probability, subsample,
)


def test_words_are_ordered_by_count_ties_by_first_appearance():
    vocabulary = build_vocabulary(corpus_from_text("c b a b a. a d"))
    assert vocabulary.words == ("a", "b", "c", "d")
    np.testing.assert_array_equal(vocabulary.counts, [3, 2, 1, 1])
    assert vocabulary.id("b") == 1 and "d" in vocabulary and "e" not in vocabulary
    assert vocabulary.total == 7 and vocabulary.dropped == 0


def test_the_unigram_and_the_three_quarter_power_distributions_are_exact():
    vocabulary = build_vocabulary(corpus_from_text("a a a a a a a a b"))  # 8 : 1
    np.testing.assert_allclose(vocabulary.unigram(), [8 / 9, 1 / 9], rtol=1e-15)
    z = 8 ** 0.75 + 1
    np.testing.assert_allclose(vocabulary.noise(), [8 ** 0.75 / z, 1 / z], rtol=1e-15)
    # The rare word is drawn more often than its share: 1/9 = 0.111 < 1/(1+4.757) = 0.174.
    assert vocabulary.noise()[1] > vocabulary.unigram()[1]


def test_rare_and_surplus_words_are_dropped_and_counted():
    corpus = corpus_from_text("a a a b b c. d")
    vocabulary = build_vocabulary(corpus, min_count=2)
    assert vocabulary.words == ("a", "b") and vocabulary.dropped == 2
    assert vocabulary.dropped_tokens == 2
    assert build_vocabulary(corpus, max_words=3).words == ("a", "b", "c")


def test_encoding_removes_dropped_words_and_keeps_sentences():
    corpus = corpus_from_text("a x b. b a")
    encoded = encode(corpus, build_vocabulary(corpus, min_count=2))
    np.testing.assert_array_equal(encoded.ids, [0, 1, 1, 0])
    np.testing.assert_array_equal(encoded.sentence, [0, 0, 1, 1])


def test_a_vocabulary_of_fewer_than_two_words_says_what_to_change():
    corpus = corpus_from_text("a a a b", name="tiny.txt")
    with pytest.raises(DataSettingError) as caught:
        build_vocabulary(corpus, min_count=2)
    assert str(caught.value) == ("only 1 word occurs in tiny.txt at least 2 times; "
                                 "word vectors need two (lower the minimum count)")


@pytest.mark.parametrize("setting, value", [("min_count", 0), ("min_count", 1.5),
                                            ("max_words", 1), ("max_words", 5_001)])
def test_settings_out_of_range_are_refused(setting, value):
    with pytest.raises(DataSettingError):
        build_vocabulary(corpus_from_text("a b"), **{setting: value})


def test_the_keep_probability_is_mikolovs_square_root():
    vocabulary = build_vocabulary(corpus_from_text("a " * 99 + "b"))  # f = 0.99, 0.01
    np.testing.assert_allclose(keep_probability(vocabulary, 1e-3),
                               [np.sqrt(1e-3 / 0.99), np.sqrt(1e-3 / 0.01)], rtol=1e-12)
    np.testing.assert_array_equal(keep_probability(vocabulary, 0.05), [np.sqrt(0.05 / 0.99), 1.0])
    np.testing.assert_array_equal(keep_probability(vocabulary, 0), [1.0, 1.0])
    with pytest.raises(DataSettingError, match="threshold"):
        keep_probability(vocabulary, -1)


def test_subsampling_keeps_each_word_at_its_rate_from_the_generator_given():
    corpus = corpus_from_text(("the " * 9 + "cat ") * 5_000)
    vocabulary = build_vocabulary(corpus)
    encoded = encode(corpus, vocabulary)
    kept = subsample(encoded, vocabulary, 0.01, np.random.default_rng(3))
    again = subsample(encoded, vocabulary, 0.01, np.random.default_rng(3))
    np.testing.assert_array_equal(kept.ids, again.ids)
    share_the = np.count_nonzero(kept.ids == 0) / 45_000
    assert share_the == pytest.approx(np.sqrt(0.01 / 0.9), abs=0.01)
    share_cat = np.count_nonzero(kept.ids == 1) / 5_000
    assert share_cat == pytest.approx(np.sqrt(0.01 / 0.1), abs=0.02)
    assert subsample(encoded, vocabulary, 0, np.random.default_rng(3)) is encoded
