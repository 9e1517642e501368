"""The common backprop mistakes, recognised by recomputing a step with each error injected.

Every wrong value is made from what the trace recorded: the upstream, the local factor
and how it combines (its `Local` rule), the operands' forward values and the op's
declared class. A student's wrong answer that matches one of them gets its name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from bpviz.engine import BackwardStep, Contribution, Trace, ops
from bpviz.engine.broadcast import reduce_to_shape
from bpviz.engine.local import LEFT, MATMUL, PRODUCT
from bpviz.engine.trace import ForwardStep, NodeInfo
from bpviz.lessons.practice_grading import close

MISSED_BRANCH_SUM = "missed_branch_sum"
SIGN_FLIPPED = "sign_flipped"
UPSTREAM_ONLY = "upstream_only"
LOCAL_ONLY = "local_only"
SWAPPED_OPERANDS = "swapped_operands"
MAX_WRONG_INPUT = "max_wrong_input"
TRANSPOSED = "transposed"
ACTIVATION_NOT_DERIVATIVE = "activation_not_derivative"
SOFTMAX_FORGOT_ONE = "softmax_forgot_one"

# Checked in this order, the most specific first: where two mistakes give the same number
# (max's wrong input is often the bare upstream), the first one names it.
KINDS = (MISSED_BRANCH_SUM, MAX_WRONG_INPUT, SWAPPED_OPERANDS, SOFTMAX_FORGOT_ONE,
         ACTIVATION_NOT_DERIVATIVE, TRANSPOSED, UPSTREAM_ONLY, LOCAL_ONLY, SIGN_FLIPPED)

DESCRIPTIONS: Mapping[str, str] = {
    MISSED_BRANCH_SUM: "the node feeds several others: its gradient is the sum of what "
                       "arrives from all of them, not one path",
    SIGN_FLIPPED: "the sign is flipped",
    UPSTREAM_ONLY: "that is the upstream gradient alone: multiply it by the local gradient",
    LOCAL_ONLY: "that is the local gradient alone: multiply it by the upstream gradient",
    SWAPPED_OPERANDS: "× swaps: each input gets the upstream times the other input's value",
    MAX_WRONG_INPUT: "max routes the gradient to the larger input only (0 to the other)",
    TRANSPOSED: "transposed: a gradient has the shape of the thing it is the gradient of",
    ACTIVATION_NOT_DERIVATIVE: "that uses f(z) where the derivative f′(z) belongs",
    SOFTMAX_FORGOT_ONE: "softmax with cross-entropy gives ŷ − t: subtract 1 at the true class",
}


@dataclass(frozen=True)
class Arrival:
    """One gradient arriving at a node: the backward step that sent it and its contribution."""

    step: BackwardStep
    part: Contribution


@dataclass(frozen=True)
class Mistake:
    """What the student would answer after making mistake `kind`: `value`, ∂f/∂node with
    that error injected (for `transposed`, of the transposed shape)."""

    kind: str
    value: np.ndarray

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.kind]


def forward_values(trace: Trace) -> dict[int, np.ndarray]:
    """Every node's value in the recorded pass: the leaves' and each forward step's."""
    values = dict(trace.leaf_values)
    values.update({step.node: step.value for step in trace.steps
                   if isinstance(step, ForwardStep)})
    return values


# ------------------------------------------------------------- one contribution, wrong

Injector = Callable[[NodeInfo, Arrival, Mapping[int, np.ndarray]], "np.ndarray | None"]


def _upstream_only(info: NodeInfo, arrival: Arrival, values) -> np.ndarray | None:
    """The upstream passed on as it is, the local factor left out."""
    return np.asarray(arrival.step.upstream)


def _local_only(info: NodeInfo, arrival: Arrival, values) -> np.ndarray | None:
    """The local factor alone, the upstream left out."""
    local = arrival.part.local
    return np.asarray(local.factor) if local.rule in (PRODUCT, MATMUL) else None


def _swapped_operands(info: NodeInfo, arrival: Arrival, values) -> np.ndarray | None:
    """× swaps: the input's own value used where the other's belongs (upstream × own)."""
    if not (info.is_op(ops.Mul) or info.is_op(ops.MatMul)) or arrival.part.local.rule != PRODUCT:
        return None
    own = values[info.parents[arrival.part.index]]
    return arrival.step.upstream * own


def _max_wrong_input(info: NodeInfo, arrival: Arrival, values) -> np.ndarray | None:
    """The upstream sent where max (min, ReLU = max(z, 0)) did not route it, and 0 where it did."""
    routes = info.op_class is not None and issubclass(info.op_class, ops.Route)
    local = arrival.part.local
    if not (routes or info.is_op(ops.Relu)) or local.rule != PRODUCT:
        return None
    return arrival.step.upstream * (1.0 - local.factor)


def _activation_value(info: NodeInfo, arrival: Arrival, values) -> np.ndarray | None:
    """h = f(z) used as the local factor instead of f′(z)."""
    if info.op_class is None or not info.op_class.activation \
            or arrival.part.local.rule != PRODUCT:
        return None
    return arrival.step.upstream * values[info.id]


def _softmax_without_target(info: NodeInfo, arrival: Arrival, values) -> np.ndarray | None:
    """ŷ where ŷ − t belongs (one example: the local factor is ŷ − t itself)."""
    local = arrival.part.local
    if not info.is_op(ops.SoftmaxCrossEntropy) or "ŷ" not in local.parts:
        return None
    return arrival.step.upstream * local.parts["ŷ"]


def _transposed(info: NodeInfo, arrival: Arrival, values) -> np.ndarray | None:
    """The matrix product in the other order, (δ xᵀ)ᵀ = x δᵀ: the transposed gradient."""
    local = arrival.part.local
    if local.rule != MATMUL or np.ndim(arrival.part.downstream) != 2:
        return None
    upstream = np.asarray(arrival.step.upstream).reshape(local.upstream_shape)
    if local.upstream_transposed:
        upstream = upstream.T
    factor = np.asarray(local.factor)
    return upstream.T @ factor.T if local.side == LEFT else factor.T @ upstream.T


_INJECTORS: Mapping[str, Injector] = {
    MAX_WRONG_INPUT: _max_wrong_input,
    SWAPPED_OPERANDS: _swapped_operands,
    SOFTMAX_FORGOT_ONE: _softmax_without_target,
    ACTIVATION_NOT_DERIVATIVE: _activation_value,
    UPSTREAM_ONLY: _upstream_only,
    LOCAL_ONLY: _local_only,
}


def _fit(value: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """The wrong contribution in the input's shape, as the engine fits a right one
    (broadcasting spread summed back, a scalar spread over cells); None if it cannot be."""
    value = np.asarray(value, dtype=float)
    try:
        joint = np.broadcast_shapes(value.shape, shape)
    except ValueError:
        return None
    if joint == tuple(shape):
        return np.broadcast_to(value, shape).copy()
    return reduce_to_shape(value, tuple(shape)) if joint == value.shape else None


# ------------------------------------------------------------- the node's gradient, wrong

def mistakes_for(trace: Trace, target: int, arrivals: tuple[Arrival, ...],
                 values: Mapping[int, np.ndarray]) -> tuple[Mistake, ...]:
    """Every named mistake that gives a value other than the right one for ∂f/∂target,
    most specific first; one error at a time, the other arrivals done right."""
    expected = np.asarray(arrivals[-1].part.accumulated, dtype=float)
    shape = expected.shape
    found: list[Mistake] = []

    def keep(kind: str, value: np.ndarray | None) -> None:
        if value is None or close(value, expected):
            return
        if any(close(value, other.value) for other in found):
            return
        found.append(Mistake(kind, np.asarray(value, dtype=float)))

    for kind in KINDS:
        if kind == MISSED_BRANCH_SUM:
            for arrival in arrivals if len(arrivals) > 1 else ():
                part = np.asarray(arrival.part.downstream, dtype=float)
                keep(kind, part)
                keep(kind, expected - part)
        elif kind == SIGN_FLIPPED:
            keep(kind, -expected)
        elif kind == TRANSPOSED:
            wrong = [_transposed(trace.node(a.step.node), a, values) for a in arrivals]
            if wrong and all(w is not None for w in wrong):
                keep(kind, sum(wrong[1:], wrong[0]))
        else:
            inject = _INJECTORS[kind]
            for arrival in arrivals:
                wrong = inject(trace.node(arrival.step.node), arrival, values)
                fitted = None if wrong is None else _fit(wrong, shape)
                if fitted is not None:
                    keep(kind, expected - arrival.part.downstream + fitted)
    return tuple(found)


def which_mistake(answer: np.ndarray, mistakes: tuple[Mistake, ...],
                  cell: tuple[int, ...] | None = None) -> Mistake | None:
    """The first mistake whose value is the answer (at `cell` when one cell was asked)."""
    for mistake in mistakes:
        value = mistake.value
        if cell is not None:
            if len(cell) != value.ndim or any(i >= n for i, n in zip(cell, value.shape)):
                continue
            value = value[cell]
        if close(answer, value):
            return mistake
    return None


def which_sign_mistake(signs: np.ndarray, mistakes: tuple[Mistake, ...]) -> Mistake | None:
    """The first mistake whose sign pattern is the answer's."""
    for mistake in mistakes:
        if mistake.value.size == signs.size and np.array_equal(
                np.sign(mistake.value).ravel(), np.ravel(signs)):
            return mistake
    return None


def shape_matches(answer: tuple[int, ...], expected: tuple[int, ...]) -> bool:
    """Whether a typed shape is the expected one; a vector of n may also be written as the
    column the ledger draws it as, n×1."""
    return answer == expected or (len(expected) == 1 and answer == (expected[0], 1))


def shape_mistake(answer: tuple[int, ...], expected: tuple[int, ...]) -> str | None:
    """`transposed` for an answer of a matrix's shape the other way round, or a vector
    (a column, n×1) written as a row, 1×n."""
    if len(expected) == 2 and expected[0] != expected[1] and answer == expected[::-1]:
        return TRANSPOSED
    if len(expected) == 1 and expected[0] != 1 and answer == (1, expected[0]):
        return TRANSPOSED
    return None
