"""u_o = U[o]: one row of a table as a vector, its gradient added back into that row."""

import numpy as np
import pytest

from bpviz.engine import Graph, ShapeError, gradcheck, matmul, record_trace
from bpviz.engine.word_functions import table_row


def test_row_is_the_vector_and_its_gradient_lands_in_that_row_only():
    U = np.arange(12.0).reshape(4, 3) / 10
    graph = Graph()
    table = graph.variable(U, "U")
    v = graph.variable(np.array([1.0, -2.0, 0.5]), "v")
    u_o = table_row(table, 2, label="u_o")
    np.testing.assert_array_equal(u_o.value, U[2])
    J = matmul(u_o, v)
    graph.backward(J)
    expected = np.zeros_like(U)
    expected[2] = v.value
    np.testing.assert_array_equal(table.grad, expected)
    assert gradcheck(graph, J).passed()
    trace = record_trace(graph, J)
    assert dict(trace.node(u_o.id).settings) == {"row": 2}


def test_a_row_outside_the_table_is_refused():
    graph = Graph()
    with pytest.raises(ShapeError, match="row 5"):
        table_row(graph.variable(np.zeros((3, 2)), "U"), 5)
