"""A compiled graph: fixed buffers and a flat list of NumPy calls, rerun for each batch."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bpviz.engine.graph import Graph
from bpviz.engine.node import OP, Node
from bpviz.engine.plan.quiet import GUARDED, current, restore, silence

Step = Callable[[], None]

# Per-batch data that lives on an op rather than in a node: loss targets, looked-up rows.
_DATA_ATTRIBUTES = ("targets", "indices")
_UNSIGNED, _INTP = np.dtype(np.uintp), np.dtype(np.intp)
_SMALL = 64  # up to this many indices, Python's max of a list beats NumPy's reduction


def _out_of_range(indices: np.ndarray, limit: int) -> bool:
    """Whether an index lies outside 0..limit−1. A few are checked as a Python list (a
    NumPy reduction's set-up costs more); more, seen unsigned, where a negative index is
    huge, so one maximum checks both ends."""
    if indices.ndim == 1 and len(indices) <= _SMALL:
        values = indices.tolist()
        return min(values) < 0 or max(values) >= limit
    return int(np.maximum.reduce(indices.view(_UNSIGNED), axis=None)) >= limit


class BatchDataError(ValueError):
    """Per-batch data (targets, rows) a plan cannot take: out of range or of another shape."""


@dataclass(frozen=True)
class RowSegments:
    """A sparse table's gradient: each lookup's rows, one after another, and their gradients."""

    lookups: tuple
    values: np.ndarray

    def indices(self) -> np.ndarray:
        """The looked-up row of each row of `values` (repeats kept)."""
        parts = [op.indices.reshape(-1) for op in self.lookups]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


class Plan:
    """Forward and backward pass of a graph as preallocated NumPy calls.

    Change inputs with `set_value` (leaves) and `set_data` (an op's targets or rows),
    then `run()`. Buffers are reused by every run: copy what must outlive the next one.
    When anything turns out non-finite, the plan reruns the generic engine on the same
    inputs, so the error names the first node that failed, exactly as without a plan.
    """

    def __init__(self, graph: Graph, output: Node, values: Mapping[int, np.ndarray],
                 grads: Mapping[int, np.ndarray], flat_grad: np.ndarray | None,
                 segments: Mapping[int, RowSegments], forward_steps: Sequence[Step],
                 backward_steps: Sequence[Step], all_finite: Callable[[], bool]) -> None:
        self.graph = graph
        self.output = output
        self._values = dict(values)
        self._output = self._values[output.id]  # the output's buffer, also after a rerun
        self._grads = dict(grads)
        self.flat_grad = flat_grad
        self._segments = dict(segments)
        self._data_slots: dict[int, tuple] = {}
        self._forward = tuple(forward_steps)
        self._backward = tuple(backward_steps)
        self._steps = self._forward + self._backward
        self._all_finite = all_finite
        self.steps = len(self._forward) + len(self._backward)
        self.folded = 0  # products with a bias folded in (set by the compiler)

    def set_value(self, node_id: int, value) -> None:
        """Copy new values into a leaf's buffer (same shape)."""
        buffer = self._values[node_id]
        value = np.asarray(value)
        if value.shape != buffer.shape:
            raise ValueError(f"node {node_id} holds shape {buffer.shape}, not {value.shape}")
        if value.dtype == buffer.dtype:
            buffer[...] = value  # the same copy as np.copyto's, for less
        else:
            np.copyto(buffer, value)

    def set_data(self, node_id: int, data) -> None:
        """New targets of a loss node or rows of a lookup node (same count as compiled)."""
        slot = self._data_slots.get(node_id) or self._data_slot(node_id)
        op, name, shape, limit = slot
        data = np.asarray(data, _INTP)  # the dtype object, by position: the cheapest call
        if data.shape != shape:
            raise BatchDataError(f"node {node_id} was compiled for {name} of shape {shape}, "
                                 f"not {data.shape}")
        if data.size and _out_of_range(data, limit):
            raise BatchDataError(f"{name} must lie in 0..{limit - 1}")
        setattr(op, name, data)

    def _data_slot(self, node_id: int) -> tuple:
        """(op, attribute, compiled shape, bound on the values) of a node's per-batch data."""
        node = self.graph.nodes[node_id]
        name = next((name for name in _DATA_ATTRIBUTES if hasattr(node.op, name)), None)
        if name is None:
            raise ValueError(f"node {node_id} takes no per-batch data")
        parent = node.parents[0]
        limit = parent.shape[-1] if name == "targets" else parent.shape[0]
        slot = self._data_slots[node_id] = (node.op, name, getattr(node.op, name).shape, limit)
        return slot

    def value(self, node_id: int) -> np.ndarray:
        """A node's value after the last run (the plan's buffer: copy to keep it)."""
        return self._values[node_id]

    def grad(self, node_id: int) -> np.ndarray:
        """A wrt node's gradient after the last run (the plan's buffer)."""
        return self._grads[node_id]

    def row_gradient(self, node_id: int) -> tuple[np.ndarray, np.ndarray]:
        """A sparse table's gradient: the looked-up rows (repeats kept) and their gradients."""
        segments = self._segments[node_id]
        return segments.indices(), segments.values

    def run(self) -> np.ndarray:
        """Forward, then backward if compiled with it; the output's value (a buffer).

        Inside a guarded training step (quiet.guard) the caller checks what the step
        produced and reruns the plan unguarded to name a failing node: the steps alone."""
        if current() is GUARDED:
            for step in self._steps:
                step()
            return self._output
        token = silence()
        try:
            for step in self._steps:
                step()
            finite = self._all_finite()  # what the plan hands out, NumPy's warnings still off
        finally:
            restore(token)
        if not finite:
            self._rerun_generic()
        return self._output

    def _rerun_generic(self) -> None:
        """Redo the pass with the generic engine: it raises NonFiniteError naming the node
        (a finite sum merely overflowed otherwise), and its results replace the plan's."""
        graph, output = self.graph, self.output
        np.copyto(self._values[output.id], graph.evaluate(output))
        if not self._backward:
            return
        graph.backward(output)
        for node_id, grad in self._grads.items():
            np.copyto(grad, _grad_or_zero(graph.nodes[node_id]))
        for segments in self._segments.values():
            start = 0
            for node in graph.nodes:
                if node.kind == OP and node.op in segments.lookups:
                    count = node.shape[0]
                    np.copyto(segments.values[start:start + count], node.grad)
                    start += count


def _grad_or_zero(node: Node) -> np.ndarray:
    return node.grad if node.grad is not None else np.zeros(node.shape)
