"""Fixed 2-D axes: the identity for d ≤ 2, principal components otherwise."""

import numpy as np

from bpviz.labs.embedding.projection import fit_projection, variance_shown


def test_two_dimensional_vectors_are_drawn_as_they_are_and_one_dimensional_on_x():
    vectors = np.array([[1.0, 2.0], [3.0, -4.0]])
    np.testing.assert_array_equal(fit_projection(vectors)(vectors), vectors)
    line = np.array([[2.0], [5.0]])
    np.testing.assert_array_equal(fit_projection(line)(line), [[2, 0], [5, 0]])


def test_the_axes_are_the_principal_components_with_a_fixed_sign():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(500, 4)) * np.array([0.1, 5.0, 0.2, 2.0]) + 3.0
    projection = fit_projection(vectors)
    np.testing.assert_allclose(np.abs(projection.axes), [[0, 1, 0, 0], [0, 0, 0, 1]], atol=0.02)
    assert projection.axes[0, 1] > 0 and projection.axes[1, 3] > 0
    np.testing.assert_allclose(projection.axes @ projection.axes.T, np.eye(2), atol=1e-12)
    assert variance_shown(projection, vectors) > 0.99
    assert abs(projection(vectors).mean(axis=0)).max() < 1e-12


def test_a_move_is_projected_without_centring():
    vectors = np.random.default_rng(1).normal(size=(20, 3)) + 10
    projection = fit_projection(vectors)
    move = np.array([0.1, -0.2, 0.3])
    np.testing.assert_allclose(projection.direction(move),
                               projection(vectors[0] + move) - projection(vectors[0]), atol=1e-12)
