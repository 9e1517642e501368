"""The hidden-space view: the data and the input grid's lines in the net's last hidden layer."""

import numpy as np
import pytest

from bpviz.labs.boundary import LabSession, NetSpec
from bpviz.labs.boundary.hidden_space import GRID_LINES, LINE_SAMPLES, _input_lines, map_hidden_space


def trained(spiral, hidden=(8, 8), steps=30):
    session = LabSession(spiral, net=NetSpec(hidden=hidden))
    session.step(steps)
    return session


def all_points(session):
    return np.concatenate([session.train_set.X, session.test_set.X])


def test_shapes_labels_and_which_points_train(spiral):
    session = trained(spiral)
    space = session.hidden_space()
    assert space.points.shape == (300, 2) and space.labels.shape == (300,)
    assert space.is_train.sum() == 150 and space.is_train[:150].all()
    np.testing.assert_array_equal(space.labels, np.concatenate([session.train_set.y,
                                                                session.test_set.y]))
    assert len(space.grid_lines) == 2 * GRID_LINES
    assert all(line.shape == (LINE_SAMPLES, 2) for line in space.grid_lines)
    assert space.axes == ("PC1", "PC2")


def test_two_chosen_units_are_the_last_hidden_layers_activations(spiral, engine_values):
    session = trained(spiral)
    space = session.hidden_space(units=(3, 6))
    assert space.axes == ("h2[3]", "h2[6]")
    h2 = engine_values(session.models["mlp"], all_points(session))["h2"]
    np.testing.assert_allclose(space.points, h2[:, [3, 6]], atol=1e-12)
    lines = _input_lines(session.extent)
    for line, mapped in zip(lines, space.grid_lines):
        expected = engine_values(session.models["mlp"], line)["h2"][:, [3, 6]]
        np.testing.assert_allclose(mapped, expected, atol=1e-12)


def test_the_input_lines_are_horizontal_then_vertical_across_the_extent():
    lines = _input_lines((-2.0, 2.0, -1.0, 1.0))
    assert np.all(lines[0][:, 1] == -1.0) and lines[0][0, 0] == -2 and lines[0][-1, 0] == 2
    assert np.all(lines[GRID_LINES][:, 0] == -2.0) and lines[GRID_LINES][-1, 1] == 1


def test_the_projection_is_onto_the_datas_principal_axes(spiral, engine_values):
    session = trained(spiral)
    space = session.hidden_space()
    h2 = engine_values(session.models["mlp"], all_points(session))["h2"]
    centred = h2 - h2.mean(axis=0)
    # Uncorrelated coordinates with the largest variances there are, PC1 first.
    covariance = np.cov(space.points.T)
    assert abs(covariance[0, 1]) < 1e-9 * covariance[0, 0]
    top_two = np.sort(np.linalg.eigvalsh(np.cov(centred.T)))[::-1][:2]
    np.testing.assert_allclose(np.diag(covariance), top_two, rtol=1e-9)
    np.testing.assert_allclose(space.points.mean(axis=0), 0, atol=1e-12)


def test_the_projection_does_not_flip_between_nearby_steps(spiral):
    session = trained(spiral)
    first = session.hidden_space().points
    session.step()
    second = session.hidden_space().points
    assert np.corrcoef(first[:, 0], second[:, 0])[0, 1] > 0.9


def test_a_two_unit_layer_is_shown_as_is_and_a_one_unit_layer_against_zero(spiral,
                                                                            engine_values):
    two = trained(spiral, hidden=(8, 2))
    space = two.hidden_space()
    assert space.axes == ("h2[0]", "h2[1]")
    np.testing.assert_allclose(space.points,
                               engine_values(two.models["mlp"], all_points(two))["h2"], atol=1e-12)
    one = trained(spiral, hidden=(1,)).hidden_space()
    assert one.axes == ("h1[0]", "") and np.all(one.points[:, 1] == 0)


def test_a_net_without_hidden_layers_shows_the_input_plane(spiral):
    session = trained(spiral, hidden=())
    space = session.hidden_space()
    np.testing.assert_array_equal(space.points, all_points(session))
    assert space.axes == ("x1", "x2")


def test_units_outside_the_layer_are_refused(spiral):
    session = trained(spiral, steps=0)
    with pytest.raises(ValueError, match="h2 has units 0..7"):
        session.hidden_space(units=(0, 8))


def test_with_fewer_than_two_points_the_grid_fixes_the_projection(spiral):
    session = trained(spiral, steps=0)
    one_point = map_hidden_space(session.models["mlp"], session.train_set,
                                 session.test_set, session.extent)
    assert np.isfinite(one_point.points).all()
    empty_train = session.train_set.__class__(np.empty((0, 2)), np.empty(0, np.int64),
                                              spiral.class_names, "none")
    space = map_hidden_space(session.models["mlp"], empty_train, empty_train, session.extent)
    assert space.points.shape == (0, 2) and np.isfinite(np.concatenate(space.grid_lines)).all()
