"""`bpviz trace`: every step, as readable lines and as the JSON contract."""

from __future__ import annotations

import json

import pytest

from bpviz.cli.main import main

LECTURE = ["(x+y)*max(y,z)", "x=1", "y=2", "z=0"]


def trace_json_of(capsys, *argv):
    assert main(["trace", *argv, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1
    return json.loads(out)


def test_lecture_trace_as_text(capsys):
    assert main(["trace", *LECTURE]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "f = (x+y)*max(y,z) at x = 1, y = 2, z = 0",
        "forward 1/3  x+y = 3",
        "forward 2/3  max(y,z) = 2",
        "forward 3/3  (x+y)*max(y,z) = 6",
        "backward 1/3  (x+y)*max(y,z): upstream 1 → x+y += 2 (= 2), max(y,z) += 3 (= 3)",
        "backward 2/3  max(y,z): upstream 3 → y += 3 (= 3), z += 0 (= 0)",
        "backward 3/3  x+y: upstream 2 → x += 2 (= 2), y += 2 (= 5)",
        "∂f/∂x = 2",
        "∂f/∂y = 5",
        "∂f/∂z = 0",
    ]


def test_json_top_level_keys_and_types(capsys):
    data = trace_json_of(capsys, *LECTURE)
    assert list(data) == ["expr", "value", "nodes", "output", "steps", "inputs", "grads"]
    assert data["expr"] == "(x+y)*max(y,z)"
    assert data["value"] == 6.0
    assert data["inputs"] == {"x": 1.0, "y": 2.0, "z": 0.0}
    assert data["grads"] == {"x": 2.0, "y": 5.0, "z": 0.0}
    assert list(data["grads"]) == ["x", "y", "z"]
    assert isinstance(data["output"], int)


def test_json_nodes_have_ids_ops_labels_and_ordered_parents(capsys):
    data = trace_json_of(capsys, *LECTURE)
    nodes = {node["label"]: node for node in data["nodes"]}
    for node in data["nodes"]:
        assert {"id", "op", "label", "parents"} <= set(node)
        assert isinstance(node["id"], int) and isinstance(node["parents"], list)
    ids = {label: node["id"] for label, node in nodes.items()}
    assert nodes["x+y"]["parents"] == [ids["x"], ids["y"]]
    assert nodes["max(y,z)"]["parents"] == [ids["y"], ids["z"]]
    assert nodes["(x+y)*max(y,z)"]["parents"] == [ids["x+y"], ids["max(y,z)"]]
    assert (nodes["x+y"]["op"], nodes["max(y,z)"]["op"]) == ("add", "max")
    assert data["output"] == ids["(x+y)*max(y,z)"]


def test_json_steps_forward_then_backward(capsys):
    data = trace_json_of(capsys, *LECTURE)
    phases = [step["phase"] for step in data["steps"]]
    assert phases == ["forward"] * 3 + ["backward"] * 3
    labels = {node["id"]: node["label"] for node in data["nodes"]}
    forward = [(labels[step["node"]], step["value"]) for step in data["steps"][:3]]
    assert forward == [("x+y", 3.0), ("max(y,z)", 2.0), ("(x+y)*max(y,z)", 6.0)]
    for step in data["steps"][3:]:
        assert isinstance(step["upstream"], float)
        for part in step["downstream"]:
            assert {"to", "grad"} <= set(part) and isinstance(part["grad"], float)


@pytest.mark.parametrize("argv", [
    LECTURE,
    ["(x+y)*z", "x=-2", "y=5", "z=-4"],
    ["x*x*y + exp(x) - y/x", "x=0.5", "y=3"],
])
def test_json_contributions_into_each_variable_sum_to_its_gradient(capsys, argv):
    data = trace_json_of(capsys, *argv)
    variables = {node["id"]: node["label"] for node in data["nodes"]
                 if node["kind"] == "variable"}
    totals = dict.fromkeys(data["grads"], 0.0)
    for step in data["steps"]:
        for part in step.get("downstream", []):
            if part["to"] in variables:
                totals[variables[part["to"]]] += part["grad"]
    assert totals == pytest.approx(data["grads"])


def test_lecture_diamond_y_receives_two_contributions(capsys):
    data = trace_json_of(capsys, *LECTURE)
    y = next(node["id"] for node in data["nodes"] if node["label"] == "y")
    into_y = [part["grad"] for step in data["steps"] for part in step.get("downstream", [])
              if part["to"] == y]
    assert into_y == [3.0, 2.0]


def test_a_formula_that_is_one_variable(capsys):
    data = trace_json_of(capsys, "x", "x=4")
    assert (data["value"], data["steps"], data["grads"]) == (4.0, [], {"x": 1.0})
