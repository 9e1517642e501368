"""The stage's tiny corpus: counts, co-occurrence within the window, the noise distribution."""

import numpy as np
import pytest

from bpviz.errors import BpvizError
from bpviz.models.word_corpus import VOCABULARY, count_words, noise_distribution


def test_counts_of_a_small_text_by_hand():
    counts = count_words(["a b c", "c a x"], ("a", "b", "c"), window=1)
    np.testing.assert_array_equal(counts.unigram, [2, 1, 2])
    # "a b c": a–b, b–c; "c a" (x dropped): c–a. Symmetric.
    np.testing.assert_array_equal(counts.cooccurrence, [[0, 1, 1], [1, 0, 1], [1, 1, 0]])


def test_built_in_corpus_is_symmetric_and_keeps_its_vocabulary():
    counts = count_words()
    assert counts.vocabulary == VOCABULARY
    np.testing.assert_array_equal(counts.cooccurrence, counts.cooccurrence.T)
    ice, solid, gas = (VOCABULARY.index(word) for word in ("ice", "solid", "gas"))
    # Lecture 2's ratio: solid goes with ice more than gas does.
    assert counts.cooccurrence[ice, solid] > counts.cooccurrence[ice, gas]


def test_noise_distribution_sums_to_one():
    assert noise_distribution(np.array([1.0, 8.0])).sum() == pytest.approx(1.0)


def test_unknown_word():
    with pytest.raises(BpvizError, match="not in the vocabulary"):
        count_words().index("fire")
