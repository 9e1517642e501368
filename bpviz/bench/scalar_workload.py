"""W3: a 61-node scalar expression (a 3-input, 4-unit tanh neuron net and its squared
error), forward and backward, as the expression lessons build them."""

from __future__ import annotations

import numpy as np

from bpviz.bench import torch_eager
from bpviz.bench.references.scalar import forward_backward
from bpviz.bench.workload import ENGINE, REFERENCE, TORCH, Prepared, Target, Workload
from bpviz.engine import Graph, Node, tanh
from bpviz.engine.plan import compile_scalar

TARGET = 0.5


def expression() -> tuple[Graph, Node, list[Node]]:
    """The graph, its output L and its 23 variables (x, W row by row, b, v): 61 nodes."""
    rng = np.random.default_rng(3)
    graph = Graph()
    x = [graph.variable(rng.normal(), f"x{i}") for i in range(3)]
    W = [[graph.variable(rng.normal(), f"W{j}{i}") for i in range(3)] for j in range(4)]
    b = [graph.variable(rng.normal(), f"b{j}") for j in range(4)]
    v = [graph.variable(rng.normal(), f"v{j}") for j in range(4)]
    h = [tanh(W[j][0] * x[0] + W[j][1] * x[1] + W[j][2] * x[2] + b[j]) for j in range(4)]
    d = v[0] * h[0] + v[1] * h[1] + v[2] * h[2] + v[3] * h[3] - TARGET
    return graph, d * d, [*x, *(w for row in W for w in row), *b, *v]


def prepare() -> Prepared:
    graph, output, variables = expression()
    plan = compile_scalar(graph, output, variables, variables)
    values = [float(node.value) for node in variables]
    x, W, b, v = values[:3], [values[3 + 3 * j:6 + 3 * j] for j in range(4)], values[15:19], \
        values[19:23]
    _, ours = plan.run(values)
    _, theirs = forward_backward(x, W, b, v, TARGET)
    difference = max(abs(a - c) for a, c in zip(ours, theirs)) / max(1.0, max(map(abs, theirs)))
    contenders = {ENGINE: lambda: plan.run(values),
                  REFERENCE: lambda: forward_backward(x, W, b, v, TARGET)}
    notes = [f"{len(graph.nodes)} nodes"]
    torch_run = torch_eager.scalar_run(values, TARGET, notes)
    if torch_run is not None:
        contenders[TORCH] = torch_run
    bound = ("a Python loop over 37 ops forward and 37 backward: about 0.1 µs of "
             "interpreter time each, which only generated code (not used: bpviz runs no "
             "generated or user text) would avoid.")
    return Prepared(contenders, difference, 1e-12, bound, notes)


WORKLOADS = (
    Workload("W3", "61-node scalar expression: forward and backward",
             Target(seconds=15e-6, text="≤ 15 µs"), prepare, unit="pass"),
)
