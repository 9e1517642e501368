"""Gradient checking: analytic gradients against central differences, with kinks flagged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpviz.engine.graph import Graph
from bpviz.engine.node import Node


@dataclass(frozen=True)
class ParameterCheck:
    """One variable: analytic and numeric gradients, their relative error, elements near a kink.

    Central differences are not valid within h of a kink, so those elements are exempt;
    every other element must still agree."""

    label: str
    node: int
    analytic: np.ndarray
    numeric: np.ndarray
    rel_error: float  # over every element, kinked ones included
    kinks: tuple[tuple[int, ...], ...]
    within_noise: bool = False  # the checked elements' gradient is zero, as far as noise tells

    @property
    def exempt(self) -> int:
        """How many elements lie within h of a kink and so are not judged."""
        return len(self.kinks)

    @property
    def checked_rel_error(self) -> float:
        """The relative error over the elements that are not exempt (0 when none are left)."""
        checked = _checked_mask(self.analytic.shape, self.kinks)
        return relative_error(self.analytic[checked], self.numeric[checked])

    def passed(self, tolerance: float = 1e-7) -> bool:
        """Agreement of every element not at a kink: a small relative error, or a difference
        within rounding noise (a gradient that is truly zero scores 1.0 against that noise)."""
        return self.checked_rel_error < tolerance or self.within_noise


@dataclass(frozen=True)
class GradcheckReport:
    """Every variable's check, the largest per-parameter error and the error over all of them."""

    parameters: tuple[ParameterCheck, ...]
    max_rel_error: float
    overall_rel_error: float
    h: float

    @property
    def has_kinks(self) -> bool:
        return any(check.kinks for check in self.parameters)

    def passed(self, tolerance: float = 1e-7) -> bool:
        """Whether every parameter passed (see ParameterCheck.passed)."""
        return all(check.passed(tolerance) for check in self.parameters)


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖), and 0 when both are zero."""
    difference = float(np.linalg.norm(analytic - numeric))
    return 0.0 if difference == 0.0 else difference / float(
        np.linalg.norm(analytic) + np.linalg.norm(numeric))


def _checked_mask(shape: tuple[int, ...], kinks: Sequence[tuple[int, ...]]) -> np.ndarray:
    """True at every element a gradient check judges: all but those within h of a kink."""
    mask = np.ones(shape, dtype=bool)
    for position in kinks:
        mask[position] = False
    return mask


def rounding_resolution(value: float, h: float, size: int) -> float:
    """How far central differences of a function of this size can be off from rounding alone."""
    return 10.0 * np.finfo(np.float64).eps * max(abs(value), 1.0) / h * np.sqrt(size)


def _zero_within_noise(analytic: np.ndarray, numeric: np.ndarray, value: float, h: float) -> bool:
    """Whether the gradient is zero as far as central differences at this h can tell:
    both it and its difference from the numeric one lie within the rounding noise."""
    resolution = rounding_resolution(value, h, numeric.size)
    return bool(np.linalg.norm(analytic) <= resolution
                and np.linalg.norm(analytic - numeric) <= resolution)


def _branch_signature(graph: Graph, output: Node) -> list[np.ndarray]:
    """Which smooth piece every kinked op is on: a change means a kink was crossed."""
    signature = []
    for node in graph.ancestors(output):
        if node.op is not None:
            branches = node.op.branches(*(parent.value for parent in node.parents))
            if branches is not None:
                signature.append(branches)
    return signature


def _same(left: list[np.ndarray], right: list[np.ndarray]) -> bool:
    return all(np.array_equal(a, b) for a, b in zip(left, right))


def _check_one(graph: Graph, output: Node, variable: Node, h: float,
               base: list[np.ndarray]) -> tuple[np.ndarray, tuple[tuple[int, ...], ...]]:
    numeric = np.zeros_like(variable.value)
    kinks = []
    values = variable.value  # perturbed in place, one element at a time, then restored
    for position in np.ndindex(values.shape):
        original = values[position]
        sides = []
        for shift in (h, -h):
            values[position] = original + shift
            sides.append((float(np.sum(graph.evaluate(output))), _branch_signature(graph, output)))
        values[position] = original
        numeric[position] = (sides[0][0] - sides[1][0]) / (2 * h)
        if not (_same(base, sides[0][1]) and _same(base, sides[1][1])):
            kinks.append(tuple(int(i) for i in position))
    return numeric, tuple(kinks)


def gradcheck(graph: Graph, output: Node, wrt: Sequence[Node] | None = None,
              h: float = 1e-5) -> GradcheckReport:
    """Compare backprop's gradient of `output` with central differences, in float64.

    `wrt` defaults to every variable `output` depends on. An element is flagged as a
    kink (and exempt from the verdict) when moving it by ±h moves any ReLU, max, |·| or
    hinge onto another piece.
    """
    ancestors = graph.ancestors(output)
    wrt = list(wrt) if wrt is not None else [n for n in ancestors if n.kind == "variable"]
    # As the graph holds them (a scalar may be a Python float), to put back as they were.
    saved = {node.id: node._value for node in ancestors if node.op is None}
    try:
        for node_id in saved:
            graph.nodes[node_id].value = np.array(saved[node_id], dtype=np.float64)
        value = float(np.sum(graph.evaluate(output)))
        graph.backward(output)
        analytic = {node.id: node.grad.copy() for node in wrt}
        base = _branch_signature(graph, output)
        checks = []
        for node in wrt:
            numeric, kinks = _check_one(graph, output, node, h, base)
            checked = _checked_mask(numeric.shape, kinks)
            checks.append(ParameterCheck(
                node.label, node.id, analytic[node.id], numeric,
                relative_error(analytic[node.id], numeric), kinks,
                _zero_within_noise(analytic[node.id][checked], numeric[checked], value, h)))
    finally:
        for node_id, value in saved.items():
            graph.nodes[node_id]._value = value
        graph.evaluate(output)
    return _report(checks, h)


def _report(checks: list[ParameterCheck], h: float) -> GradcheckReport:
    if not checks:
        return GradcheckReport((), 0.0, 0.0, h)
    every_analytic = np.concatenate([check.analytic.ravel() for check in checks])
    every_numeric = np.concatenate([check.numeric.ravel() for check in checks])
    return GradcheckReport(tuple(checks), max(check.rel_error for check in checks),
                           relative_error(every_analytic, every_numeric), h)
