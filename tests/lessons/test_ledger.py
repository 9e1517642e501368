"""The chain-rule ledger: the lecture's closed forms, the lecture circuit's exact lines,
accumulation, the satisfied margin, and every op the lessons use."""

import dataclasses

import numpy as np
import pytest

from bpviz.engine import (
    Graph, absolute, exp, hard_tanh, leaky_relu, log, lookup, matmul, maximum, minimum,
    multiclass_hinge, picture_at, record_trace, relu, reshape, sigmoid, softmax_cross_entropy,
    sqrt, squared_error, tanh, total, transpose,
)
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.ledger import (
    BACKWARD, FORWARD, START, Ledger, number, preview, shape_text, update_for_cycle,
    update_text,
)
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.stepper import Stepper


def node_id(trace, label):
    return next(info.id for info in trace.nodes if info.label == label)


def entry_at(ledger, label):
    """The backward entry of the node labelled `label`."""
    trace = ledger.trace
    return next(entry for entry in ledger.entries
                if entry.phase == BACKWARD and entry.node == node_id(trace, label))


def line_to(entry, trace, label):
    return next(line for line in entry.lines if line.target == node_id(trace, label))


def factor(line, symbol):
    return next(quantity.value for quantity in line.factors if quantity.symbol == symbol)


# ------------------------------------------------------------------ numbers


def test_numbers_read_like_the_lecture():
    assert number(-1.0) == "−1"
    assert number(-0.0) == "0"
    assert number(0.8248666095461124) == "0.824867"
    assert number(6.0) == "6"
    assert number(1e-5) == "1e−5"
    assert preview(np.array([0.12, -0.3, 0.5, 1.0, 2.0, 3.0])) == "[0.12, −0.3, 0.5, 1, …]"
    assert preview(np.array([1.0, -2.0, 3.0])) == "[1, −2, 3]"
    assert preview(np.zeros((8, 20))) == "[[0, 0, 0, …], …]"
    assert shape_text(()) == "scalar" and shape_text((8,)) == "8"
    assert shape_text((8, 20)) == "8×20"


# ------------------------------------------------------------------ the window scorer


@pytest.fixture(scope="module")
def scorer():
    trace = WindowScorerLesson().record()
    values = picture_at(trace, trace.forward_count).values
    return trace, Ledger(trace, "J"), (lambda label: values[node_id(trace, label)])


def test_max_margin_while_violated_sends_minus_one_and_plus_one(scorer):
    trace, ledger, value = scorer
    assert float(value("J")) > 0
    entry = entry_at(ledger, "J")
    assert [line.text for line in entry.lines] == [
        "∂J/∂s = ∂J/∂J × ∂J/∂s = 1 × (−1) = −1",
        "∂J/∂s_c = ∂J/∂J × ∂J/∂s_c = 1 × 1 = 1",
    ]
    assert entry.notes == ("J = 0.824867 > 0: the margin is violated, so ∂J/∂s = −1 "
                           "and ∂J/∂s_c = +1",)


def test_score_sends_u_and_h_times_the_scalar_upstream(scorer):
    trace, ledger, value = scorer
    entry = entry_at(ledger, "s")
    to_h, to_u = line_to(entry, trace, "h"), line_to(entry, trace, "u")
    assert to_h.text.startswith("∂J/∂h (8) = u (8) × ∂J/∂s (scalar) = [")
    assert to_u.text.startswith("∂J/∂u (8) = h (8) × ∂J/∂s (scalar) = [")
    np.testing.assert_allclose(to_h.value, -value("u"))   # ∂J/∂s = −1
    np.testing.assert_allclose(to_u.value, -value("h"))
    np.testing.assert_array_equal(factor(to_u, "h"), value("h"))


def test_delta_is_u_times_f_prime_of_z(scorer):
    trace, ledger, value = scorer
    entry = entry_at(ledger, "h")
    line = line_to(entry, trace, "z")
    f_prime = 1.0 - np.tanh(value("z")) ** 2
    delta = -value("u") * f_prime   # δ = ∂J/∂z = ∂J/∂s · u ∘ f′(z)
    assert line.lhs == "∂J/∂z (8)" and line.symbolic == "∂J/∂h (8) ∘ f′(z) (8)"
    np.testing.assert_allclose(line.value, delta)
    np.testing.assert_allclose(factor(line, "f′(z)"), f_prime)
    assert entry.notes[0].startswith("f′(z) = 1 − tanh²(z) = [")
    assert "δ = ∂J/∂z: the lecture's local error signal" in entry.notes


def test_bias_gets_delta(scorer):
    trace, ledger, value = scorer
    entry = entry_at(ledger, "z")
    line = line_to(entry, trace, "b")
    assert (line.lhs, line.symbolic) == ("∂J/∂b (8)", "δ (8)")
    np.testing.assert_allclose(line.value, -value("u") * (1.0 - np.tanh(value("z")) ** 2))


def test_weights_get_delta_x_transposed_and_x_gets_w_transposed_delta(scorer):
    trace, ledger, value = scorer
    delta = -value("u") * (1.0 - np.tanh(value("z")) ** 2)
    entry = entry_at(ledger, "Wx")
    to_W, to_x = line_to(entry, trace, "W"), line_to(entry, trace, "x")
    assert (to_W.lhs, to_W.symbolic) == ("∂J/∂W (8×20)", "δ (8×1) xᵀ (1×20)")
    assert (to_x.lhs, to_x.symbolic) == ("∂J/∂x (20)", "Wᵀ (20×8) δ (8)")
    np.testing.assert_allclose(to_W.value, np.outer(delta, value("x")))
    np.testing.assert_allclose(to_x.value, value("W").T @ delta)
    np.testing.assert_allclose(factor(to_W, "δ"), delta)
    np.testing.assert_array_equal(factor(to_W, "xᵀ"), value("x"))
    np.testing.assert_array_equal(factor(to_x, "Wᵀ"), value("W").T)
    text = ledger.view(entry.index).text
    for shape in ("(8×20)", "(8×1)", "(1×20)", "(20×8)"):
        assert shape in text
    assert "shapes: ∂J/∂W is 8×20 like W, ∂J/∂x is 20 like x (a gradient has the shape of " \
           "what it is the gradient of)" in entry.notes


def test_both_windows_add_up_in_w_b_u_and_the_shared_words(scorer):
    trace, ledger, value = scorer
    delta = -value("u") * (1.0 - np.tanh(value("z")) ** 2)
    delta_c = value("u") * (1.0 - np.tanh(value("z_c")) ** 2)
    W_sum = entry_at(ledger, "Wx").sums[0]
    assert (W_sum.lhs, W_sum.symbolic) == ("∂J/∂W (8×20)", "δ_c x_cᵀ + δ xᵀ")
    np.testing.assert_allclose(W_sum.value, np.outer(delta, value("x"))
                               + np.outer(delta_c, value("x_c")))
    b_sum = entry_at(ledger, "z").sums[0]
    assert b_sum.symbolic == "δ_c + δ"
    np.testing.assert_allclose(b_sum.value, delta + delta_c)
    words = entry_at(ledger, "x")
    museums = line_to(words, trace, "museums")
    assert museums.text.startswith("∂J/∂x_museums (4) = (∂J/∂x)[0:4] = [")
    grad_x = value("W").T @ delta
    np.testing.assert_allclose(museums.value, grad_x[0:4])
    assert [line.symbolic for line in words.sums] == [
        "(∂J/∂x_c)[8:12] + (∂J/∂x)[0:4]", "(∂J/∂x_c)[12:16] + (∂J/∂x)[4:8]",
        "(∂J/∂x_c)[16:20] + (∂J/∂x)[8:12]"]
    np.testing.assert_allclose(words.sums[0].value,
                               grad_x[0:4] + (value("W").T @ delta_c)[8:12])


def test_the_forward_steps_show_the_computation(scorer):
    trace, ledger, value = scorer
    view = ledger.view(3)
    assert view.phase == FORWARD and len(view.entries) == 3
    assert view.active.lines[0].text.startswith("z = Wx + b = [")
    assert view.active.lines[0].text.endswith("] (8)")
    np.testing.assert_array_equal(view.active.lines[0].value, value("z"))


def test_a_backward_view_lists_the_pass_so_far_with_the_active_step_last(scorer):
    trace, ledger, _ = scorer
    forward = trace.forward_count
    view = ledger.view(forward + 3)
    assert view.phase == BACKWARD
    assert [entry.position for entry in view.entries] == [
        "backward 1/11", "backward 2/11", "backward 3/11"]
    assert view.active.title == "h_c = tanh(z_c)"
    assert view.active.upstream.startswith("∂J/∂h_c (8) = [")


def test_the_start_explains_how_to_read_and_an_update_is_summarised():
    stepper = Stepper(WindowScorerLesson())
    ledger = Ledger(stepper.trace, "J")
    view = ledger.view(0)
    assert view.phase == START and view.entries == () and view.update == ""
    assert any("downstream = upstream × local" in line for line in view.hint)
    assert any("∂J/∂W (8×20) has the shape of W (8×20)" in line for line in view.hint)
    summary = stepper.update(0.1)
    assert update_for_cycle(stepper.updates, 1) is summary
    assert update_for_cycle(stepper.updates, 0) is None
    assert update_text(summary) == "θ ← θ − α ∂J/∂θ with α = 0.1: J 0.8249 → 0.0000"
    assert Ledger(stepper.trace, "J").view(0, summary).update == update_text(summary)


def test_a_met_margin_says_no_gradient_flows():
    stepper = Stepper(WindowScorerLesson())
    stepper.update(0.1)
    trace = stepper.trace
    assert float(trace.output_value) == 0.0
    ledger = Ledger(trace, "J")
    assert [line.text for line in entry_at(ledger, "J").lines] == [
        "J = 0: the margin is met, so ∂J/∂s = 0 and no gradient flows",
        "J = 0: the margin is met, so ∂J/∂s_c = 0 and no gradient flows",
    ]
    for entry in ledger.entries[trace.forward_count + 1:]:
        assert entry.notes[0].startswith("no gradient flows: the upstream")
        assert all(not np.any(line.value) for line in entry.lines)


# ------------------------------------------------------------------ the lecture circuit


@pytest.fixture(scope="module")
def circuit():
    lesson = ExpressionLesson()
    return Ledger(lesson.record(), lesson.output)


def texts(entry):
    return ([line.text for line in entry.lines], [line.text for line in entry.sums],
            list(entry.notes))


def test_lecture_circuit_forward(circuit):
    assert [circuit.view(i).active.lines[0].text for i in (1, 2, 3)] == [
        "x+y = 3", "max(y,z) = 2", "f = (x+y)*max(y,z) = 6"]


def test_lecture_circuit_mul_gate_switches(circuit):
    entry = circuit.view(4).active
    assert entry.title == "f = (x+y)*max(y,z)" and entry.upstream == "∂f/∂f = 1"
    assert texts(entry) == (
        ["∂f/∂(x+y) = ∂f/∂f × max(y,z) = 1 × 2 = 2",
         "∂f/∂max(y,z) = ∂f/∂f × (x+y) = 1 × 3 = 3"],
        [],
        ["× switches: each input gets the upstream times the other input"])


def test_lecture_circuit_max_gate_routes(circuit):
    entry = circuit.view(5).active
    assert entry.upstream == "∂f/∂max(y,z) = 3"
    assert texts(entry) == (
        ["∂f/∂y = ∂f/∂max(y,z) × ∂max(y,z)/∂y = 3 × 1 (y ≥ z) = 3",
         "∂f/∂z = ∂f/∂max(y,z) × ∂max(y,z)/∂z = 3 × 0 = 0"],
        [],
        ["max routes the gradient to the larger input, y",
         "y feeds 2 nodes: the gradients arriving from them add up (1 of 2 arrived)"])


def test_lecture_circuit_add_gate_distributes_and_y_accumulates(circuit):
    entry = circuit.view(6).active
    assert texts(entry) == (
        ["∂f/∂x = ∂f/∂(x+y) × 1 = 2 × 1 = 2",
         "∂f/∂y = ∂f/∂(x+y) × 1 = 2 × 1 = 2"],
        ["∂f/∂y = 3 + 2 = 5"],
        ["+ distributes: each input gets the upstream unchanged",
         "y feeds 2 nodes: the gradients arriving from them add up (2 of 2 arrived)"])
    assert float(entry.sums[0].value) == 5.0


def test_a_partial_sum_says_so_far():
    lesson = ExpressionLesson("x*y + x*z + x", {"x": 1.0, "y": 2.0, "z": 3.0})
    ledger = Ledger(lesson.record(), lesson.output)
    sums = [line.text for entry in ledger.entries for line in entry.sums]
    assert sums == ["∂f/∂x = 1 + 3 = 4 so far", "∂f/∂x = 1 + 3 + 2 = 6"]


def test_scalar_functions_write_out_their_local_gradients():
    lesson = ExpressionLesson("exp(x)/sqrt(abs(-y)) - log(z)**2 + sigmoid(x)*relu(y)"
                              " + tanh(x) + min(x,z)", {"x": 1.0, "y": 2.0, "z": 0.5})
    ledger = Ledger(lesson.record(), lesson.output)
    lines = {line.text for entry in ledger.entries if entry.phase == BACKWARD
             for line in entry.lines}
    expected = [
        "∂f/∂x = ∂f/∂tanh(x) × (1 − tanh²(x)) = 1 × 0.419974 = 0.419974",
        "∂f/∂x = ∂f/∂sigmoid(x) × σ(x)(1 − σ(x)) = 2 × 0.196612 = 0.393224",
        "∂f/∂y = ∂f/∂relu(y) × ∂relu(y)/∂y = 0.731059 × 1 (y > 0) = 0.731059",
        "∂f/∂z = ∂f/∂log(z) × 1/z = 1.38629 × 2 = 2.77259",
        "∂f/∂exp(x) = ∂f/∂(exp(x)/sqrt(abs(-y))) × 1/sqrt(abs(-y)) = 1 × 0.707107 = 0.707107",
        "∂f/∂(-y) = ∂f/∂abs(-y) × sign(-y) = −0.480529 × (−1) = 0.480529",
        "∂f/∂y = ∂f/∂(-y) × (−1) = 0.480529 × (−1) = −0.480529",
        "∂f/∂x = ∂f/∂exp(x) × exp(x) = 0.707107 × 2.71828 = 1.92212",
        "∂f/∂z = ∂f/∂min(x,z) × ∂min(x,z)/∂z = 1 × 1 (z < x) = 1",
    ]
    for text in expected:
        assert text in lines


# ------------------------------------------------------------------ every op


@pytest.fixture(scope="module")
def every_op():
    """One graph using every op of the engine, with broadcasting and both matmul sides."""
    rng = np.random.default_rng(1)
    g = Graph()
    A = g.variable(rng.normal(size=(3, 2)), "A")
    B = g.variable(rng.normal(size=(2, 4)), "B")
    v = g.variable(rng.normal(size=3), "v")
    c = g.variable(0.5, "c")
    L = g.variable(rng.normal(size=(5, 2)), "L")
    AB = matmul(A, B, label="AB")
    vA = matmul(v, A, label="vA")
    Bt = transpose(B, label="Bᵀ")
    rows = reshape(lookup(L, [0, 2, 2], label="L[w]"), (6,), label="r")
    h1 = leaky_relu(vA * c, label="h1")
    h2 = hard_tanh(rows - c, label="h2")
    h3 = relu(total(AB, axis=0, label="cols"), label="h3")
    f = matmul(Bt, h1, label="f")
    terms = [multiclass_hinge(f + h3, 1, label="J1"), squared_error(f, 2, label="J2"),
             softmax_cross_entropy(f, 0, label="J3"), total(h2 * h2 / 2.0),
             total(maximum(h3, f)), total(-AB), total(exp(h1) / sqrt(absolute(h1) + 1) ** 2),
             total(log(sigmoid(h2))), total(minimum(h3, tanh(f)))]
    J = terms[0]
    for term in terms[1:]:
        J = J + term
    trace = record_trace(g, J.named("J"))
    return trace, Ledger(trace, "J")


ELEMENTWISE = {"mul", "div", "pow", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu",
               "leaky_relu", "hard_tanh", "max", "min"}


def test_every_op_has_its_own_rule_and_its_lines_carry_the_trace_gradients(every_op):
    trace, ledger = every_op
    steps = {step.node: step for step in trace.steps if step.phase == BACKWARD}
    for entry in ledger.entries:
        if entry.phase != BACKWARD:
            continue
        op = trace.node(entry.node).op.split("(", 1)[0]
        for line, contribution in zip(entry.lines, steps[entry.node].contributions):
            assert line.value is contribution.grad
            assert "∂J/∂" in line.lhs and line.symbolic
            assert "its slice of the upstream" not in line.text  # no fallback formula
            if op in ELEMENTWISE and np.shape(line.value) == np.shape(steps[entry.node].upstream):
                up, local = line.factors
                np.testing.assert_allclose(line.value, up.value * local.value, atol=1e-12)


def test_structural_ops_say_where_the_gradient_goes(every_op):
    trace, ledger = every_op
    text = "\n".join(ledger.view(len(trace.steps)).text.splitlines())
    for expected in [
        "∂J/∂B (2×4) = (∂J/∂Bᵀ)ᵀ (2×4)",
        "∂J/∂L (5×2) = ∂J/∂(L[w]) (3×2) added into rows [0, 2, 2]",
        "∂J/∂(L[w]) (3×2) = ∂J/∂r (6) reshaped to 3×2",
        "∂J/∂AB (3×4) = ∂J/∂cols (4) copied along axis 0 (3×4)",
        "∂J/∂A (3×2) = ∂J/∂AB (3×4) Bᵀ (4×2)",
        "∂J/∂B (2×4) = Aᵀ (2×3) ∂J/∂AB (3×4)",
        "∂J/∂v (3) = A (3×2) ∂J/∂vA (2)",
        "∂J/∂A (3×2) = v (3×1) (∂J/∂vA)ᵀ (1×2)",
        "∂J/∂c (scalar) = −Σ ∂J/∂sub (6)",
        "f′(mul) = 1 where mul > 0, else 0.01 = [",
        "f′(sub) = 1 where −1 < sub < 1, else 0 = [",
        "max routes each element's gradient to the input that won",
    ]:
        assert expected in text, expected


def test_losses_show_prediction_minus_target(every_op):
    trace, ledger = every_op
    scores = picture_at(trace, trace.forward_count).values[node_id(trace, "f")]
    y_hat = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    entry = entry_at(ledger, "J3")
    line = entry.lines[0]
    assert line.symbolic == "∂J/∂J3 (scalar) × (ŷ (4) − t (4))"
    np.testing.assert_allclose(factor(line, "ŷ"), y_hat)
    np.testing.assert_array_equal(factor(line, "t"), [1, 0, 0, 0])
    np.testing.assert_allclose(line.value, y_hat - [1, 0, 0, 0])
    squared = entry_at(ledger, "J2").lines[0]
    assert squared.symbolic == "∂J/∂J2 (scalar) × (f (4) − t (4))"
    np.testing.assert_allclose(squared.value, scores - [0, 0, 1, 0])
    hinge = entry_at(ledger, "J1").lines[0]
    assert hinge.symbolic.startswith("1 per class j with 1 − add_y + add_j > 0")
    assert np.sum(hinge.value) == 0  # +1 per violating class, −their count at y


def test_the_classifier_shows_y_hat_minus_t_as_numbers():
    lesson = WindowClassifierLesson()
    ledger = Ledger(lesson.record(), "J")
    line = entry_at(ledger, "J").lines[0]
    assert line.text.startswith("∂J/∂f (4) = ŷ (4) − t (4) = [0.361, 0.0918, ")
    assert "] − [0, 1, 0, 0] = [0.361, −0.908, 0.222, 0.325]" in line.text


def test_an_unknown_op_falls_back_to_the_engines_formula():
    trace = ExpressionLesson().record()
    renamed = tuple(dataclasses.replace(info, op="mystery") if info.op == "max" else info
                    for info in trace.nodes)
    ledger = Ledger(dataclasses.replace(trace, nodes=renamed), "f")
    entry = entry_at(ledger, "max(y,z)")
    assert entry.lines[0].symbolic == "∂f/∂max(y,z) × ∂max(y,z)/∂y"
    assert entry.lines[0].factors[1].symbol == "1 if y ≥ z else 0"
    assert entry.notes[0] == "local gradient: ∂max(y,z)/∂y = 1 if y ≥ z else 0"
