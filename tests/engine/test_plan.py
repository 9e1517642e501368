"""The compiled plan: the generic engine's numbers, central differences, reused buffers,
per-batch data, sparse tables, and errors that name the node, as without a plan."""

import numpy as np
import pytest

from bpviz.engine import (Graph, NonFiniteError, lookup, max_margin, reshape, rows,
                          softmax_cross_entropy, tanh, total)
from bpviz.engine.plan import compile_plan, softmax
from bpviz.engine.ops import softmax as generic_softmax
from bpviz.models.classifier import Classifier, ClassifierConfig

CONFIGS = [((8, 8), "tanh", "softmax", 0.0, 0.0), ((5,), "relu", "softmax", 0.1, 0.0),
           ((4, 3), "sigmoid", "margin", 0.01, 0.02), ((), "tanh", "squared", 0.0, 0.0),
           ((6,), "leaky_relu", "softmax", 0.0, 0.05)]


def classifier(hidden, f, loss, l1, l2, rng):
    """A 2-D, 3-class classifier of one of the CONFIGS."""
    return Classifier(2, 3, ClassifierConfig(hidden=hidden, activation=f, loss=loss, l1=l1,
                                             l2=l2), rng)


def compiled_objective(model, X, y, column_major=False):
    built = model.objective(X, y)
    names = list(built.variables)
    plan = compile_plan(built.graph, built.output, [built.variables[n] for n in names],
                        bind={built.variables[n].id: model.params[n] for n in names},
                        flat_grads=True, column_major=column_major)
    x = next(node for node in built.graph.nodes if node.label == "x")
    loss = next(node for node in built.graph.nodes if hasattr(node.op, "targets"))
    return plan, x.id, loss.id, {name: built.variables[name].id for name in names}


@pytest.mark.parametrize("hidden, f, loss, l1, l2", CONFIGS)
def test_plan_gradients_equal_the_generic_engine_on_new_batches(hidden, f, loss, l1, l2):
    rng = np.random.default_rng(0)
    model = classifier(hidden, f, loss, l1, l2, rng)
    plan, x, targets, ids = compiled_objective(model, rng.normal(size=(40, 2)),
                                               rng.integers(0, 3, 40))
    for _ in range(3):  # the same buffers, reused by every run
        X, y = rng.normal(size=(40, 2)), rng.integers(0, 3, 40)
        plan.set_value(x, X)
        plan.set_data(targets, y)
        J = float(plan.run())
        built = model.objective(X, y)
        assert J == built.output.item()  # the forward pass is the same arithmetic
        for name, grad in built.gradients().items():
            np.testing.assert_allclose(plan.grad(ids[name]), grad, rtol=1e-12, atol=1e-16)
        for name in model.params:  # parameters are bound, so an update is seen at once
            model.params[name] += 0.01


def test_plan_gradients_equal_central_differences():
    rng = np.random.default_rng(1)
    model = Classifier(2, 3, ClassifierConfig(hidden=(4,), l2=0.1), rng)
    plan, x, targets, ids = compiled_objective(model, rng.normal(size=(15, 2)),
                                               rng.integers(0, 3, 15))
    J = lambda: float(plan.run())  # noqa: E731
    J()
    analytic = {name: plan.grad(ids[name]).copy() for name in model.params}
    h = 1e-6
    for name, param in model.params.items():
        numeric = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            original = param[index]
            param[index] = original + h
            up = J()
            param[index] = original - h
            down = J()
            param[index] = original
            numeric[index] = (up - down) / (2 * h)
        np.testing.assert_allclose(analytic[name], numeric, rtol=1e-6, atol=1e-8)


def test_weight_gradients_are_bit_for_bit_the_generic_ones():
    rng = np.random.default_rng(2)
    model = Classifier(2, 2, ClassifierConfig(hidden=(8, 8)), rng)
    X, y = rng.normal(size=(50, 2)), rng.integers(0, 2, 50)
    plan, *_ = compiled_objective(model, X, y)
    built = model.objective(X, y)
    grads = built.gradients()
    plan.run()
    ids = {node.label: node.id for node in plan.graph.nodes}
    for name in ("W1", "W2", "W3"):  # biases are summed by a BLAS product: rounding differs
        np.testing.assert_array_equal(plan.grad(ids[name]), grads[name])


def test_the_plan_reuses_buffers_of_dead_values():
    rng = np.random.default_rng(3)
    model = Classifier(2, 2, ClassifierConfig(hidden=(8,)), rng)
    plan, *_ = compiled_objective(model, rng.normal(size=(30, 2)), rng.integers(0, 2, 30))
    ids = {node.label: node.id for node in plan.graph.nodes}
    # tanh writes over z1's buffer: its backward reads h1 alone, never z1.
    assert plan.value(ids["h1"]) is plan.value(ids["z1"])
    assert plan.value(ids["f"]) is not plan.value(ids["z1"])  # h1 is read backwards


def test_a_nan_is_reported_at_the_node_that_made_it():
    graph = Graph()
    x = graph.variable(np.ones(3), "x")
    w = graph.variable(np.ones(3), "w")
    J = total(tanh(x * w, label="h"), label="J")
    plan = compile_plan(graph, J, [x, w])
    plan.run()
    plan.set_value(x.id, [1.0, np.inf, 1.0])  # inf · 1 = inf, and tanh(inf) = 1 hides it
    with pytest.raises(NonFiniteError, match="node 2 'mul'"):
        plan.run()


def test_per_batch_data_is_checked():
    rng = np.random.default_rng(4)
    model = Classifier(2, 3, ClassifierConfig(hidden=(3,)), rng)
    plan, _, targets, _ = compiled_objective(model, rng.normal(size=(5, 2)),
                                             rng.integers(0, 3, 5))
    with pytest.raises(ValueError, match="0..2"):
        plan.set_data(targets, [0, 1, 2, 3, 0])
    with pytest.raises(ValueError, match="shape"):
        plan.set_data(targets, [0, 1])


@pytest.mark.parametrize("rows", [5, 100])  # a list's max below 64 targets, a reduction above
def test_targets_out_of_range_at_either_end_are_refused(rows):
    rng = np.random.default_rng(4)
    model = Classifier(2, 3, ClassifierConfig(hidden=(3,)), rng)
    y = rng.integers(0, 3, rows)
    plan, _, targets, _ = compiled_objective(model, rng.normal(size=(rows, 2)), y)
    for bad in (3, -1):
        wrong = y.copy()
        wrong[-1] = bad
        with pytest.raises(ValueError, match="0..2"):
            plan.set_data(targets, wrong)
    plan.set_data(targets, y)  # and the right ones are taken


def test_new_targets_give_new_gradients_on_every_run():
    """The plan finds each row's target cell afresh each run, however the targets came."""
    rng = np.random.default_rng(5)
    model = Classifier(2, 3, ClassifierConfig(hidden=(4,)), rng)
    X, y = rng.normal(size=(6, 2)), np.array([0, 1, 2, 0, 1, 2])
    plan, x, targets, ids = compiled_objective(model, X, y, column_major=True)
    plan.set_value(x, X)
    for new in ([2, 2, 1, 0, 0, 1], [1, 0, 0, 2, 2, 0]):
        y[...] = new  # the same array, changed in place
        plan.set_data(targets, y)
        J = float(plan.run())
        built = model.objective(X, np.array(new))
        grads = built.gradients()
        assert J == pytest.approx(built.output.item(), rel=1e-14)
        for name, grad in grads.items():
            np.testing.assert_allclose(plan.grad(ids[name]), grad, rtol=1e-12, atol=1e-16)


def test_a_sparse_table_gives_the_looked_up_rows_gradients():
    rng = np.random.default_rng(5)
    graph = Graph()
    L = graph.variable(rng.normal(size=(20, 3)), "L")
    W = graph.variable(rng.normal(size=(6,)), "w")
    rows = np.array([[1, 2], [2, 2], [7, 1]])
    corrupt = np.array([[3, 2], [4, 4], [1, 1]])
    s = reshape(lookup(L, rows.ravel()), (3, 6)) @ W
    s_c = reshape(lookup(L, corrupt.ravel()), (3, 6)) @ W
    J = total(max_margin(s, s_c))
    plan = compile_plan(graph, J, [L, W], sparse=[L])
    plan.run()
    graph_rows, values = plan.row_gradient(L.id)
    dense = np.zeros((20, 3))
    np.add.at(dense, graph_rows, values)
    graph.evaluate(J)
    graph.backward(J)
    np.testing.assert_allclose(dense, L.grad, rtol=1e-13, atol=1e-15)
    np.testing.assert_array_equal(graph_rows, np.concatenate([rows.ravel(), corrupt.ravel()]))


def test_forward_only_plans_and_float32():
    rng = np.random.default_rng(6)
    model = Classifier(2, 3, ClassifierConfig(hidden=(5,)), rng)
    grid = rng.uniform(-1, 1, size=(300, 2))
    exact = model.predict_proba(grid)
    graph = Graph()
    constants = {name: graph.constant(value, name) for name, value in model.params.items()}
    scores = model.scores(graph.constant(grid, label="x"), constants)
    # Not bit for bit: the plan folds each bias into its product, which rounds otherwise.
    np.testing.assert_allclose(exact, generic_softmax(scores.value), rtol=1e-12, atol=1e-15)
    single = model.predict_proba(grid, dtype=np.float32)
    assert single.dtype == np.float32
    np.testing.assert_allclose(single, exact, atol=1e-5)


@pytest.mark.parametrize("classes", [1, 2, 3, 7, 8, 12])
def test_the_fast_softmax_is_the_generic_one_bit_for_bit(classes):
    scores = np.random.default_rng(classes).normal(size=(50, classes)) * 10
    np.testing.assert_array_equal(softmax(scores), generic_softmax(scores))


@pytest.mark.parametrize("hidden, f, loss, l1, l2", CONFIGS)
def test_a_column_major_plan_computes_what_the_row_major_one_does(hidden, f, loss, l1, l2):
    rng = np.random.default_rng(7)
    model = classifier(hidden, f, loss, l1, l2, rng)
    X, y = rng.normal(size=(40, 2)), rng.integers(0, 3, 40)
    plan, _, _, ids = compiled_objective(model, X, y, column_major=True)
    J = float(plan.run())
    expected = model.objective(X, y)
    assert J == pytest.approx(expected.output.item(), rel=1e-14)
    for name, grad in expected.gradients().items():
        np.testing.assert_allclose(plan.grad(ids[name]), grad, rtol=1e-12, atol=1e-16)
    scores = next(node for node in plan.graph.nodes if node.label == "f")
    assert plan.value(scores.id).flags.f_contiguous and not plan.value(scores.id).flags.c_contiguous


def test_a_column_major_softmax_loss_picks_each_rows_target():
    graph = Graph()
    scores = graph.variable(np.array([[2.0, 0.0, -1.0], [0.5, 3.0, 0.0]]), "f")
    J = softmax_cross_entropy(scores, np.array([2, 1]))
    plan = compile_plan(graph, J, [scores], column_major=True)
    value = float(plan.run())
    graph.evaluate(J)
    graph.backward(J)
    assert value == pytest.approx(J.item(), rel=1e-15)
    np.testing.assert_allclose(plan.grad(scores.id), scores.grad, rtol=1e-15)


def test_a_forward_only_plan_checks_what_it_outputs():
    graph = Graph()
    x = graph.constant(np.ones(3), "x")
    w = graph.constant(np.ones(3), "w")
    out = tanh(x * w, label="h")
    plan = compile_plan(graph, out, backward=False)
    plan.set_value(x.id, [1.0, np.inf, 1.0])
    np.testing.assert_array_equal(plan.run(), np.tanh([1.0, np.inf, 1.0]))  # tanh(inf) = 1
    plan.set_value(x.id, [1.0, np.nan, 1.0])
    with pytest.raises(NonFiniteError, match="node 2 'mul'"):
        plan.run()


def test_the_halves_of_a_stacked_batch_see_their_gradients_through_its_buffer():
    rng = np.random.default_rng(8)
    graph = Graph()
    w = graph.variable(rng.normal(size=3), "w")
    X = graph.constant(rng.normal(size=(6, 3)), "X")
    s_all = tanh(X @ w, label="s_all")
    s, s_c = rows(s_all, 0, 3, label="s"), rows(s_all, 3, 6, label="s_c")
    J = total(max_margin(s, s_c, margin=2.0), label="J")
    plan = compile_plan(graph, J, [w])
    plan.run()
    expected = Graph()
    w_again = expected.variable(w.value.copy(), "w")
    scores = tanh(expected.constant(X.value, "X") @ w_again)
    J_again = total(max_margin(rows(scores, 0, 3), rows(scores, 3, 6), margin=2.0))
    expected.backward(J_again)
    np.testing.assert_allclose(plan.grad(w.id), w_again.grad, rtol=1e-14)
    # Neither half needs a step of its own: both write into s_all's gradient.
    # forward: X w, tanh, margin, Σ; backward: Σ, margin (both halves), tanh (three
    # NumPy calls, a step each), X w (the seed ∂J/∂J = 1 is written once, when compiled).
    assert plan.steps == 4 + 6


def test_rows_that_leave_part_of_their_input_out_get_zeros_there():
    graph = Graph()
    a = graph.variable(np.arange(4.0), "a")
    J = total(rows(a, 1, 3) * 2.0)
    plan = compile_plan(graph, J, [a])
    plan.run()
    np.testing.assert_array_equal(plan.grad(a.id), [0.0, 2.0, 2.0, 0.0])


@pytest.mark.parametrize("hidden, f, loss, l1, l2", CONFIGS)
def test_a_classifiers_plan_folds_each_bias_into_its_product(hidden, f, loss, l1, l2):
    from bpviz.engine.plan.linear import folded_block

    rng = np.random.default_rng(9)
    model = classifier(hidden, f, loss, l1, l2, rng)
    X, y = rng.normal(size=(25, 2)), rng.integers(0, 3, 25)
    J, grads = model.gradients(X, y)
    compiled = next(iter(model._plans._plans.values()))
    assert compiled.plan.folded == model.num_layers
    for layer in range(1, model.num_layers + 1):
        W, b = model.layer_names(layer)
        assert folded_block(model.params[W], model.params[b]) is not None
        assert folded_block(grads[W], grads[b]) is not None
    expected = model.objective(X, y)
    assert J == pytest.approx(expected.output.item(), rel=1e-13)
    for name, grad in expected.gradients().items():
        np.testing.assert_allclose(grads[name], grad, rtol=1e-11, atol=1e-15)
