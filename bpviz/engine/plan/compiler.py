"""Compiling a recorded graph into a Plan: fixed buffers, reused where a value is dead,
and a flat list of NumPy calls for the forward and the backward pass."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from bpviz.engine import ops
from bpviz.engine.graph import Graph
from bpviz.engine.node import OP, Node
from bpviz.engine.plan.arena import Arena
from bpviz.engine.plan.kernel import Kernel, Step
from bpviz.engine.plan.kernels import kernel_for
from bpviz.engine.plan.plan import Plan, RowSegments

# Cuts a flat gradient buffer into the wrt nodes' gradients, in their order.
GradCutter = Callable[[np.ndarray], Sequence[np.ndarray]]


class _Builder:
    """The state of one compilation: kernels, buffers and the steps built so far."""

    def __init__(self, graph: Graph, output: Node, backward: bool,
                 bind: Mapping[int, np.ndarray], column_major: bool = False) -> None:
        self.graph, self.output, self.backward = graph, output, backward
        self.matrix_order = "F" if column_major else "C"
        self.order = graph.ancestors(output)
        self.arena = Arena(graph.dtype)
        self.kernels: dict[int, Kernel] = {n.id: kernel_for(n, self.arena)
                                            for n in self.order if n.kind == OP}
        self.consumers: dict[int, list[Node]] = {n.id: [] for n in self.order}
        for node in self.order:
            for parent in node.parents:
                self.consumers[parent.id].append(node)
        self.bind = bind
        self.values: dict[int, np.ndarray] = {}
        self.grads: dict[int, np.ndarray] = {}
        self.received: set[int] = set()
        self.viewed: set[int] = set()
        self.seen_through: set[int] = set()  # views whose gradient is a view of the parent's
        self.forward_steps: list[Step] = []
        self.backward_steps: list[Step] = []

    # -- forward -------------------------------------------------------------------------
    def read_in_backward(self, node: Node) -> bool:
        """Whether some backward step reads this node's value."""
        if not self.backward:
            return False
        if node.kind == OP and node.requires_grad and self.kernels[node.id].reads_output():
            return True
        for consumer in self.consumers[node.id]:
            if consumer.requires_grad:
                reads = self.kernels[consumer.id].reads_inputs()
                if any(consumer.parents[i] is node for i in reads):
                    return True
        return False

    def can_overwrite(self, node: Node, parent: Node) -> bool:
        """Whether `node` may write its value over its first input's buffer."""
        return (parent.kind == OP and not self.kernels[parent.id].view
                and parent.id not in self.viewed and parent is not self.output
                and self.consumers[parent.id] == [node] and parent.shape == node.shape
                and parent.value.dtype == node.value.dtype
                and not self.read_in_backward(parent))

    def leaf_buffer(self, node: Node) -> np.ndarray:
        bound = self.bind.get(node.id)
        if bound is not None:
            if bound.shape != node.shape or bound.dtype != node.value.dtype:
                raise ValueError(f"bound array for node {node.id} '{node.label}' has shape "
                                 f"{bound.shape} {bound.dtype}, the node {node.shape} "
                                 f"{node.value.dtype}")
            return bound
        buffer = self.values.get(node.id)  # a weight or bias given a block of its own
        if buffer is None:
            buffer = self.new_buffer(node.shape, node.value.dtype)
        np.copyto(buffer, node.value)
        return buffer

    def new_buffer(self, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        """A fresh buffer; in a column-major plan a matrix comes with a ones column."""
        order = self.matrix_order if len(shape) == 2 else "C"
        if np.dtype(dtype) == self.arena.dtype:
            return self.arena.alloc(shape, order, ones_column=order == "F")
        return np.zeros(shape, dtype=dtype, order=order)

    def fold_unbound_biases(self) -> None:
        """Give each affine's own (unbound) W and b one block [W | b], so the bias folds
        into the product as it does for a model's parameters stored that way."""
        for node in self.order:
            if node.kind != OP or type(node.op) is not ops.Affine:
                continue
            _, W, b = node.parents
            if any(leaf.kind == OP or leaf.id in self.bind or leaf.id in self.values
                   or self.consumers[leaf.id] != [node] or leaf.value.dtype != self.arena.dtype
                   for leaf in (W, b)):
                continue
            rows, columns = W.shape
            block = self.arena.alloc((rows, columns + 1))
            self.values[W.id], self.values[b.id] = block[:, :columns], block[:, columns]

    def build_forward(self) -> None:
        self.fold_unbound_biases()
        for node in self.order:
            if node.kind != OP:
                self.values[node.id] = buffer = self.leaf_buffer(node)
                node.value = buffer  # the graph reads the plan's leaves (for diagnosis)
                continue
            kernel = self.kernels[node.id]
            inputs = [self.values[parent.id] for parent in node.parents]
            if kernel.view:
                self.values[node.id] = kernel.view_of(inputs[0])
                self.viewed.add(node.parents[0].id)
                continue
            first = node.parents[0]
            if kernel.inplace and self.can_overwrite(node, first):
                out = self.values[first.id]
            else:
                out = self.new_buffer(node.shape, node.value.dtype)
            self.values[node.id] = out
            self.forward_steps.append(kernel.forward(inputs, out))

    # -- backward ------------------------------------------------------------------------
    def preassign(self, node: Node, buffer: np.ndarray) -> None:
        self.grads[node.id] = buffer

    def preassign_views(self) -> None:
        """Where a node's consumers are all views that together show each of its cells once
        (a transpose, or the two halves of a stacked batch), they see their gradients
        through the node's own gradient buffer, so their backward steps disappear."""
        for parent in self.order:
            consumers = self.consumers[parent.id]
            if not parent.requires_grad or not self.views_tile(parent, consumers):
                continue
            if parent.id not in self.grads:
                self.grads[parent.id] = self.new_buffer(parent.shape, parent.value.dtype)
            for node in consumers:
                self.grads[node.id] = self.kernels[node.id].grad_view_of(self.grads[parent.id])
                self.seen_through.add(node.id)
            self.received.add(parent.id)  # written through the views, in full

    def views_tile(self, parent: Node, consumers: list[Node]) -> bool:
        """Whether `consumers` are views of `parent` whose rows cover it without overlap."""
        if not consumers or any(node.kind != OP or not self.kernels[node.id].view
                                or node is self.output for node in consumers):
            return False
        rows = parent.shape[0] if parent.shape else 1
        spans = sorted(self.kernels[node.id].span(rows) for node in consumers)
        starts, stops = [start for start, _ in spans], [stop for _, stop in spans]
        return starts[0] == 0 and stops[-1] == rows and starts[1:] == stops[:-1]

    def build_backward(self, sparse: set[int]) -> None:
        # ∂J/∂J = 1, written once: no step writes into the output's gradient (it is
        # never shared with a parent's, see send_back), so it stays 1 from run to run.
        seed = self.new_buffer(self.output.shape, self.output.value.dtype)
        seed.fill(1.0)
        self.grads[self.output.id] = seed
        if self.output.kind == OP:
            self.kernels[self.output.id].upstream_is_one = True
        for node in reversed(self.order):
            if node.kind != OP or not node.requires_grad:
                continue
            if node.id in self.seen_through:
                continue  # its gradient already sits in the parent's buffer
            self.send_back(node, self.kernels[node.id], sparse)

    def send_back(self, node: Node, kernel: Kernel, sparse: set[int]) -> None:
        inputs = [self.values[parent.id] for parent in node.parents]
        out, upstream = self.values[node.id], self.grads[node.id]
        aliased = False
        fresh: dict[int, np.ndarray] = {}  # inputs whose gradient this node writes first
        adding: list[Step] = []  # then what it adds to gradients already written
        for index, parent in enumerate(node.parents):
            if not parent.requires_grad or parent.id in sparse:
                continue
            if parent.id not in self.received:
                self.received.add(parent.id)
                if parent.id not in self.grads:
                    if (not aliased and index in kernel.passthrough
                            and parent.shape == node.shape and node is not self.output):
                        self.grads[parent.id] = upstream  # the same numbers: share them
                        aliased = True
                        continue
                    self.grads[parent.id] = self.new_buffer(parent.shape, parent.value.dtype)
                fresh[index] = self.grads[parent.id]
            else:
                total = self.grads[parent.id]
                part = self.new_buffer(parent.shape, parent.value.dtype)
                adding.append(kernel.backward(index, inputs, out, upstream, part))
                adding.append(lambda total=total, part=part: np.add(total, part, out=total))
        self.backward_steps.extend(kernel.backward_into(inputs, out, upstream, fresh))
        self.backward_steps.extend(adding)


def _flat_grads(builder: _Builder, wrt: Sequence[Node], cut: GradCutter | None) -> np.ndarray:
    """One buffer holding every wrt gradient, each variable's a view into it: one after
    another, or as `cut` lays them out."""
    sizes = [node.value.size for node in wrt]
    flat = builder.arena.alloc((sum(sizes),))
    if cut is not None:
        views = cut(flat)
    else:
        starts = np.cumsum([0, *sizes])
        views = [flat[start:start + size].reshape(node.shape)
                 for node, start, size in zip(wrt, starts, sizes)]
    for node, view in zip(wrt, views, strict=True):
        if view.shape != node.shape:
            raise ValueError(f"the gradient layout gives {node.label} shape {view.shape}, "
                             f"not {node.shape}")
        builder.preassign(node, view)
    return flat


def _row_segments(builder: _Builder, table: Node) -> RowSegments:
    """Each lookup of `table` writes its rows' gradient into its own slice of one buffer."""
    lookups = builder.consumers[table.id]
    if not lookups or any(type(node.op) is not ops.Lookup for node in lookups):
        raise ValueError(f"node {table.id} '{table.label}' is used by more than lookups; "
                         "its gradient cannot be sparse")
    counts = [node.shape[0] for node in lookups]
    values = builder.arena.alloc((sum(counts), table.shape[1]))
    start = 0
    for node, count in zip(lookups, counts):
        builder.preassign(node, values[start:start + count])
        start += count
    return RowSegments(tuple(node.op for node in lookups), values)


def compile_plan(graph: Graph, output: Node, wrt: Iterable[Node] = (), *,
                 bind: Mapping[int, np.ndarray] | None = None, backward: bool = True,
                 flat_grads: bool | GradCutter = False, sparse: Iterable[Node] = (),
                 column_major: bool = False) -> Plan:
    """Compile the part of `graph` that computes `output` into a Plan.

    The plan takes the graph over: its leaves then hold the plan's buffers. `bind`
    gives arrays (same shape and dtype) a leaf should use as they are, e.g. a model's
    parameters, updated in place between runs. `wrt` are the nodes whose gradients
    the plan hands out; with `flat_grads` they lie in one buffer, `plan.flat_grad`: one
    after another, or as a function given for `flat_grads` cuts that buffer into their
    views (e.g. a weight and its bias as one block [W | b]).
    A `sparse` table, used only by lookups, gets the looked-up rows' gradients instead
    of a dense one (`plan.row_gradient`). With `column_major` the plan's own matrices
    are stored column by column: a batch of N rows then lies along the long axis, so
    adding a bias or taking a softmax over a few classes runs over contiguous memory.
    """
    wrt = list(wrt)
    builder = _Builder(graph, output, backward, bind or {}, column_major)
    builder.build_forward()
    flat = None
    segments: dict[int, RowSegments] = {}
    sparse_ids = {node.id for node in sparse}
    if backward:
        plain = [node for node in wrt if node.id not in sparse_ids]
        if flat_grads:
            flat = _flat_grads(builder, plain, None if flat_grads is True else flat_grads)
        for node in sparse:
            segments[node.id] = _row_segments(builder, node)
        builder.preassign_views()
        builder.build_backward(sparse_ids)
    grads = {node.id: builder.grads.get(node.id) for node in wrt if node.id not in sparse_ids}
    for node_id, grad in grads.items():
        if grad is None:  # a variable the output does not depend on
            grads[node_id] = builder.new_buffer(graph.nodes[node_id].shape, graph.dtype)
    handed_out = [builder.values[output.id]]
    handed_out += [flat] if flat is not None else [grad for grad in grads.values()]
    handed_out += [rows.values for rows in segments.values()]
    plan = Plan(graph, output, builder.values, grads, flat, segments,
                builder.forward_steps, builder.backward_steps, _finite_check(handed_out))
    plan.folded = sum(kernel.folded for kernel in builder.kernels.values())
    return plan


def _finite_check(outputs: Sequence[np.ndarray]):
    """A function telling whether what the plan hands out (its output and gradients) is
    finite. A NaN anywhere reaches them; an infinity that tanh squashes to ±1 is taken as
    IEEE arithmetic gives it, with a zero gradient. Each array's dot product with itself
    is one fast pass; if a huge finite number overflows it, the plan then checks the
    slow way, with the generic engine, and goes on."""
    flats = [_cells_in_memory_order(array) for array in outputs]
    dot, isfinite = np.dot, math.isfinite
    if len(flats) == 1:
        (only,) = flats
        return lambda: isfinite(dot(only, only))
    if len(flats) == 2 and flats[0].size == 1:  # a loss and its flat gradient: training
        loss, grad = flats  # reading one number costs less than a NumPy call
        grad_dot = grad.dot  # the method: no np.dot dispatch
        return lambda: isfinite(loss.item()) and isfinite(grad_dot(grad))
    if len(flats) == 2:
        first, second = flats
        return lambda: isfinite(dot(first, first)) and isfinite(dot(second, second))
    return lambda: all(isfinite(dot(flat, flat)) for flat in flats)


def _cells_in_memory_order(array: np.ndarray) -> np.ndarray:
    """A contiguous buffer's cells as a 1-D view, in the order they lie in memory."""
    if array.flags.c_contiguous or array.flags.f_contiguous:
        return array.ravel(order="K")
    raise ValueError("a plan hands out contiguous buffers only")
