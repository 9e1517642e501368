"""A model's objective compiled once per batch shape (bpviz.engine.plan), bound to the
model's own parameter arrays, for the fast training and prediction paths."""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import numpy as np

from bpviz.engine import Graph, Node
from bpviz.engine.plan import Plan, compile_plan
from bpviz.models.model_graph import ModelGraph
from bpviz.training.flat_params import FlatParams, Layout

MAX_PLANS = 12  # per model; the lab needs 8: two batch sizes, J and p on each set, two pictures


class CompiledGraph:
    """A plan with the nodes a model feeds: `inputs` (leaves by name), `data` (an op's
    targets or rows by name) and `params`, which are bound to the model's arrays."""

    def __init__(self, plan: Plan, inputs: Mapping[str, Node], data: Mapping[str, Node],
                 params: Mapping[str, Node], bound: Mapping[str, np.ndarray]) -> None:
        self.plan = plan
        self.inputs = {name: node.id for name, node in inputs.items()}
        self.data = {name: node.id for name, node in data.items()}
        self.params = {name: node.id for name, node in params.items()}
        self._bound_names, self._bound_arrays = tuple(bound), tuple(bound.values())
        self._flat_grads: FlatParams | None = None
        # The flat parameters bound, entry by entry, while none of them was replaced: then
        # asking `intact()` of the same object answers for all of them (every step asks).
        self._bound_flat: FlatParams | None = None

    def bind_flat(self, params: FlatParams) -> None:
        """Note that the plan is bound to all of `params`, views into its buffer."""
        if params.intact() and self.bound_to(params):
            self._bound_flat = params

    def bound_to(self, params: Mapping[str, np.ndarray]) -> bool:
        """Whether the plan still uses these very arrays (none was replaced)."""
        if params is self._bound_flat and params.intact():
            return True
        return len(params) == len(self._bound_names) and all(
            map(operator.is_, map(params.get, self._bound_names), self._bound_arrays))

    def flat_grads(self, layout: Layout) -> FlatParams:
        """The plan's gradient buffer as named views laid out as `layout` (the plan's own
        buffer, rewritten by every run: copy what must outlive the next one)."""
        if self._flat_grads is None or self._flat_grads.layout != layout:
            self._flat_grads = FlatParams.view(self.plan.flat_grad, layout)
        return self._flat_grads

    def run(self, inputs: Mapping[str, np.ndarray], data: Mapping[str, np.ndarray],
            params: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
        """Copy in the batch (and unbound parameters), run, and return the output buffer."""
        plan = self.plan
        for name, value in inputs.items():
            plan.set_value(self.inputs[name], value)
        for name, value in data.items():
            plan.set_data(self.data[name], value)
        if params is not None:
            for name, node_id in self.params.items():
                plan.set_value(node_id, params[name])
        return plan.run()


def compile_model_graph(built: ModelGraph, inputs: Mapping[str, Node], data: Mapping[str, Node],
                        params: Mapping[str, np.ndarray], *, backward: bool = True,
                        bind: bool = True, sparse: tuple[str, ...] = (),
                        column_major: bool = False) -> CompiledGraph:
    """Compile `built` with its parameter variables bound to `params` (when `bind` and
    the dtypes match) and, with `backward`, their gradients in one flat buffer."""
    names = [name for name in params if name in built.variables]
    nodes = {name: built.variables[name] for name in names}
    bound = {name: params[name] for name in names} if bind else {}
    plan = compile_plan(built.graph, built.output, [nodes[name] for name in names],
                        bind={nodes[name].id: array for name, array in bound.items()},
                        backward=backward, flat_grads=backward and _grad_layout(params, names),
                        sparse=[nodes[name] for name in sparse], column_major=column_major)
    compiled = CompiledGraph(plan, inputs, data, nodes, bound)
    if bind and isinstance(params, FlatParams) and len(bound) == len(params):
        compiled.bind_flat(params)
    return compiled


def _grad_layout(params: Mapping[str, np.ndarray], names: list[str]):
    """The gradients laid out as the parameters are (True: one after another)."""
    if not isinstance(params, FlatParams) or names != list(params):
        return True
    layout = params.layout
    return lambda flat: list(FlatParams.view(flat, layout).values())


class PlanCache:
    """Compiled graphs by key (batch shape, dtype, …), the most recently used kept."""

    def __init__(self, size: int = MAX_PLANS) -> None:
        self.size = size
        self._plans: OrderedDict[Hashable, Any] = OrderedDict()
        # The last key asked for and its plan: a training loop asks for the same one step
        # after step, and comparing keys costs less than hashing them (a config's hash is
        # Python code).
        self._last: tuple[Hashable, Any] | None = None

    def get(self, key: Hashable, params: Mapping[str, np.ndarray], build: Callable[[], Any],
            bound: bool = True) -> Any:
        """The plan for `key`, compiled by `build` if missing or (when `bound`, a
        CompiledGraph) bound to arrays that have since been replaced."""
        last = self._last
        if last is not None and last[0] == key and (not bound or last[1].bound_to(params)):
            return last[1]
        compiled = self._plans.get(key)
        if compiled is None or (bound and not compiled.bound_to(params)):
            compiled = build()
            self._plans[key] = compiled
            if len(self._plans) > self.size:
                self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        self._last = (key, compiled)
        return compiled


def node_with_data(graph: Graph, attribute: str) -> Node:
    """The one op node whose op holds per-batch `attribute` (targets, indices)."""
    found = [node for node in graph.nodes if node.op is not None and hasattr(node.op, attribute)]
    if len(found) != 1:
        raise ValueError(f"expected one node with {attribute}, found {len(found)}")
    return found[0]
