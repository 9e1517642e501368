"""Drawing data: add a point, remove the nearest, clear; the original data set stays."""

import numpy as np
import pytest

from bpviz.data.csv_format import load_csv, save_csv
from bpviz.data.dataset import Dataset
from bpviz.data.errors import DataSettingError
from bpviz.labs.boundary.editing import add_point, check_savable, clear_points, remove_nearest


@pytest.fixture
def pets():
    return Dataset(np.array([[0.0, 0.0], [1.0, 1.0], [-1.0, 0.5]]), np.array([0, 1, 1]),
                   ("cat", "dog"), "pets", ("size", "age", "pet"))


def test_add_point_appends_it_and_keeps_the_rest(pets):
    added = add_point(pets, 0.25, -0.5, 1)
    np.testing.assert_array_equal(added.X, [[0, 0], [1, 1], [-1, 0.5], [0.25, -0.5]])
    np.testing.assert_array_equal(added.y, [0, 1, 1, 1])
    assert (added.class_names, added.header, added.name) == (pets.class_names, pets.header, "pets")
    assert len(pets) == 3  # unchanged


@pytest.mark.parametrize("label, error", [(2, ValueError), (-1, ValueError), (1.0, TypeError),
                                          (True, TypeError), ("dog", TypeError)])
def test_add_point_refuses_what_is_not_a_class_index(pets, label, error):
    with pytest.raises(error):
        add_point(pets, 0, 0, label)


def test_add_point_refuses_non_finite_coordinates(pets):
    with pytest.raises(ValueError, match="finite"):
        add_point(pets, float("nan"), 0, 0)


def test_remove_nearest_removes_exactly_the_closest_point(pets):
    removed = remove_nearest(pets, 0.9, 0.8)
    np.testing.assert_array_equal(removed.X, [[0, 0], [-1, 0.5]])
    np.testing.assert_array_equal(removed.y, [0, 1])


def test_remove_nearest_takes_the_first_of_equally_near_points():
    twins = Dataset(np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([0, 1]), ("a", "b"), "t")
    np.testing.assert_array_equal(remove_nearest(twins, 0, 0).y, [1])


def test_remove_nearest_on_no_points_changes_nothing(pets):
    empty = clear_points(pets)
    assert remove_nearest(empty, 0, 0) is empty


def test_clear_keeps_the_classes_and_header_and_drawing_starts_again(pets):
    empty = clear_points(pets)
    assert len(empty) == 0 and empty.X.shape == (0, 2)
    assert (empty.class_names, empty.header) == (pets.class_names, pets.header)
    drawn = add_point(add_point(empty, 0.5, 0.5, 0), -0.5, -0.5, 1)
    np.testing.assert_array_equal(drawn.y, [0, 1])


def test_a_drawn_data_set_saves_and_loads_back(pets, tmp_path):
    drawn = add_point(remove_nearest(pets, 0, 0), 0.1, 0.2, 0)
    loaded = load_csv(save_csv(drawn, tmp_path / "drawn.csv"))
    np.testing.assert_array_equal(loaded.X, drawn.X)
    assert [loaded.class_names[k] for k in loaded.y] == [drawn.class_names[k] for k in drawn.y]
    assert loaded.header == pets.header


def test_only_a_data_set_its_csv_can_load_back_may_be_saved(tmp_path):
    empty = clear_points(Dataset(np.zeros((2, 2)), [0, 1], ("a", "b"), "drawn"))
    one_class = add_point(add_point(empty, 0.0, 0.0, 1), 1.0, 1.0, 1)
    for refused, words in ((empty, "0 points of 0 classes"), (one_class, "2 points of 1 class:")):
        with pytest.raises(DataSettingError, match=words):
            check_savable(refused)
    two_classes = add_point(one_class, 2.0, 2.0, 0)
    check_savable(two_classes)
    save_csv(two_classes, tmp_path / "drawn.csv")
    assert len(load_csv(tmp_path / "drawn.csv")) == 3
