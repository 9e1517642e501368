"""Gradients adding up at a node that feeds several others: `∂f/∂y = 3 + 2 = 5`.

Read straight from a trace's contributions, so a viewer can show the sum building up
without adding anything itself. The terms are written in the order of the consumers in
the forward pass (the lecture's `2 + 3` at y: first from x+y, then from max(y,z)), not in
the order backprop happened to deliver them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine import Trace
from bpviz.engine.trace import BACKWARD, Step


@dataclass(frozen=True)
class Arrival:
    """A gradient that reached a node from `source`, one of its consumers."""

    source: int
    grad: np.ndarray


def fan_out(trace: Trace) -> dict[int, int]:
    """How many inputs each node feeds (a node used twice by one op counts twice)."""
    counts = {info.id: 0 for info in trace.nodes}
    for info in trace.nodes:
        for parent in info.parents:
            counts[parent] += 1
    return counts


def arrivals(trace: Trace, index: int) -> dict[int, tuple[Arrival, ...]]:
    """Every gradient each node received in the first `index` steps, in the forward order
    of the consumers that sent them (a consumer using a node twice sends twice, in input order)."""
    position = {info.id: place for place, info in enumerate(trace.nodes)}
    found: dict[int, list[tuple[int, int, Arrival]]] = {}
    for step in trace.steps[:index]:
        if step.phase == BACKWARD:
            for rank, part in enumerate(step.contributions):
                found.setdefault(part.to, []).append(
                    (position[step.node], rank, Arrival(step.node, part.downstream)))
    return {node: tuple(arrival for *_, arrival in sorted(parts, key=lambda p: p[:2]))
            for node, parts in found.items()}


def silent_parents(step: Step | None) -> frozenset[int]:
    """The parents a backward step sent exactly zero to: no gradient flows along those
    edges (a satisfied hinge, max routing past its smaller input, a ReLU that is off)."""
    if step is None or step.phase != BACKWARD:
        return frozenset()
    sent: dict[int, bool] = {}
    for part in step.contributions:
        sent[part.to] = sent.get(part.to, False) or bool(np.any(part.downstream))
    return frozenset(parent for parent, flows in sent.items() if not flows)


def receivers(trace: Trace) -> frozenset[int]:
    """The nodes that get a gradient in the backward pass (constants, for one, never do)."""
    found = {trace.output} if trace.steps else set()
    for step in trace.steps:
        if step.phase == BACKWARD:
            found.add(step.node)
            found.update(part.to for part in step.contributions)
    return frozenset(found)
