"""The state of every node at any step of a trace, so a viewer can scrub without recomputing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from bpviz.engine.trace import FORWARD, BackwardStep, Step, Trace


@dataclass(frozen=True)
class Picture:
    """Values and gradients known after the first `index` steps; `step` is the last one applied."""

    index: int
    values: Mapping[int, np.ndarray]
    grads: Mapping[int, np.ndarray]
    step: Step | None

    @property
    def phase(self) -> str:
        """'start' before any step, else the phase of the last step applied."""
        return "start" if self.step is None else self.step.phase


def picture_at(trace: Trace, index: int) -> Picture:
    """Replay the first `index` steps of `trace` (0 = only the leaves are known)."""
    if not 0 <= index <= len(trace.steps):
        raise IndexError(f"step index {index} is outside 0..{len(trace.steps)}")
    values = dict(trace.leaf_values)
    grads: dict[int, np.ndarray] = {}
    for step in trace.steps[:index]:
        if step.phase == FORWARD:
            values[step.node] = step.value
        else:
            _apply_backward(step, grads)
    last = trace.steps[index - 1] if index else None
    return Picture(index, MappingProxyType(values), MappingProxyType(grads), last)


def _apply_backward(step: BackwardStep, grads: dict[int, np.ndarray]) -> None:
    grads[step.node] = step.upstream
    for contribution in step.contributions:
        grads[contribution.to] = contribution.accumulated
