"""Row gradients accumulate repeats; SGD and AdaGrad write only the rows touched."""

import math

import numpy as np

from bpviz.labs.embedding.sparse import adagrad, scatter_rows, sgd


def test_a_row_given_twice_gets_the_sum_of_its_gradients():
    grad = scatter_rows(np.array([3, 1, 3, 3]), np.array([[1.0], [2.0], [10.0], [100.0]]))
    np.testing.assert_array_equal(grad.rows, [1, 3])
    np.testing.assert_array_equal(grad.values, [[2.0], [111.0]])
    np.testing.assert_array_equal(grad.dense((5, 1)).ravel(), [0, 2, 0, 111, 0])


def test_one_dimensional_gradients_scatter_too():
    grad = scatter_rows(np.array([0, 0, 2]), np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(grad.dense((3,)), [3.0, 0.0, 3.0])


def test_sgd_writes_only_the_touched_rows_and_only_when_applied():
    table = np.array([[1.0, 1.0], [5.0, 5.0]])
    (write,) = sgd(table, scatter_rows(np.array([1]), np.array([[2.0, -2.0]])), 0.5)
    np.testing.assert_array_equal(table, [[1, 1], [5, 5]])
    write.apply()
    np.testing.assert_array_equal(table, [[1, 1], [4, 6]])


def test_adagrad_divides_by_the_root_of_the_summed_squares_starting_at_one():
    table, cache = np.array([[1.0], [7.0]]), np.ones((2, 1))
    for write in adagrad(table, cache, scatter_rows(np.array([0]), np.array([[2.0]])), 0.1):
        write.apply()
    assert cache[0, 0] == 5.0 and table[0, 0] == 1.0 - 0.1 * 2.0 / math.sqrt(5.0)
    assert cache[1, 0] == 1.0 and table[1, 0] == 7.0


def test_a_non_finite_write_is_noticed_before_it_is_applied():
    table = np.array([[1e308]])
    (write,) = sgd(table, scatter_rows(np.array([0]), np.array([[-1e308]])), 10.0)
    assert not write.finite() and table[0, 0] == 1e308
