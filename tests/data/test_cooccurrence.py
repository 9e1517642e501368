"""Window pairs, the co-occurrence matrix X with and without 1/distance, and the PMI."""

import numpy as np
import pytest

from bpviz.data.cooccurrence import MAX_WINDOW, context_pairs, cooccurrence
from bpviz.data.corpus import corpus_from_text
from bpviz.data.errors import DataSettingError
from bpviz.data.vocabulary import Encoded, build_vocabulary, encode


def encoded(ids, sentence=None):
    ids = np.asarray(ids, dtype=np.int32)
    sentence = np.zeros(len(ids), np.int32) if sentence is None else np.asarray(sentence, np.int32)
    return Encoded(ids, sentence)


def test_pairs_stay_within_a_sentence_in_order_of_centre_then_offset():
    centres, contexts = context_pairs(encoded([0, 1, 2, 3], [0, 0, 0, 1]), 1)
    np.testing.assert_array_equal(centres, [0, 1, 1, 2])
    np.testing.assert_array_equal(contexts, [1, 0, 2, 1])
    centres, contexts = context_pairs(encoded([5, 6, 7]), 2)
    np.testing.assert_array_equal(centres, [5, 5, 6, 6, 7, 7])
    np.testing.assert_array_equal(contexts, [6, 7, 5, 7, 5, 6])


def test_a_word_next_to_itself_is_its_own_context():
    centres, contexts = context_pairs(encoded([4, 4]), 3)
    np.testing.assert_array_equal(centres, [4, 4])
    np.testing.assert_array_equal(contexts, [4, 4])


def test_x_weights_a_pair_by_one_over_its_distance_symmetrically():
    X = cooccurrence(encoded([0, 1, 2]), 3, 2)
    np.testing.assert_array_equal(X.dense(), [[0, 1, 0.5], [1, 0, 1], [0.5, 1, 0]])
    flat = cooccurrence(encoded([0, 1, 2]), 3, 2, "flat")
    np.testing.assert_array_equal(flat.dense(), [[0, 1, 1], [1, 0, 1], [1, 1, 0]])
    assert len(X) == 6 and X.total == 5.0


def test_x_never_counts_across_a_sentence_and_adds_repeats():
    X = cooccurrence(encoded([0, 1, 0, 1, 2], [0, 0, 0, 0, 1]), 3, 1)
    np.testing.assert_array_equal(X.dense(), [[0, 3, 0], [3, 0, 0], [0, 0, 0]])
    same = cooccurrence(encoded([0, 0]), 1, 1)  # each order of the pair adds to X_00
    np.testing.assert_array_equal(same.dense(), [[2]])


def test_x_of_a_corpus_matches_a_count_by_hand():
    corpus = corpus_from_text("the cat sat on the mat")
    vocabulary = build_vocabulary(corpus)  # the, cat, sat, on, mat
    X = cooccurrence(encode(corpus, vocabulary), len(vocabulary), 2)
    the, cat, sat, on, mat = range(5)
    dense = X.dense()
    assert dense[the, cat] == 1 and dense[the, sat] == 0.5 + 0.5 and dense[the, on] == 1
    assert dense[the, mat] == 1 and dense[cat, on] == 0.5 and dense[sat, mat] == 0
    np.testing.assert_array_equal(dense, dense.T)
    np.testing.assert_array_equal(X.row_sums(), dense.sum(axis=1))


def test_the_pmi_is_log_p_ij_over_p_i_p_j_at_each_nonzero_entry():
    X = cooccurrence(encoded([0, 1, 2, 0, 1], [0, 0, 0, 0, 0]), 3, 2)
    dense = X.dense()
    total, sums = dense.sum(), dense.sum(axis=1)
    with np.errstate(divide="ignore"):  # log 0 where X is 0, not compared
        expected = np.log((dense / total) / np.outer(sums / total, sums / total))
    pmi = X.dense_pmi()
    np.testing.assert_allclose(pmi[dense > 0], expected[dense > 0], rtol=1e-14)
    assert np.isnan(pmi[dense == 0]).all()
    np.testing.assert_allclose(X.pmi(), expected[X.rows, X.cols], rtol=1e-14)


def test_a_dense_matrix_over_chosen_words_keeps_their_order():
    X = cooccurrence(encoded([0, 1, 2]), 3, 2)
    np.testing.assert_array_equal(X.dense(np.array([2, 0])), [[0, 0.5], [0.5, 0]])


@pytest.mark.parametrize("window", [0, MAX_WINDOW + 1, 2.5, True])
def test_a_window_out_of_range_is_refused(window):
    with pytest.raises(DataSettingError, match="window size must be a whole number from 1 to 10"):
        cooccurrence(encoded([0, 1]), 2, window)
    with pytest.raises(DataSettingError):
        context_pairs(encoded([0, 1]), window)


def test_an_unknown_weighting_is_refused():
    with pytest.raises(DataSettingError, match="weighting must be one of distance, flat"):
        cooccurrence(encoded([0, 1]), 2, 1, "harmonic")


@pytest.mark.parametrize("weighting", ["distance", "flat"])
def test_x_equals_a_naive_count_on_random_sentences(weighting):
    rng = np.random.default_rng(5)
    ids, sentence = rng.integers(0, 7, 300), np.sort(rng.integers(0, 30, 300))
    window = 10
    naive = np.zeros((7, 7))
    for t in range(300):
        for u in range(t + 1, min(300, t + window + 1)):
            if sentence[t] == sentence[u]:
                weight = 1 / (u - t) if weighting == "distance" else 1.0
                naive[ids[t], ids[u]] += weight
                naive[ids[u], ids[t]] += weight
    X = cooccurrence(encoded(ids, sentence), 7, window, weighting)
    np.testing.assert_allclose(X.dense(), naive, rtol=1e-12)
    assert (np.diff(X.rows.astype(np.int64) * 7 + X.cols) > 0).all()  # sorted, distinct


def test_a_dense_matrix_is_refused_past_its_limit(monkeypatch):
    from bpviz.data import cooccurrence as module
    monkeypatch.setattr(module, "MAX_DENSE", 2)
    X = cooccurrence(encoded([0, 1, 2]), 3, 1)
    assert X.dense(np.array([0, 2])).shape == (2, 2)
    with pytest.raises(DataSettingError, match="a dense matrix has at most 2 words, not 3"):
        X.dense_pmi()
