"""The chain-rule ledger: the lecture's notation for the window scorer (δ = ∂s/∂z,
∂s/∂W = δ xᵀ, ∂J/∂W = (∂J/∂s) ∂s/∂W + (∂J/∂s_c) ∂s_c/∂W), the lecture circuit's exact
lines, accumulation in the cards' order, the satisfied margin, every op, and every line's
value equal to its factors combined."""

import re

import numpy as np
import pytest

from bpviz.engine import (
    Graph, absolute, exp, hard_tanh, leaky_relu, log, lookup, matmul, maximum, minimum,
    multiclass_hinge, picture_at, record_trace, relu, reshape, sigmoid, softmax_cross_entropy,
    sqrt, squared_error, tanh, total, transpose,
)
from bpviz.expression import build_circuit, trace_circuit
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.ledger import BACKWARD, FORWARD, START, Ledger, update_for_cycle, update_text
from bpviz.lessons.ledger_json import ledger_json
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.stepper import Stepper
from bpviz.models.window_classifier import WindowClassifier, WindowClassifierConfig


def node_id(trace, label):
    return next(info.id for info in trace.nodes if info.label == label)


def entry_at(ledger, label):
    """The backward entry of the node labelled `label`."""
    trace = ledger.trace
    return next(entry for entry in ledger.entries
                if entry.phase == BACKWARD and entry.node == node_id(trace, label))


def lines_to(entry, trace, label):
    return [line for line in entry.lines if line.target == node_id(trace, label)]


def factor(line, name):
    return next(item.value for item in line.factors if item.name == name)


def combined(line):
    """A line's factors combined by its rule, as `bpviz ledger --json` documents it."""
    values = [np.asarray(item.value, dtype=float) for item in line.factors]
    if line.combine == "product":
        result = values[0]
        for value in values[1:]:
            result = result * value
        return result
    if line.combine == "matmul":
        result = values[0]
        for value in values[1:]:
            result = result @ value
        return result
    assert line.combine == "sum"
    return sum(values)


# ------------------------------------------------------------------ the window scorer


@pytest.fixture(scope="module")
def scorer():
    trace = WindowScorerLesson().record()
    values = picture_at(trace, trace.forward_count).values
    return trace, Ledger(trace), (lambda label: values[node_id(trace, label)])


def test_max_margin_lines_are_its_local_derivatives_never_circular(scorer):
    trace, ledger, value = scorer
    assert float(value("J")) > 0
    entry = entry_at(ledger, "J")
    assert [line.text for line in entry.lines] == [
        "∂J/∂s = ∂max(0, 1 − s + s_c)/∂s = −1",
        "∂J/∂s_c = ∂max(0, 1 − s + s_c)/∂s_c = 1",
    ]
    assert [note.plain for note in entry.notes] == [
        "J = 0.824867 > 0: the margin is violated, so ∂J/∂s = −1 and ∂J/∂s_c = +1"]


def test_the_score_gives_u_h_and_h_u_under_the_column_convention(scorer):
    trace, ledger, value = scorer
    entry = entry_at(ledger, "s")
    to_u, via_u = lines_to(entry, trace, "u")
    to_h, via_h = lines_to(entry, trace, "h")
    assert to_u.text.startswith("∂s/∂u (8) = h (8) = [")
    assert to_h.text.startswith("∂s/∂h (8) = u (8) = [")
    np.testing.assert_array_equal(to_u.value, value("h"))
    np.testing.assert_array_equal(to_h.value, value("u"))
    assert via_u.text.startswith("∂J/∂u via s (8) = ∂J/∂s × ∂s/∂u (8) = [")
    np.testing.assert_allclose(via_u.value, -value("h"))  # ∂J/∂s = −1
    np.testing.assert_allclose(via_h.value, -value("u"))


def test_delta_is_ds_dz_as_the_lecture_defines_it(scorer):
    trace, ledger, value = scorer
    entry = entry_at(ledger, "h")
    delta_line, dJ_dz = lines_to(entry, trace, "z")
    f_prime = 1.0 - np.tanh(value("z")) ** 2
    delta = value("u") * f_prime  # δ = ∂s/∂z = u ∘ f′(z): no sign from J
    assert delta_line.lhs.plain == "δ (8)"
    assert delta_line.symbolic.plain == "∂s/∂z = ∂s/∂h (8) ∘ f′(z) (8)"
    np.testing.assert_allclose(delta_line.value, delta, rtol=1e-15)
    np.testing.assert_array_equal(factor(delta_line, "f′(z)"), f_prime)
    assert dJ_dz.text.startswith("∂J/∂z (8) = ∂J/∂s × δ (8) = [")
    np.testing.assert_allclose(dJ_dz.value, -delta)
    notes = [note.plain for note in entry.notes]
    assert notes[0].startswith("f′(z) = 1 − tanh²(z) = [")
    assert ("δ = ∂s/∂z is the lecture's error signal for the score s; "
            "∂J/∂z = ∂J/∂s × δ") in notes


def test_the_corrupt_window_has_delta_c(scorer):
    trace, ledger, value = scorer
    delta_c_line, _ = lines_to(entry_at(ledger, "h_c"), trace, "z_c")
    assert delta_c_line.lhs.plain == "δ_c (8)"
    np.testing.assert_allclose(delta_c_line.value,
                               value("u") * (1.0 - np.tanh(value("z_c")) ** 2), rtol=1e-15)


def test_bias_weights_and_words_follow_the_lecture(scorer):
    trace, ledger, value = scorer
    delta = value("u") * (1.0 - np.tanh(value("z")) ** 2)
    to_b, _ = lines_to(entry_at(ledger, "z"), trace, "b")
    assert to_b.text.startswith("∂s/∂b (8) = δ (8) = [")
    np.testing.assert_allclose(to_b.value, delta)
    entry = entry_at(ledger, "Wx")
    to_W, via_W = lines_to(entry, trace, "W")
    to_x, _ = lines_to(entry, trace, "x")
    assert to_W.lhs.plain == "∂s/∂W (8×20)" and to_W.symbolic.plain == "δ (8×1) xᵀ (1×20)"
    assert to_x.lhs.plain == "∂s/∂x (20)" and to_x.symbolic.plain == "Wᵀ (20×8) δ (8×1)"
    np.testing.assert_allclose(to_W.value, np.outer(delta, value("x")))
    np.testing.assert_allclose(to_x.value, value("W").T @ delta)
    assert factor(to_W, "δ").shape == (8, 1) and factor(to_W, "xᵀ").shape == (1, 20)
    assert via_W.lhs.plain == "∂J/∂W via Wx (8×20)"  # one window's contribution
    W_sum = entry.sums[0]
    assert W_sum.lhs.plain == "∂J/∂W (8×20)"
    assert W_sum.symbolic.plain == "(∂J/∂s) ∂s/∂W + (∂J/∂s_c) ∂s_c/∂W"
    delta_c = value("u") * (1.0 - np.tanh(value("z_c")) ** 2)
    np.testing.assert_allclose(W_sum.value, -np.outer(delta, value("x"))
                               + np.outer(delta_c, value("x_c")))


def test_a_word_in_both_windows_sums_both_and_is_named_x_word(scorer):
    trace, ledger, value = scorer
    words = entry_at(ledger, "x")
    museums, via = lines_to(words, trace, "museums")
    assert museums.text.startswith("∂s/∂x_museums (4) = (∂s/∂x)[0:4] = [")
    assert via.lhs.plain == "∂J/∂x_museums via x (4)"
    total_line = next(line for line in words.sums if line.target == node_id(trace, "museums"))
    assert total_line.symbolic.plain == "(∂J/∂s) ∂s/∂x_museums + (∂J/∂s_c) ∂s_c/∂x_museums"
    notes = [note.plain for note in words.notes]
    assert "x_museums feeds 2 nodes: the gradients arriving from them add up (2 of 2 arrived)" \
        in notes


def test_the_window_models_ledger_names_delta_and_delta_c_in_json(scorer):
    trace, ledger, value = scorer
    data = ledger_json(ledger)
    texts = [line["text"] for step in data["steps"] for line in step["lines"]]
    deltas = [text for text in texts if text.startswith(("δ (8) = ∂s/∂z", "δ_c (8) = ∂s_c/∂z_c"))]
    assert len(deltas) == 2


def test_the_forward_steps_show_the_computation(scorer):
    trace, ledger, value = scorer
    view = ledger.view(3)
    assert view.phase == FORWARD and len(view.entries) == 3
    assert view.active.lines[0].text.startswith("z = Wx + b = [")
    assert view.active.lines[0].text.endswith("] (8)")
    np.testing.assert_array_equal(view.active.lines[0].value, value("z"))


def test_a_backward_view_lists_the_pass_so_far_with_the_active_step_last(scorer):
    trace, ledger, _ = scorer
    view = ledger.view(trace.forward_count + 3)
    assert view.phase == BACKWARD
    assert [entry.position for entry in view.entries] == [
        "backward 1/11", "backward 2/11", "backward 3/11"]
    assert view.active.title.plain == "h_c = tanh(z_c)"
    assert view.active.upstream.plain.startswith("∂J/∂h_c (8) = [")
    assert "; ∂s_c/∂h_c (8) = [" in view.active.upstream.plain


def test_the_start_explains_how_to_read_and_an_update_is_summarised():
    stepper = Stepper(WindowScorerLesson())
    view = Ledger(stepper.trace).view(0)
    assert view.phase == START and view.entries == () and view.update == ""
    hints = [line.plain for line in view.hint]
    assert any("downstream = upstream × local" in line for line in hints)
    assert any("∂s/∂x = (∂z/∂x)ᵀ ∂s/∂z = Wᵀ δ" in line for line in hints)
    assert any("∂J/∂W (8×20) has the shape of W (8×20)" in line for line in hints)
    assert any(line.startswith("δ = ∂s/∂z, δ_c = ∂s_c/∂z_c") for line in hints)
    summary = stepper.update(0.1)
    assert update_for_cycle(stepper.updates, 1) is summary
    assert update_for_cycle(stepper.updates, 0) is None
    assert update_text(summary).startswith("θ ← θ − α ∂J/∂θ with α = 0.1: J 0.8249 → ")
    assert Ledger(stepper.trace).view(0, summary).update == update_text(summary)


def test_a_met_margin_says_no_gradient_flows_and_leaves_no_blank_note():
    stepper = Stepper(WindowScorerLesson())
    while float(stepper.trace.output_value) > 0:
        stepper.update(1.0)
    trace = stepper.trace
    ledger = Ledger(trace)
    entry = entry_at(ledger, "J")
    assert [line.text for line in entry.lines] == [
        "∂J/∂s = ∂max(0, 1 − s + s_c)/∂s = 0", "∂J/∂s_c = ∂max(0, 1 − s + s_c)/∂s_c = 0"]
    assert [note.plain for note in entry.notes] == [
        "J = 0: the margin is met (s − s_c ≥ 1), so ∂J/∂s = ∂J/∂s_c = 0 and no gradient "
        "flows back"]
    for later in ledger.entries[trace.forward_count + 1:]:
        assert later.notes and all(note.plain for note in later.notes)
        assert later.notes[0].plain.startswith("no gradient flows: the upstream")
        # ∂J/∂· is 0 everywhere; δ = ∂s/∂z is the score's own gradient and does not vanish.
        assert all(not np.any(line.value) for line in later.lines
                   if line.lhs.plain.startswith("∂J/"))


# ------------------------------------------------------------------ the lecture circuit


@pytest.fixture(scope="module")
def circuit():
    return Ledger(ExpressionLesson().record())


def texts(entry):
    return ([line.text for line in entry.lines], [line.text for line in entry.sums],
            [note.plain for note in entry.notes])


def test_lecture_circuit_forward(circuit):
    assert [circuit.view(i).active.lines[0].text for i in (1, 2, 3)] == [
        "x+y = 3", "max(y,z) = 2", "f = (x+y)·max(y,z) = 6"]


def test_lecture_circuit_mul_gate_switches(circuit):
    entry = circuit.view(4).active
    assert entry.title.plain == "f = (x+y)*max(y,z)" and entry.upstream.plain == "∂f/∂f = 1"
    assert texts(entry) == (
        ["∂f/∂(x+y) = max(y,z) = 2", "∂f/∂max(y,z) = x+y = 3"],
        [],
        ["× switches: each input gets the upstream times the other input"])


def test_lecture_circuit_max_gate_routes(circuit):
    entry = circuit.view(5).active
    assert entry.upstream.plain == "∂f/∂max(y,z) = 3"
    assert texts(entry) == (
        ["∂f/∂y via max(y,z) = ∂f/∂max(y,z) × (1 where y ≥ z, else 0) = 3 × 1 = 3",
         "∂f/∂z = ∂f/∂max(y,z) × (1 where z > y, else 0) = 3 × 0 = 0"],
        [],
        ["max routes the gradient to the larger input, y; the other gets 0",
         "y feeds 2 nodes: the gradients arriving from them add up (1 of 2 arrived)"])


def test_lecture_circuit_adds_y_in_the_cards_order_2_plus_3(circuit):
    entry = circuit.view(6).active
    assert texts(entry) == (
        ["∂f/∂x = ∂f/∂(x+y) × 1 = 2 × 1 = 2",
         "∂f/∂y via x+y = ∂f/∂(x+y) × 1 = 2 × 1 = 2"],
        ["∂f/∂y = 2 + 3 = 5"],
        ["+ distributes: each input gets the upstream unchanged",
         "y feeds 2 nodes: the gradients arriving from them add up (2 of 2 arrived)"])
    assert float(entry.sums[0].value) == 5.0


def test_a_partial_sum_says_so_far_in_forward_order():
    lesson = ExpressionLesson("x*y + x*z + x", {"x": 1.0, "y": 2.0, "z": 3.0})
    ledger = Ledger(lesson.record())
    sums = [line.text for entry in ledger.entries for line in entry.sums]
    assert sums == ["∂f/∂x = 3 + 1 = 4 so far", "∂f/∂x = 2 + 3 + 1 = 6"]


def test_a_node_used_twice_by_one_gate_feeds_one_node():
    ledger = Ledger(ExpressionLesson("x*x", {"x": 3.0}).record())
    entry = ledger.entries[-1]
    assert [line.text for line in entry.sums] == ["∂f/∂x = 3 + 3 = 6"]
    assert not any("feeds" in note.plain for note in entry.notes)


def test_a_power_at_zero_shows_the_engines_own_factor():
    """x**y at x = y = 0: the engine sends 0 to x, and the ledger says 0, not 1 × nan."""
    ledger = Ledger(ExpressionLesson("x**y", {"x": 0.0, "y": 0.0}).record())
    line = ledger.entries[-1].lines[0]
    assert line.text == "∂f/∂x = y·x^(y−1) = 0"
    assert float(line.value) == 0.0 and float(line.factors[0].value) == 0.0


def test_scalar_functions_write_out_their_local_gradients():
    lesson = ExpressionLesson("exp(x)/sqrt(abs(-y)) - log(z)**2 + sigmoid(x)*relu(y)"
                              " + tanh(x) + min(x,z)", {"x": 1.0, "y": 2.0, "z": 0.5})
    ledger = Ledger(lesson.record())
    lines = {line.text for entry in ledger.entries if entry.phase == BACKWARD
             for line in entry.lines}
    expected = [
        "∂f/∂x via tanh(x) = ∂f/∂tanh(x) × (1 − tanh²(x)) = 1 × 0.419974 = 0.419974",
        "∂f/∂x via sigmoid(x) = ∂f/∂sigmoid(x) × σ(x)(1 − σ(x)) = 2 × 0.196612 = 0.393224",
        "∂f/∂y via relu(y) = ∂f/∂relu(y) × (1 where y > 0, else 0) = 0.731059 × 1 = 0.731059",
        "∂f/∂z via log(z) = ∂f/∂log(z) × 1/z = 1.38629 × 2 = 2.77259",
        "∂f/∂(-y) = ∂f/∂abs(-y) × sign(-y) = −0.480529 × (−1) = 0.480529",
        "∂f/∂y via -y = ∂f/∂(-y) × (−1) = 0.480529 × (−1) = −0.480529",
        "∂f/∂x via exp(x) = ∂f/∂exp(x) × exp(x) = 0.707107 × 2.71828 = 1.92212",
        "∂f/∂z via min(x,z) = ∂f/∂min(x,z) × (1 where z < x, else 0) = 1 × 1 = 1",
    ]
    for text in expected:
        assert text in lines, text


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
    return trace, Ledger(trace)


def every_line(ledger):
    return [line for entry in ledger.entries for line in entry.lines + entry.sums]


def test_every_line_carries_the_engines_arrays(every_op):
    trace, ledger = every_op
    steps = {step.node: step for step in trace.steps if step.phase == BACKWARD}
    for entry in ledger.entries:
        if entry.phase == BACKWARD:
            for line, part in zip(entry.lines, steps[entry.node].contributions):
                assert line.value is part.downstream


@pytest.mark.parametrize("build", [
    lambda: ExpressionLesson().record(),
    lambda: WindowScorerLesson().record(),
    lambda: WindowClassifierLesson().record(),
    lambda: WindowClassifier(WindowClassifierConfig(hidden=5, activation="relu")).record(),
], ids=["expression", "window", "classifier", "classifier-hidden"])
def test_every_lines_value_equals_its_factors_combined(build, every_op):
    for ledger in (Ledger(build()), every_op[1]):
        checked = 0
        for line in every_line(ledger):
            if line.combine == "value":
                continue
            result = combined(line)
            assert result.size == np.size(line.value), line.text
            np.testing.assert_allclose(result.reshape(np.shape(line.value)), line.value,
                                       rtol=1e-12, atol=1e-15, err_msg=line.text)
            checked += 1
        assert checked >= 6


def test_random_formulas_ledger_lines_equal_their_factors():
    rng = np.random.default_rng(7)
    leaves = ["x", "y", "z", "2", "0.5"]
    unary = ["exp({})", "tanh({})", "sigmoid({})", "relu({})", "abs({})", "-{}"]
    binary = ["{}+{}", "{}*{}", "{}-{}", "max({},{})", "min({},{})", "{}/(1+abs({}))"]
    for _ in range(40):
        text = str(rng.choice(leaves))
        for _ in range(int(rng.integers(2, 6))):
            if rng.random() < 0.4:
                text = str(rng.choice(unary)).format(text)
            else:
                text = str(rng.choice(binary)).format(text, rng.choice(leaves))
        values = {name: float(rng.normal()) for name in "xyz"}
        used = set(re.findall(r"\b[xyz]\b", text))
        circuit = build_circuit(text, {k: v for k, v in values.items() if k in used})
        for line in every_line(Ledger(trace_circuit(circuit))):
            if line.combine != "value":
                np.testing.assert_allclose(np.reshape(combined(line), np.shape(line.value)),
                                           line.value, rtol=1e-12, atol=1e-15,
                                           err_msg=f"{text}: {line.text}")


def test_structural_ops_say_where_the_gradient_goes(every_op):
    trace, ledger = every_op
    text = ledger.view(len(trace.steps)).text
    for expected in [
        "∂J/∂B via Bᵀ (2×4) = (∂J/∂Bᵀ)ᵀ",
        "∂J/∂L (5×2) = ∂J/∂(L[w]) (3×2) added into rows [0, 2, 2] of a table of zeros",
        "∂J/∂(L[w]) (3×2) = ∂J/∂r (6) reshaped to 3×2",
        "∂J/∂AB via cols (3×4) = ∂J/∂cols (4) copied along axis 0 (3×4)",
        "∂J/∂A via AB (3×2) = ∂J/∂AB (3×4) Bᵀ (4×2)",
        "∂J/∂B via AB (2×4) = Aᵀ (2×3) ∂J/∂AB (3×4)",
        "∂J/∂h1 via f (2) = B (2×4) ∂J/∂f (4×1)",  # (Bᵀ)ᵀ is B
        "∂J/∂c via sub = Σ(−∂J/∂sub (6))",
        "f′(mul) = (1 where mul > 0, else 0.01) = [",
        "f′(sub) = (1 where −1 < sub < 1, else 0) = [",
        "max routes each element's gradient to the input that won",
        "∂J/∂AB (3×4) = ∂J/∂cols + (−∂J/∂neg)",
        "the lecture's L ∈ ℝ^{d×V} transposed",
    ]:
        assert expected in text, expected


def test_losses_show_prediction_minus_target_from_the_engine(every_op):
    trace, ledger = every_op
    scores = picture_at(trace, trace.forward_count).values[node_id(trace, "f")]
    y_hat = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    line = entry_at(ledger, "J3").lines[0]
    assert line.symbolic.plain == "∂J/∂J3 (scalar) × (ŷ − t) (4)"
    np.testing.assert_allclose(line.value, y_hat - [1, 0, 0, 0])
    note = entry_at(ledger, "J3").notes[0].plain
    assert note.startswith("∂J/∂f = ŷ − t: subtract 1 at the true class") and "t = [1, 0, 0, 0]" in note
    squared = entry_at(ledger, "J2").lines[0]
    assert squared.symbolic.plain == "∂J/∂J2 (scalar) × (f − t) (4)"
    np.testing.assert_allclose(squared.value, scores - [0, 0, 1, 0])
    hinge = entry_at(ledger, "J1").lines[0]
    assert "(1 for each class j with 1 − add_y + add_j > 0, −(their count) at y)" \
        in hinge.symbolic.plain
    assert np.sum(hinge.value) == 0  # +1 per violating class, −their count at y


def test_the_classifier_names_y_hat_minus_t_not_a_second_delta():
    ledger = Ledger(WindowClassifierLesson().record())
    line = entry_at(ledger, "J").lines[0]
    assert line.text == "∂J/∂f (4) = ŷ − t (4) = [0.361, −0.908, 0.222, 0.325]"
    assert not any("δ" in entry_line.text for entry_line in every_line(ledger))


def test_a_node_used_many_times_is_summed_as_it_goes_and_the_ledger_stays_linear():
    lesson = ExpressionLesson("+".join(["x"] * 40), {"x": 1.0})
    ledger = Ledger(lesson.record())
    sums = [line for entry in ledger.entries for line in entry.sums]
    assert len(sums) == 39
    assert sums[0].text == "∂f/∂x = (sum so far) + 1 = 1 + 1 = 2 so far (2 of 40 arrived)"
    assert sums[-1].text == "∂f/∂x = (sum so far) + 1 = 39 + 1 = 40"
    assert all(len(line.factors) == 2 and float(combined(line)) == float(line.value)
               for line in sums)
