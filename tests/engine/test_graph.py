"""The graph: the lecture's circuits exactly, shared inputs, deep chains, the window scorer."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.engine import (
    Graph, Node, NonFiniteError, absolute, concat, exp, gradcheck, hard_tanh, leaky_relu, log,
    matmul, max_margin, maximum, minimum, ops, record_trace, relu, sigmoid, sqrt, tanh, total,
)

# ---------------------------------------------------------------- helpers


def lecture_circuit(x=1.0, y=2.0, z=0.0):
    """f(x, y, z) = (x + y) · max(y, z), the lecture's worked example: a = x + y, b = max(y, z)."""
    graph = Graph()
    xn, yn, zn = graph.variable(x, "x"), graph.variable(y, "y"), graph.variable(z, "z")
    a = graph.apply(ops.Add(), xn, yn, label="a")
    b = maximum(yn, zn, label="b")
    f = graph.apply(ops.Mul(), a, b, label="f")
    return graph, (xn, yn, zn), (a, b, f)


def grads(*nodes: Node) -> list[float]:
    return [float(node.grad) for node in nodes]


# ---------------------------------------------------------------- the lecture's circuits


def test_lecture_circuit_x_plus_y_times_max_y_z():
    graph, (x, y, z), (a, b, f) = lecture_circuit()
    assert (a.item(), b.item(), f.item()) == (3.0, 2.0, 6.0)
    graph.backward(f)
    assert grads(f, a, b) == [1.0, 2.0, 3.0]  # ∂f/∂a = b = 2, ∂f/∂b = a = 3
    assert grads(x, y, z) == [2.0, 5.0, 0.0]  # y feeds both a and b: 2 + 3


def test_lecture_circuit_x_plus_y_times_z():
    graph = Graph()
    x, y, z = graph.variable(-2.0, "x"), graph.variable(5.0, "y"), graph.variable(-4.0, "z")
    q = x + y
    f = q * z
    assert (q.item(), f.item()) == (3.0, -12.0)
    graph.backward(f)
    assert grads(x, y, z) == [-4.0, -4.0, 3.0]
    assert grads(q) == [-4.0]


def test_values_are_float64_arrays_and_scalars_stay_zero_dimensional():
    graph, (x, _, _), (_, _, f) = lecture_circuit()
    assert x.value.dtype == np.float64 and f.value.dtype == np.float64
    assert x.shape == () and f.shape == ()


# ---------------------------------------------------------------- accumulation, operators, ids


def test_diamond_graph_adds_the_gradients_of_both_branches():
    graph = Graph()
    x = graph.variable(3.0, "x")
    left, right = x * 2.0, tanh(x)
    out = left * right  # x reaches out along two paths
    graph.backward(out)
    t = np.tanh(3.0)
    expected = 2.0 * t + 2.0 * 3.0 * (1.0 - t * t)
    assert float(x.grad) == pytest.approx(expected, rel=1e-14)


def test_input_used_twice_by_one_node_gets_both_gradients():
    graph = Graph()
    x = graph.variable([1.0, -2.0], "x")
    graph.backward(total(x * x))
    np.testing.assert_array_equal(x.grad, [2.0, -4.0])


def test_backward_resets_old_gradients_instead_of_adding_to_them():
    graph, (x, y, z), (_, _, f) = lecture_circuit()
    graph.backward(f)
    graph.backward(f)
    assert grads(x, y, z) == [2.0, 5.0, 0.0]


def test_backward_from_another_output_clears_only_that_outputs_ancestors():
    """One walk down the ids finds the ancestors and replaces their old gradients."""
    graph = Graph()
    x, y = graph.variable(2.0, "x"), graph.variable(5.0, "y")
    c = graph.constant(3.0, "c")
    f, g = x * y, x * c
    graph.backward(f)
    c.grad = np.array(7.0)  # a stale gradient on a constant of g
    graph.backward(g)
    assert (x.grad_item(), y.grad_item(), c.grad) == (3.0, 2.0, None)  # y kept f's
    arrays = Graph()
    u = arrays.variable([1.0, 2.0], "u")
    h = total(u * 2.0) * arrays.variable(4.0, "v")  # a float pass into an array pass
    arrays.backward(h)
    arrays.backward(h)
    np.testing.assert_array_equal(u.grad, [8.0, 8.0])


def test_constants_get_no_gradient_and_ops_of_constants_need_none():
    graph = Graph()
    x = graph.variable(2.0, "x")
    c = graph.constant(3.0, "c")
    c2 = c * c  # depends on constants only
    out = x * c2
    graph.backward(out)
    assert float(x.grad) == 9.0
    assert c.grad is None and c2.grad is None
    assert not c.requires_grad and not c2.requires_grad and out.requires_grad


@pytest.mark.parametrize("build, value, expected", [
    (lambda x: 2.0 - x, -1.0, -1.0),
    (lambda x: 2.0 / x, 0.5, -2.0 / 0.25),
    (lambda x: 2.0 ** x, 3.0, 8.0 * np.log(2.0)),
    (lambda x: x ** 3.0, 2.0, 12.0),
    (lambda x: 5.0 + x, 1.0, 1.0),
    (lambda x: 4.0 * x, 1.0, 4.0),
    (lambda x: -x, 1.0, -1.0),
])
def test_reflected_operators_keep_the_operand_order(build, value, expected):
    graph = Graph()
    x = graph.variable(value, "x")
    out = build(x)
    graph.backward(out)
    assert float(x.grad) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("build, op", [
    (lambda x: np.ones(3) * x, "mul"),
    (lambda x: np.float64(2.0) * x, "mul"),
    (lambda x: np.arange(3.0) - x, "sub"),
    (lambda x: np.eye(3) @ x, "matmul"),
])
def test_numpy_array_on_the_left_of_an_operator_gives_one_node(build, op):
    graph = Graph()
    x = graph.variable([1.0, 2.0, 3.0], "x")
    out = build(x)
    assert isinstance(out, Node) and out.op.name == op
    assert out.parents[1] is x and out.parents[0].kind == "constant"


def test_node_ids_are_indices_and_parents_come_first():
    graph, _, (_, _, f) = lecture_circuit()
    for index, node in enumerate(graph.nodes):
        assert node.id == index
        assert all(parent.id < node.id for parent in node.parents)
    assert [node.label for node in graph.ancestors(f)] == ["x", "y", "z", "a", "b", "f"]


def test_ancestors_are_only_what_the_output_depends_on():
    graph = Graph()
    x, y = graph.variable(1.0, "x"), graph.variable(2.0, "y")
    unrelated = y * 3.0
    out = tanh(x)
    assert [node.id for node in graph.ancestors(out)] == [x.id, out.id]
    assert unrelated.id not in {node.id for node in graph.ancestors(out)}


def test_evaluate_recomputes_from_changed_leaves():
    graph, (x, y, z), (_, _, f) = lecture_circuit()
    y.value = np.array(-1.0)
    z.value = np.array(4.0)
    assert float(graph.evaluate(f)) == 0.0 * 4.0  # (1 − 1) · max(−1, 4)
    x.value = np.array(2.0)
    assert float(graph.evaluate(f)) == 4.0
    graph.backward(f)
    assert grads(x, y, z) == [4.0, 4.0, 1.0]


def test_forward_steps_yield_every_op_in_order():
    graph, _, (a, b, f) = lecture_circuit()
    assert [node.id for node in graph.forward_steps(f)] == [a.id, b.id, f.id]


def test_backward_steps_report_what_each_node_sends():
    graph, (x, y, z), (a, b, f) = lecture_circuit()
    sent = [(node.id, [(index, parent.id, float(grad), float(total))
                       for index, parent, _, grad, total in parts])
            for node, parts in graph.backward_steps(f)]
    assert sent == [
        (f.id, [(0, a.id, 2.0, 2.0), (1, b.id, 3.0, 3.0)]),
        (b.id, [(0, y.id, 3.0, 3.0), (1, z.id, 0.0, 0.0)]),
        (a.id, [(0, x.id, 2.0, 2.0), (1, y.id, 2.0, 5.0)]),
    ]


def test_variable_labels_are_unique_and_constants_get_a_number_label():
    graph = Graph()
    graph.variable(1.0, "x")
    with pytest.raises(ValueError, match="'x'"):
        graph.variable(2.0, "x")
    assert graph.constant(0.5).label == "0.5"
    assert graph.constant(np.zeros((2, 3))).label == "2×3"


def test_nodes_of_two_graphs_cannot_be_combined():
    x = Graph().variable(1.0, "x")
    y = Graph().variable(2.0, "y")
    with pytest.raises(ValueError, match="two different graphs"):
        x + y


def test_graph_of_float32_keeps_float32():
    graph = Graph(dtype=np.float32)
    x = graph.variable([1.0, 2.0], "x")
    out = total(tanh(x * 3.0))
    graph.backward(out)
    assert x.value.dtype == out.value.dtype == x.grad.dtype == np.float32


# ---------------------------------------------------------------- a very deep chain

CHAIN_LENGTH = 20_000


def test_chain_of_twenty_thousand_nodes_needs_no_recursion():
    graph = Graph()
    x = graph.variable(1.0, "x")
    factor = graph.constant(1.0001, "c")
    node = x
    for _ in range(CHAIN_LENGTH):
        node = node * factor
    assert len(graph.nodes) == CHAIN_LENGTH + 2
    assert float(graph.evaluate(node)) == pytest.approx(1.0001 ** CHAIN_LENGTH, rel=1e-10)
    graph.backward(node)
    assert float(x.grad) == pytest.approx(1.0001 ** CHAIN_LENGTH, rel=1e-10)  # ≈ e²


def test_chain_of_twenty_thousand_tanh_nodes_backpropagates():
    graph = Graph()
    x = graph.variable(0.5, "x")
    node = x
    for _ in range(CHAIN_LENGTH):
        node = tanh(node)
    graph.backward(node)
    # d/dx of tanh∘…∘tanh is the product of 1 − tanh² along the chain.
    value, derivative = 0.5, 1.0
    for _ in range(CHAIN_LENGTH):
        value = np.tanh(value)
        derivative *= 1.0 - value * value
    assert float(node.value) == pytest.approx(value, rel=1e-12)
    assert float(x.grad) == pytest.approx(derivative, rel=1e-9)


# ---------------------------------------------------------------- the lecture's window scorer

D, HIDDEN = 4, 8
TRUE_WINDOW = ["museums", "in", "Paris", "are", "amazing"]
CORRUPT_WINDOW = ["Not", "all", "museums", "in", "Paris"]  # shares three words


class WindowScorer:
    """s = uᵀ tanh(W x + b) for the true and the corrupt window, and J = max(0, 1 − s + s_c)."""

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self.graph = graph = Graph()
        words = sorted(set(TRUE_WINDOW + CORRUPT_WINDOW), key=(TRUE_WINDOW + CORRUPT_WINDOW).index)
        self.words = {word: graph.variable(rng.normal(size=D), word) for word in words}
        self.W = graph.variable(rng.normal(scale=0.3, size=(HIDDEN, 5 * D)), "W")
        self.b = graph.variable(rng.normal(scale=0.1, size=HIDDEN), "b")
        self.u = graph.variable(rng.normal(scale=0.1, size=HIDDEN), "u")  # small: J > 0
        self.x, self.z, self.h, self.s = self.score(TRUE_WINDOW, "s")
        self.x_c, self.z_c, self.h_c, self.s_c = self.score(CORRUPT_WINDOW, "s_c")
        self.J = max_margin(self.s, self.s_c, label="J")

    def score(self, window, label):
        x = concat([self.words[word] for word in window], label=f"x_{label}")
        z = matmul(self.W, x) + self.b
        h = tanh(z)
        return x, z, h, matmul(self.u, h, label=label)

    def closed_form(self, x, z, h):
        """The lecture's gradients of one score: ∂s/∂u, ∂s/∂W, ∂s/∂b, ∂s/∂x (and δ)."""
        delta = self.u.value * (1.0 - np.tanh(z.value) ** 2)  # δ = u ∘ f′(z)
        return {"u": h.value, "W": np.outer(delta, x.value), "b": delta,
                "x": self.W.value.T @ delta, "delta": delta}


def split_words(grad_x, window):
    return {word: grad_x[D * position: D * (position + 1)] for position, word in enumerate(window)}


def test_window_scorer_has_the_lecture_sizes():
    net = WindowScorer()
    assert net.x.shape == (20,) and net.W.shape == (8, 20)
    assert net.b.shape == net.u.shape == net.h.shape == (8,)
    assert net.s.shape == ()


def test_score_gradients_are_the_closed_forms():
    net = WindowScorer()
    net.graph.backward(net.s)
    expected = net.closed_form(net.x, net.z, net.h)
    np.testing.assert_allclose(net.u.grad, expected["u"], rtol=1e-13)
    np.testing.assert_allclose(net.z.grad, expected["delta"], rtol=1e-13)
    np.testing.assert_allclose(net.W.grad, expected["W"], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(net.b.grad, expected["b"], rtol=1e-13)
    np.testing.assert_allclose(net.x.grad, expected["x"], rtol=1e-12)
    for word, grad in split_words(expected["x"], TRUE_WINDOW).items():
        np.testing.assert_allclose(net.words[word].grad, grad, rtol=1e-12)
    for word in ("Not", "all"):  # words outside the window are not ancestors of s
        assert net.words[word].grad is None


def test_max_margin_gradients_combine_both_windows_when_violated():
    net = WindowScorer()
    assert 1.0 - net.s.item() + net.s_c.item() > 0.0
    net.graph.backward(net.J)
    true = net.closed_form(net.x, net.z, net.h)
    corrupt = net.closed_form(net.x_c, net.z_c, net.h_c)
    # ∂J/∂s = −1 and ∂J/∂s_c = +1.
    assert (float(net.s.grad), float(net.s_c.grad)) == (-1.0, 1.0)
    for name in ("u", "W", "b"):
        np.testing.assert_allclose(getattr(net, name).grad, corrupt[name] - true[name],
                                   rtol=1e-12, atol=1e-15)
    expected_words = {word: np.zeros(D) for word in net.words}
    for word, grad in split_words(-true["x"], TRUE_WINDOW).items():
        expected_words[word] += grad
    for word, grad in split_words(corrupt["x"], CORRUPT_WINDOW).items():
        expected_words[word] += grad  # museums, in, Paris: both windows' gradients added
    for word, grad in expected_words.items():
        np.testing.assert_allclose(net.words[word].grad, grad, rtol=1e-12, atol=1e-15)


def test_max_margin_gradients_are_all_zero_when_satisfied():
    net = WindowScorer()
    # Point u along h − h_c so that s − s_c = c ‖h − h_c‖² = 2 ≥ 1.
    gap = net.h.value - net.h_c.value
    net.u.value = 2.0 * gap / (gap @ gap)
    net.graph.evaluate(net.J)
    assert net.s.item() - net.s_c.item() == pytest.approx(2.0, rel=1e-12)
    assert net.J.item() == 0.0
    net.graph.backward(net.J)
    for variable in net.graph.variables():
        np.testing.assert_array_equal(variable.grad, np.zeros(variable.shape))


# ---------------------------------------------------------------- scalars kept as Python floats

SCALAR_OPS = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y, "pow": lambda x, y: x ** y, "pow-2": lambda x, y: x ** 2,
    "neg": lambda x, y: -x + y, "exp": lambda x, y: exp(x * y), "log": lambda x, y: log(x),
    "sqrt": lambda x, y: sqrt(x), "abs": lambda x, y: absolute(x), "tanh": lambda x, y: tanh(x),
    "sigmoid": lambda x, y: sigmoid(x), "relu": lambda x, y: relu(x) * y,
    "leaky": lambda x, y: leaky_relu(x), "hard_tanh": lambda x, y: hard_tanh(x),
    "max": lambda x, y: maximum(x, y), "min": lambda x, y: minimum(x, y),
}
SCALAR_POINTS = [(1.5, -0.7), (0.0, 2.0), (-2.0, 3.0), (2.0, 0.0), (-0.0, -0.0), (0.0, -1.0),
                 (-8.0, 1 / 3), (800.0, 2.0), (1e-200, 1e-200), (0.3, 0.3)]


def same_number(a, b) -> bool:
    """Bit for bit: the same value, dtype and sign of zero."""
    a, b = np.asarray(a), np.asarray(b)
    return (a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
            and bool(np.all(np.signbit(a) == np.signbit(b))))


def scalar_trace(formula, x, y, as_arrays: bool):
    """The formula's trace, its leaves given as Python floats or as 0-d arrays."""
    wrap = np.array if as_arrays else float
    graph = Graph()
    out = formula(graph.variable(wrap(x), "x"), graph.variable(wrap(y), "y"))
    return record_trace(graph, out)


def outcome(formula, x, y, as_arrays):
    try:
        return scalar_trace(formula, x, y, as_arrays)
    except NonFiniteError as error:
        return str(error)


@pytest.mark.parametrize("x, y", SCALAR_POINTS)
@pytest.mark.parametrize("name", SCALAR_OPS)
def test_a_circuit_of_floats_records_the_numbers_numpy_gives_bit_for_bit(name, x, y):
    with np.errstate(all="raise"):  # and no NumPy warning slips out of the float path
        floats = outcome(SCALAR_OPS[name], x, y, as_arrays=False)
    arrays = outcome(SCALAR_OPS[name], x, y, as_arrays=True)
    if isinstance(arrays, str):  # the same error, naming the same node
        assert floats == arrays
        return
    assert not isinstance(floats, str), floats
    assert floats.leaf_values.keys() == arrays.leaf_values.keys()
    assert all(same_number(floats.leaf_values[i], arrays.leaf_values[i])
               for i in arrays.leaf_values)
    assert len(floats.steps) == len(arrays.steps)
    for ours, theirs in zip(floats.steps, arrays.steps):
        assert (ours.node, ours.phase) == (theirs.node, theirs.phase)
        if ours.phase == "forward":
            assert same_number(ours.value, theirs.value)
            continue
        assert same_number(ours.upstream, theirs.upstream)
        for mine, other in zip(ours.contributions, theirs.contributions, strict=True):
            assert (mine.to, mine.index, mine.local.rule) == (other.to, other.index,
                                                              other.local.rule)
            for field in ("downstream", "accumulated"):
                assert same_number(getattr(mine, field), getattr(other, field))
            assert same_number(mine.local.factor, other.local.factor)
            assert not mine.local.factor.flags.writeable


def test_a_scalar_circuit_reads_like_an_array_one_from_outside():
    graph = Graph()
    x = graph.variable(2.0, "x")
    y = (x * 3.0).named("y")
    graph.backward(y)
    assert isinstance(y.value, np.ndarray) and y.value.dtype == np.float64 and y.shape == ()
    assert (y.item(), float(x.grad), x.grad_item()) == (6.0, 3.0, 3.0)
    assert graph.constant(2.0).grad_item() is None
    y.value[...] = 7.0  # a copy: the node keeps its number
    assert y.item() == 6.0


def test_a_number_an_operator_lifts_gets_its_id_before_the_node_using_it():
    graph = Graph()
    x = graph.variable(1.5, "x")
    square = x ** 2
    assert [node.label for node in graph.nodes] == ["x", "2", "pow"]
    assert square.id == 2 and [p.id for p in square.parents] == [0, 1]
    graph.backward(square)
    assert float(x.grad) == 3.0


def test_a_float_circuit_after_a_gradient_check_is_left_as_it_was():
    graph = Graph()
    x, y = graph.variable(0.5, "x"), graph.variable(-1.25, "y")
    out = tanh(x * y) / (y - 2.0)
    before = (out.item(), x.item())
    assert gradcheck(graph, out).max_rel_error < 1e-6
    graph.backward(out)
    assert (out.item(), x.item()) == before
    assert type(x.item()) is float


@pytest.mark.parametrize("op", [ops.Add(), ops.Sub(), ops.Mul(), ops.Neg(), ops.Relu()],
                         ids=lambda op: op.name)
@pytest.mark.parametrize("x, y", SCALAR_POINTS)
def test_an_ops_float_shortcut_gives_its_forward_and_factors_bit_for_bit(op, x, y):
    inputs = (x, y)[:op.arity]
    value, factors = op.floats(*inputs)  # what a scalar node is made from, in one call
    assert same_number(value, float(op.forward(*inputs)))
    assert len(factors) == op.arity
    for index, factor in enumerate(factors):
        assert same_number(factor, float(op.factor(index, inputs, value)))
    graph = Graph()
    node = graph.apply(op, *(graph.variable(v, f"v{i}") for i, v in enumerate(inputs)))
    assert node.factors == factors and same_number(node.item(), value)
