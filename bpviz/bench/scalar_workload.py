"""W3 and W3-graph: the expression lesson on a lecture-size formula, a 3-input net of 4
ReLU units and its squared error (62 nodes: 23 variables, 2 numbers, 37 operations).

W3 is one update as the stage runs it (`ExpressionLesson.update`: the gradients, the
circuit rebuilt from the parsed formula at the new values, the pass recorded as a
trace). W3-graph is the part micrograd also does, the graph built from scratch and
backpropagated (what `bpviz grad` and every update run), judged against micrograd
when it is installed."""

from __future__ import annotations

import numpy as np

from bpviz.bench import micrograd_scalar
from bpviz.bench.references.scalar import forward_backward
from bpviz.bench.workload import ENGINE, MICROGRAD, REFERENCE, Prepared, Target, Workload
from bpviz.expression import circuit_of, gradients
from bpviz.lessons.expression_lesson import ExpressionLesson

TARGET = 0.5
FORMULA = "(" + " + ".join(f"v{j}*relu(w{j}0*x0 + w{j}1*x1 + w{j}2*x2 + b{j})"
                           for j in range(4)) + f" - {TARGET})**2"
# x, W row by row, b, v: the order of the reference's and micrograd's gradients.
NAMES = ([f"x{i}" for i in range(3)] + [f"w{j}{i}" for j in range(4) for i in range(3)]
         + [f"b{j}" for j in range(4)] + [f"v{j}" for j in range(4)])
LR = 1e-3


def values() -> dict[str, float]:
    """The variables' values, drawn once (seed 3)."""
    return dict(zip(NAMES, np.random.default_rng(3).normal(size=len(NAMES)).tolist()))


def _reference(numbers: list[float]):
    x, W, b, v = (numbers[:3], [numbers[3 + 3 * j:6 + 3 * j] for j in range(4)],
                  numbers[15:19], numbers[19:23])
    return lambda: forward_backward(x, W, b, v, TARGET)


def _difference(ours: list[float], theirs: list[float]) -> float:
    return max(abs(a - c) for a, c in zip(ours, theirs)) / max(1.0, max(map(abs, theirs)))


def _prepare(engine_of, bound: str) -> Prepared:
    """bpviz's contender (made from the lesson at the drawn values), the reference, and
    micrograd if installed, with the largest gradient difference to the reference."""
    start = values()
    lesson = ExpressionLesson(FORMULA, start)
    numbers = [start[name] for name in NAMES]
    grads = gradients(lesson.circuit)
    reference = _reference(numbers)
    _, theirs = reference()
    difference = _difference([grads[name] for name in NAMES], theirs)
    nodes = len(lesson.circuit.graph.nodes)
    notes = [f"{nodes} nodes (micrograd's graph: 61 Values, its exponent being no Value)"]
    contenders = {ENGINE: engine_of(lesson, start), REFERENCE: reference}
    micrograd = micrograd_scalar.scalar_run(numbers, TARGET, notes)
    if micrograd is not None:
        run, micrograd_grads = micrograd
        contenders[MICROGRAD] = run
        notes.append(f"micrograd's gradients differ from the reference's by "
                     f"{_difference(micrograd_grads, theirs):.1g}")
    return Prepared(contenders, difference, 1e-12, bound, notes)


def prepare_update() -> Prepared:
    """W3: one update of the expression lesson, exactly as the stage's Update runs it."""
    return _prepare(lambda lesson, start: lambda: lesson.update(LR), (
        "recording the trace: every step is frozen data the stage replays and explains (a "
        "named tuple per node, step, contribution and local derivative, a NumPy float per "
        "recorded number: about 250 tuples and 300 floats for 37 operations), on top of "
        "the pass W3-graph times, run twice (the old values' gradients, the new pass)."))


def prepare_graph() -> Prepared:
    """W3-graph: the circuit built from the parsed formula and backpropagated."""
    def engine_of(lesson: ExpressionLesson, start: dict[str, float]):
        formula = lesson.circuit.formula
        return lambda: gradients(circuit_of(formula, start))
    return _prepare(engine_of, (
        "Python's interpreter: per operation bpviz makes one node (with its label, kind and "
        "parents, which the stage shows), gets its value and local derivatives from the op "
        "(one call for + − · and ReLU, one per number otherwise) and checks the value is a "
        "finite float; micrograd makes one object and one closure. The backward pass is "
        "one multiply-add per edge in both, bpviz's in one walk down the ids that also finds "
        "the ancestors (micrograd sorts by recursion). In instructions: 631k a pass against "
        "micrograd's 530k (1.19×)."))


WORKLOADS = (
    Workload("W3", "62-node expression lesson: one update (gradients, circuit rebuilt, "
             "pass recorded as a trace)", Target(seconds=1e-3, text="≤ 1 ms"),
             prepare_update, unit="update"),
    Workload("W3-graph", "the same circuit built from the parsed formula and "
             "backpropagated (micrograd's usage)",
             Target(ratio=1.0, against=MICROGRAD, text="≤ 1× micrograd"), prepare_graph,
             unit="pass"),
)
