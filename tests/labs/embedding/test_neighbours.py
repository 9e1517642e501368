"""Nearest neighbours by cosine, and norms."""

import numpy as np

from bpviz.labs.embedding.neighbours import cosine_similarities, nearest, norms


def test_neighbours_are_ordered_by_cosine_without_the_word_itself():
    vectors = np.array([[1.0, 0.0], [10.0, 1.0], [0.0, 3.0], [-1.0, 0.0], [0.0, 0.0]])
    result = nearest(vectors, 0, 3)
    assert [j for j, _ in result] == [1, 2, 4]  # 2 and the zero vector tie at 0: by id
    assert result[0][1] == 10 / np.sqrt(101)
    np.testing.assert_array_equal(cosine_similarities(vectors, 4), [0, 0, 0, 0, 0])
    assert nearest(vectors, 0, 10)[-1] == (3, -1.0)


def test_norms_are_euclidean_lengths():
    np.testing.assert_array_equal(norms(np.array([[3.0, 4.0], [0.0, 0.0]])), [5.0, 0.0])
