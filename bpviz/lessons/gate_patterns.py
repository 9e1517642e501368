"""The lecture's gate patterns of the backward pass: + copies, × swaps, max routes, and a
branch sums. Read from each op's declared class and a node's fan-out, never from names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bpviz.engine import Trace, ops
from bpviz.engine.trace import BACKWARD, NodeInfo, Step
from bpviz.lessons.accumulation import fan_out

COPIES, SWAPS, ROUTES, SUMS = "copies", "swaps", "routes", "sums"
PATTERNS = (COPIES, SWAPS, ROUTES, SUMS)

LEGEND: Mapping[str, str] = {
    COPIES: "+ copies the upstream gradient, unchanged, to every input.",
    SWAPS: "× sends each input the upstream times the other input's value.",
    ROUTES: "max routes the upstream to the larger input and 0 to the other.",
    SUMS: "A node that feeds several others adds up the gradients that come back.",
}
GLYPHS: Mapping[str, str] = {COPIES: "+", SWAPS: "×", ROUTES: "→", SUMS: "Σ"}


@dataclass(frozen=True)
class EdgePattern:
    """The pattern on the edge `source → target` while the step sends its gradient back."""

    source: int
    target: int
    pattern: str


def gate_pattern(info: NodeInfo) -> str | None:
    """How the gate `info` passes gradients back: COPIES, SWAPS, ROUTES or None (another
    local derivative)."""
    cls = info.op_class
    if cls is ops.Add:
        return COPIES
    if cls is ops.Mul or cls is ops.MatMul:
        return SWAPS
    if cls is not None and (issubclass(cls, ops.Route) or cls is ops.Relu):
        return ROUTES
    return None


def step_patterns(trace: Trace, step: Step | None) -> tuple[EdgePattern, ...]:
    """The patterns a backward step shows: its gate's on each edge into it, and SUMS on
    the edge to a parent that feeds several nodes (its gradient adds up)."""
    if step is None or step.phase != BACKWARD:
        return ()
    info = trace.node(step.node)
    gate = gate_pattern(info)
    counts = fan_out(trace)
    found: list[EdgePattern] = []
    for parent in dict.fromkeys(part.to for part in step.contributions):
        if gate is not None:
            found.append(EdgePattern(parent, step.node, gate))
        if counts[parent] > 1:
            found.append(EdgePattern(parent, step.node, SUMS))
    return tuple(found)
