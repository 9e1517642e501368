"""A trace as JSON-ready data: the contract of `bpviz trace --json`."""

from __future__ import annotations

from typing import Any

import numpy as np

from bpviz.engine.picture import picture_at
from bpviz.engine.trace import FORWARD, NodeInfo, Step, Trace


def array_json(array: np.ndarray) -> Any:
    """A float for a 0-d array, else nested lists."""
    return array.tolist() if array.ndim else float(array)


def _step_json(trace: Trace, step: Step) -> dict[str, Any]:
    if step.phase == FORWARD:
        return {"phase": step.phase, "node": step.node, "value": array_json(step.value)}
    info = trace.node(step.node)
    names = [trace.node(parent).label for parent in info.parents]
    op = info.presenter()
    return {
        "phase": step.phase,
        "node": step.node,
        "upstream": array_json(step.upstream),
        "downstream": [
            {"to": part.to, "grad": array_json(part.downstream),
             "accumulated": array_json(part.accumulated), "rule": part.local.rule,
             "formula": op.formula(part.index, names)}
            for part in step.contributions
        ],
    }


def trace_json(trace: Trace) -> dict[str, Any]:
    """The output's value, nodes, steps, and each variable's value (`inputs`) and final gradient (`grads`), by label."""
    final = picture_at(trace, len(trace.steps))
    variables = trace.variables()
    return {
        "value": array_json(trace.output_value),
        "nodes": [
            {"id": info.id, "kind": info.kind, "op": _op_name(info),
             "settings": {key: _setting_json(value) for key, value in info.settings.items()},
             "label": info.label, "parents": list(info.parents), "shape": list(info.shape)}
            for info in trace.nodes
        ],
        "output": trace.output,
        "steps": [_step_json(trace, step) for step in trace.steps],
        "inputs": {info.label: array_json(trace.leaf_values[info.id]) for info in variables},
        "grads": {info.label: array_json(_final_grad(trace, final.grads, info))
                  for info in variables},
    }


def _final_grad(trace: Trace, grads, info: NodeInfo) -> np.ndarray:
    if info.id in grads:
        return grads[info.id]
    # No step sends a gradient to an output that is itself a variable: ∂x/∂x = 1.
    return np.ones(info.shape) if info.id == trace.output else np.zeros(info.shape)


def _op_name(info: NodeInfo) -> str:
    """The op's short name (`add`, `max`), or the kind of a leaf (`variable`, `constant`)."""
    presenter = info.presenter()
    return presenter.name if presenter else info.kind


def _setting_json(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
