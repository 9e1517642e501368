"""trace_json: the JSON contract of `bpviz trace --json`, and determinism of traces."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bpviz.engine import (
    Graph, concat, matmul, max_margin, maximum, record_trace, tanh, total, trace_json,
)


def lecture_json():
    graph = Graph()
    x, y, z = graph.variable(1.0, "x"), graph.variable(2.0, "y"), graph.variable(0.0, "z")
    f = ((x + y).named("a") * maximum(y, z).named("b")).named("f")
    return trace_json(record_trace(graph, f))


def window_json():
    """The lecture's window scorer, built from a seeded generator."""
    rng = np.random.default_rng(0)
    graph = Graph()
    words = [graph.variable(rng.normal(size=4), f"w{i}") for i in range(6)]
    W = graph.variable(rng.normal(scale=0.3, size=(8, 20)), "W")
    b = graph.variable(np.zeros(8), "b")
    u = graph.variable(rng.normal(scale=0.1, size=8), "u")

    def score(window, label):
        return matmul(u, tanh(matmul(W, concat(window)) + b), label=label)

    J = max_margin(score(words[:5], "s"), score(words[1:], "s_c"))
    return trace_json(record_trace(graph, J))


def plain_types_only(data) -> bool:
    """Whether `data` holds only JSON's own types (no NumPy scalars or arrays)."""
    if isinstance(data, dict):
        return all(type(key) is str and plain_types_only(value) for key, value in data.items())
    if isinstance(data, list):
        return all(plain_types_only(item) for item in data)
    return type(data) in (str, int, float, bool) or data is None


NODE_KEYS = {"id", "kind", "op", "settings", "label", "parents", "shape"}
FORWARD_KEYS = {"phase", "node", "value"}
BACKWARD_KEYS = {"phase", "node", "upstream", "downstream"}
DOWNSTREAM_KEYS = {"to", "grad", "accumulated", "rule", "formula"}


@pytest.mark.parametrize("build", [lecture_json, window_json])
def test_trace_json_has_the_documented_keys_and_plain_types(build):
    data = build()
    assert set(data) == {"value", "nodes", "output", "steps", "inputs", "grads"}
    assert plain_types_only(data)
    assert json.loads(json.dumps(data)) == data
    ids = [node["id"] for node in data["nodes"]]
    for node in data["nodes"]:
        assert set(node) == NODE_KEYS
        assert all(parent in ids for parent in node["parents"])
    for step in data["steps"]:
        assert set(step) == (FORWARD_KEYS if step["phase"] == "forward" else BACKWARD_KEYS)
        assert step["node"] in ids
        for part in step.get("downstream", []):
            assert set(part) == DOWNSTREAM_KEYS and part["to"] in ids
    variables = [node["label"] for node in data["nodes"] if node["kind"] == "variable"]
    assert list(data["inputs"]) == list(data["grads"]) == variables
    assert data["output"] == ids[-1]


def test_lecture_json_holds_the_lecture_numbers():
    data = lecture_json()
    assert data["inputs"] == {"x": 1.0, "y": 2.0, "z": 0.0}
    assert data["grads"] == {"x": 2.0, "y": 5.0, "z": 0.0}
    assert [node["label"] for node in data["nodes"]] == ["x", "y", "z", "a", "b", "f"]
    assert [node["op"] for node in data["nodes"]][3:] == ["add", "max", "mul"]
    assert data["nodes"][5]["parents"] == [3, 4]
    assert data["steps"][:3] == [{"phase": "forward", "node": 3, "value": 3.0},
                                 {"phase": "forward", "node": 4, "value": 2.0},
                                 {"phase": "forward", "node": 5, "value": 6.0}]
    assert data["steps"][3] == {"phase": "backward", "node": 5, "upstream": 1.0, "downstream": [
        {"to": 3, "grad": 2.0, "accumulated": 2.0, "rule": "product", "formula": "∂(a·b)/∂a = b"},
        {"to": 4, "grad": 3.0, "accumulated": 3.0, "rule": "product", "formula": "∂(a·b)/∂b = a"},
    ]}


def test_arrays_become_nested_lists_and_scalars_floats():
    graph = Graph()
    W = graph.variable([[1.0, 2.0], [3.0, 4.0]], "W")
    x = graph.variable([1.0, -1.0], "x")
    data = trace_json(record_trace(graph, total(matmul(W, x))))
    assert data["inputs"] == {"W": [[1.0, 2.0], [3.0, 4.0]], "x": [1.0, -1.0]}
    assert data["grads"] == {"W": [[1.0, -1.0], [1.0, -1.0]], "x": [4.0, 6.0]}
    assert data["nodes"][0]["shape"] == [2, 2] and data["nodes"][-1]["shape"] == []


def test_an_output_that_is_itself_a_variable_has_gradient_one():
    graph = Graph()
    x = graph.variable([3.0, 4.0], "x")
    data = trace_json(record_trace(graph, x))
    assert data["steps"] == [] and data["grads"] == {"x": [1.0, 1.0]}


@pytest.mark.parametrize("build", [lecture_json, window_json])
def test_building_the_same_graph_twice_gives_identical_traces(build):
    assert json.dumps(build(), sort_keys=True) == json.dumps(build(), sort_keys=True)


def test_recording_the_same_graph_twice_gives_identical_traces():
    graph = Graph()
    x = graph.variable([0.3, -0.7], "x")
    out = total(tanh(x) * x)
    first = json.dumps(trace_json(record_trace(graph, out)))
    assert json.dumps(trace_json(record_trace(graph, out))) == first
