"""Building circuits: the lecture's numbers, shared variables, labels, non-finite values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bpviz.engine import BackwardStep, ForwardStep, gradcheck
from bpviz.expression import ExpressionError, build_circuit, gradients, trace_circuit
from bpviz.expression.source import MAX_LABEL


def labels_by_kind(circuit, kind):
    return [node.label for node in circuit.graph.nodes if node.kind == kind]


# ---------------------------------------------------------------- the lecture

def test_lecture_circuit_value_and_gradients():
    circuit = build_circuit("(x+y)*max(y,z)", {"x": 1, "y": 2, "z": 0})
    assert circuit.value == 6.0
    assert gradients(circuit) == {"x": 2.0, "y": 5.0, "z": 0.0}


def test_lecture_simple_circuit_value_and_gradients():
    circuit = build_circuit("(x+y)*z", {"x": -2, "y": 5, "z": -4})
    assert circuit.value == -12.0
    assert gradients(circuit) == {"x": -4.0, "y": -4.0, "z": 3.0}


def test_lecture_circuit_nodes_are_labelled_with_their_source_text():
    circuit = build_circuit("(x+y)*max(y,z)", {"x": 1, "y": 2, "z": 0})
    assert labels_by_kind(circuit, "variable") == ["x", "y", "z"]
    assert labels_by_kind(circuit, "op") == ["x+y", "max(y,z)", "(x+y)*max(y,z)"]
    assert circuit.output.label == "(x+y)*max(y,z)"
    assert [node.id for node in circuit.variables.values()] == [0, 1, 2]


def test_a_variable_used_twice_is_one_node_whose_two_contributions_add_up():
    circuit = build_circuit("(x+y)*max(y,z)", {"x": 1, "y": 2, "z": 0})
    y = circuit.variables["y"]
    assert sum(node.kind == "variable" and node.label == "y" for node in circuit.graph.nodes) == 1
    children = [node.label for node in circuit.graph.nodes if y in node.parents]
    assert children == ["x+y", "max(y,z)"]
    trace = trace_circuit(circuit)
    into_y = [float(part.downstream) for step in trace.steps if isinstance(step, BackwardStep)
              for part in step.contributions if part.to == y.id]
    assert sorted(into_y) == [2.0, 3.0]
    assert sum(into_y) == gradients(circuit)["y"] == 5.0


def test_the_same_variable_twice_in_one_operation():
    circuit = build_circuit("x*x", {"x": 3})
    assert (circuit.value, gradients(circuit)) == (9.0, {"x": 6.0})


# ---------------------------------------------------------------- numbers and labels

def test_numbers_are_constants_and_get_no_gradient():
    circuit = build_circuit("2*x + 1e-3", {"x": 5})
    assert labels_by_kind(circuit, "constant") == ["2", "1e-3"]
    assert circuit.value == pytest.approx(10.001)
    trace = trace_circuit(circuit)
    receivers = {part.to for step in trace.steps if isinstance(step, BackwardStep)
                 for part in step.contributions}
    constants = {node.id for node in circuit.graph.nodes if node.kind == "constant"}
    assert not receivers & constants


def test_a_signed_number_is_one_constant():
    circuit = build_circuit("x ** -2", {"x": 2})
    assert labels_by_kind(circuit, "constant") == ["-2"]
    assert labels_by_kind(circuit, "op") == ["x ** -2"]
    assert gradients(circuit) == {"x": -0.25}


def test_unary_minus_of_a_variable_is_a_negation_and_unary_plus_is_nothing():
    circuit = build_circuit("-x * +y", {"x": 1, "y": 2})
    assert labels_by_kind(circuit, "op") == ["-x", "-x * +y"]
    assert gradients(circuit) == {"x": -2.0, "y": -1.0}
    assert build_circuit("+x", {"x": 4}).output.kind == "variable"


def test_labels_leave_out_outer_whitespace_and_parentheses():
    circuit = build_circuit(" ( x  +  y ) * z ", {"x": 1, "y": 2, "z": 3})
    assert labels_by_kind(circuit, "op") == ["x  +  y", "( x  +  y ) * z"]


def test_long_labels_are_shortened_in_the_middle():
    text = "+".join(f"x{i}" for i in range(100))
    circuit = build_circuit(text, {f"x{i}": 1.0 for i in range(100)})
    label = circuit.output.label
    assert len(label) <= MAX_LABEL and "…" in label
    assert label.startswith("x0+x1+") and label.endswith("+x98+x99")


def test_a_formula_without_variables():
    circuit = build_circuit("2*3 - 1", {})
    assert (circuit.value, gradients(circuit), circuit.variables) == (5.0, {}, {})


def test_a_long_chain_builds_and_backpropagates():
    circuit = build_circuit("+".join(["x"] * 2500), {"x": 1})
    assert circuit.value == 2500.0
    assert gradients(circuit) == {"x": 2500.0}


@pytest.mark.parametrize("function, value, derivative", [
    ("exp", math.exp(0.5), math.exp(0.5)),
    ("log", math.log(0.5), 2.0),
    ("sqrt", math.sqrt(0.5), 0.5 / math.sqrt(0.5)),
    ("abs", 0.5, 1.0),
    ("tanh", math.tanh(0.5), 1 - math.tanh(0.5) ** 2),
    ("sigmoid", 1 / (1 + math.exp(-0.5)), math.exp(-0.5) / (1 + math.exp(-0.5)) ** 2),
    ("relu", 0.5, 1.0),
])
def test_every_function_has_its_value_and_derivative(function, value, derivative):
    circuit = build_circuit(f"{function}(x)", {"x": 0.5})
    assert circuit.value == pytest.approx(value)
    assert gradients(circuit)["x"] == pytest.approx(derivative)


@pytest.mark.parametrize("text, value, grads", [
    ("min(x, y)", 1.0, {"x": 1.0, "y": 0.0}),
    ("max(x, y)", 2.0, {"x": 0.0, "y": 1.0}),
    ("x / y", 0.5, {"x": 0.5, "y": -0.25}),
    ("x - y", -1.0, {"x": 1.0, "y": -1.0}),
    ("x ** y", 1.0, {"x": 2.0, "y": 0.0}),
])
def test_every_binary_operation(text, value, grads):
    circuit = build_circuit(text, {"x": 1, "y": 2})
    assert circuit.value == value
    assert gradients(circuit) == pytest.approx(grads)


# ---------------------------------------------------------------- values

@pytest.mark.parametrize("values, message", [
    ({"x": 1, "y": 2}, "no value for variable 'z'"),
    ({"x": 1, "y": 2, "z": 0, "w": 3}, "'w' is not a variable of the expression"),
    ({"x": float("nan"), "y": 2, "z": 0}, "the value of 'x' is not finite (nan)"),
    ({"x": 1, "y": float("-inf"), "z": 0}, "the value of 'y' is not finite (-inf)"),
    ({"x": "one", "y": 2, "z": 0}, "the value of 'x' is not a number: 'one'"),
])
def test_wrong_values_are_rejected(values, message):
    with pytest.raises(ExpressionError) as caught:
        build_circuit("(x+y)*max(y,z)", values)
    assert str(caught.value) == message


# ---------------------------------------------------------------- non-finite results

@pytest.mark.parametrize("text, values, message, column", [
    ("log(x-2)", {"x": 1}, "log(x-2) is not finite (nan) at column 1", 1),
    ("1 + 2*log(x-2)", {"x": 1}, "log(x-2) is not finite (nan) at column 7", 7),
    ("x / (y - y)", {"x": 1, "y": 3}, "x / (y - y) is not finite (inf) at column 1", 1),
    ("y + exp(x)", {"x": 1000, "y": 0}, "exp(x) is not finite (inf) at column 5", 5),
    ("x ** 0.5", {"x": -1}, "x ** 0.5 is not finite (nan) at column 1", 1),
    ("1/0", {}, "1/0 is not finite (inf) at column 1", 1),
])
def test_a_non_finite_value_names_the_first_node_that_produced_it(text, values, message, column):
    with pytest.raises(ExpressionError) as caught:
        build_circuit(text, values)
    assert (str(caught.value), caught.value.column) == (message, column)


@pytest.mark.parametrize("run", [gradients, trace_circuit])
def test_a_non_finite_gradient_names_the_node_that_sent_it(run):
    circuit = build_circuit("2 * sqrt(x)", {"x": 0})
    assert circuit.value == 0.0
    with pytest.raises(ExpressionError) as caught:
        run(circuit)
    assert str(caught.value) == "the gradient through sqrt(x) is not finite (inf) at column 5"


# ---------------------------------------------------------------- against central differences

LEAVES = st.sampled_from(["x", "y", "z", "2", "0.5", "3e-1"])


def _combine(children):
    binary = st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(
        lambda parts: f"({parts[0]} {parts[1]} {parts[2]})")
    divided = st.tuples(children, children).map(
        lambda parts: f"{parts[0]} / (1 + ({parts[1]})**2)")
    unary = st.tuples(st.sampled_from(["tanh", "sigmoid", "exp", "-", "abs", "relu"]),
                      children).map(lambda parts: f"{parts[0]}({parts[1]})")
    pair = st.tuples(st.sampled_from(["max", "min"]), children, children).map(
        lambda parts: f"{parts[0]}({parts[1]}, {parts[2]})")
    return binary | divided | unary | pair


FORMULAS = st.recursive(LEAVES, _combine, max_leaves=10)
VALUES = st.fixed_dictionaries({name: st.floats(-2, 2) for name in "xyz"})


def _circuit(text, values):
    names = {name: value for name, value in values.items() if name in text}
    try:
        return build_circuit(text, names)
    except ExpressionError:
        assume(False)  # overflow of exp(exp(...)) and the like


@settings(max_examples=150, deadline=None)
@given(FORMULAS, VALUES)
def test_gradients_match_central_differences(text, values):
    circuit = _circuit(text, values)
    report = gradcheck(circuit.graph, circuit.output)
    for check in report.parameters:
        if check.kinks:  # max, min, abs and relu have no derivative at their kinks
            continue
        scale = 1.0 + abs(circuit.value)
        assert np.allclose(check.analytic, check.numeric, rtol=1e-4, atol=1e-6 * scale), text


@settings(max_examples=100, deadline=None)
@given(FORMULAS, VALUES)
def test_contributions_into_each_variable_add_up_to_its_gradient(text, values):
    circuit = _circuit(text, values)
    trace = trace_circuit(circuit)
    totals = dict.fromkeys(circuit.variables, 0.0)
    names = {node.id: name for name, node in circuit.variables.items()}
    for step in trace.steps:
        if isinstance(step, BackwardStep):
            for part in step.contributions:
                if part.to in names:
                    totals[names[part.to]] += float(part.downstream)
    grads = gradients(circuit)
    if circuit.output.kind == "variable":  # no step at all: ∂x/∂x = 1 is the seed
        totals[circuit.output.label] = 1.0
    assert totals == pytest.approx(grads)
    forward = [step for step in trace.steps if isinstance(step, ForwardStep)]
    if forward:
        assert float(forward[-1].value) == circuit.value


def test_a_parsed_formula_rebuilt_at_new_values_reuses_what_it_worked_out_once():
    from bpviz.expression import circuit_of
    from bpviz.expression.parse import parse

    formula = parse("(x*y + relu(x - 2.5))**2 + y")
    first = circuit_of(formula, {"x": 1.5, "y": -0.5})
    again = circuit_of(formula, {"x": 4.0, "y": 2.0})
    assert again.columns is first.columns  # the node ids' columns, worked out once
    fresh = build_circuit("(x*y + relu(x - 2.5))**2 + y", {"x": 4.0, "y": 2.0})
    assert [(n.label, n.kind, [p.id for p in n.parents]) for n in again.graph.nodes] == \
        [(n.label, n.kind, [p.id for p in n.parents]) for n in fresh.graph.nodes]
    assert dict(again.columns) == dict(fresh.columns)
    assert gradients(again) == gradients(fresh) and again.value == fresh.value
