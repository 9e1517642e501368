"""Scalar graphs (every node one number, as in the expression lessons) compiled to a tape of
Python float operations: for one-number nodes, a NumPy call costs more than the maths."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence

from bpviz.engine import ops
from bpviz.engine.graph import Graph
from bpviz.engine.node import OP, Node

# Forward of each supported op on floats (a unary op ignores its second argument).
_FORWARD: dict[type[ops.Op], Callable[[float, float], float]] = {
    ops.Add: operator.add, ops.Sub: operator.sub, ops.Mul: operator.mul,
    ops.Div: operator.truediv, ops.Neg: lambda a, _: -a, ops.Tanh: lambda a, _: math.tanh(a),
    ops.Exp: lambda a, _: math.exp(a), ops.Relu: lambda a, _: a if a > 0.0 else 0.0,
    ops.Sigmoid: lambda a, _: 1.0 / (1.0 + math.exp(-a)) if a >= 0.0 else
    math.exp(a) / (1.0 + math.exp(a)),
    ops.Maximum: lambda a, b: a if a >= b else b, ops.Minimum: lambda a, b: a if a <= b else b,
}


def _local_grads(name: type[ops.Op], a: float, b: float, out: float) -> tuple[float, float]:
    """∂out/∂a and ∂out/∂b of one op at its inputs and output."""
    if name is ops.Add:
        return 1.0, 1.0
    if name is ops.Mul:
        return b, a
    if name is ops.Tanh:
        return 1.0 - out * out, 0.0
    if name is ops.Sub:
        return 1.0, -1.0
    if name is ops.Div:
        return 1.0 / b, -a / (b * b)
    if name is ops.Neg:
        return -1.0, 0.0
    if name is ops.Exp:
        return out, 0.0
    if name is ops.Sigmoid:
        return out * (1.0 - out), 0.0
    if name is ops.Relu:
        return (1.0 if a > 0.0 else 0.0), 0.0
    if name is ops.Maximum:
        return (1.0, 0.0) if a >= b else (0.0, 1.0)
    return (1.0, 0.0) if a <= b else (0.0, 1.0)  # min


class ScalarPlan:
    """Forward and backward of a scalar graph on Python floats. `run(leaves)` takes the
    leaves' values in `leaf_ids` order and returns the output and the `wrt` gradients."""

    def __init__(self, size: int, leaf_slots: Sequence[int], tape: Sequence[tuple],
                 names: Sequence[type[ops.Op]], output: int, wrt_slots: Sequence[int]) -> None:
        self._size = size
        self._leaf_slots = tuple(leaf_slots)
        self._tape = tuple(tape)
        # Backward entries carry the op's name (for _local_grads) instead of its forward.
        self._reverse = tuple((code, names[index], out, a, b)
                              for index, (code, _, out, a, b) in reversed(list(enumerate(tape))))
        self._output = output
        self._wrt = tuple(wrt_slots)

    def run(self, leaves: Sequence[float]) -> tuple[float, list[float]]:
        """The output's value and its gradient with respect to each wrt node."""
        values = [0.0] * self._size
        for slot, value in zip(self._leaf_slots, leaves):
            values[slot] = value
        # The common ops are written out here: a function call per op would cost more.
        for code, forward, out, a, b in self._tape:
            if code == _ADD:
                values[out] = values[a] + values[b]
            elif code == _MUL:
                values[out] = values[a] * values[b]
            elif code == _TANH:
                values[out] = math.tanh(values[a])
            else:
                values[out] = forward(values[a], values[b])
        grads = [0.0] * self._size
        grads[self._output] = 1.0
        for code, name, out, a, b in self._reverse:
            upstream = grads[out]
            if code == _ADD:
                grads[a] += upstream
                grads[b] += upstream
            elif code == _MUL:
                grads[a] += upstream * values[b]
                grads[b] += upstream * values[a]
            elif code == _TANH:
                value = values[out]
                grads[a] += upstream * (1.0 - value * value)
            else:
                da, db = _local_grads(name, values[a], values[b], values[out])
                grads[a] += upstream * da
                grads[b] += upstream * db
        result = [grads[slot] for slot in self._wrt]
        if not (math.isfinite(values[self._output]) and math.isfinite(sum(result))) and not (
                math.isfinite(values[self._output]) and all(map(math.isfinite, result))):
            raise ArithmeticError("a value or gradient is not finite")
        return values[self._output], result


_ADD, _MUL, _TANH, _OTHER = range(4)
_CODES = {ops.Add: _ADD, ops.Mul: _MUL, ops.Tanh: _TANH}


def compile_scalar(graph: Graph, output: Node, leaves: Sequence[Node],
                   wrt: Sequence[Node]) -> ScalarPlan:
    """Compile a graph of one-number nodes; ValueError if a node is not a scalar, an op
    is not supported or a leaf is missing from `leaves` (constants keep their values)."""
    order = graph.ancestors(output)
    slot = {node.id: position for position, node in enumerate(order)}
    spare = len(order)  # a slot that stays 0: the second input of a unary op
    given = {node.id for node in leaves}
    tape, names, constants = [], [], []
    for node in order:
        if node.value.size != 1:
            raise ValueError(f"node {node.id} '{node.label}' is not a single number")
        if node.kind != OP:
            if node.id not in given:
                constants.append(node)
            continue
        forward = _FORWARD.get(type(node.op))
        if forward is None or len(node.parents) > 2:
            raise ValueError(f"no scalar kernel for {node.op.describe()}")
        a = slot[node.parents[0].id]
        b = slot[node.parents[1].id] if len(node.parents) == 2 else spare
        names.append(type(node.op))
        tape.append((_CODES.get(type(node.op), _OTHER), forward, slot[node.id], a, b))
    plan = ScalarPlan(spare + 1, [slot[node.id] for node in [*leaves, *constants]], tape,
                      names, slot[output.id], [slot[node.id] for node in wrt])
    constant_values = [float(node.value) for node in constants]
    run = plan.run
    plan.run = lambda values: run([*values, *constant_values])  # type: ignore[method-assign]
    return plan
