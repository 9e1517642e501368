"""How a trace's nodes and gradients are written, in the lecture's notation: the names the
model recorded with its trace (J, x_museums, s, s_c, δ = ∂s/∂z), else the nodes' labels."""

from __future__ import annotations

from functools import cached_property

from bpviz.engine import Trace, ops
from bpviz.engine.local import PRODUCT
from bpviz.engine.ops import operand
from bpviz.lessons.rich_text import Rich, symbol


def wrapped(name: Rich) -> Rich:
    """A name as it reads inside a formula: parenthesised unless it is a single term."""
    return name if operand(name.plain) == name.plain else "(" + name + ")"


class Notation:
    """The names of one trace's nodes and of the gradients between them."""

    def __init__(self, trace: Trace, output_name: str | None = None) -> None:
        self.trace = trace
        self.output = output_name or trace.naming.output or trace.node(trace.output).label

    @cached_property
    def children(self) -> dict[int, list[int]]:
        """Each node's consumers, found when first asked: naming a node needs none of them,
        and a circuit of 600 nodes names each one (a Notation each, once built eagerly)."""
        children: dict[int, list[int]] = {info.id: [] for info in self.trace.nodes}
        for info in self.trace.nodes:
            for parent in dict.fromkeys(info.parents):
                children[parent].append(info.id)
        return children

    def name(self, node_id: int) -> str:
        """The node's name in formulas, as typed: `J`, `x_museums`, `Wx`."""
        if node_id == self.trace.output:
            return self.output
        return self.trace.naming.symbols.get(node_id, self.trace.node(node_id).label)

    def symbol(self, node_id: int) -> Rich:
        """The node's name as rich text (`s_c` with its subscript)."""
        return symbol(self.name(node_id))

    def feeds(self, node_id: int) -> int:
        """How many nodes use this one (x·x feeds one node, a repeated word two)."""
        return len(self.children[node_id])

    def gradient(self, node_id: int, of: int | None = None) -> Rich:
        """`∂J/∂W`, `∂f/∂(x+y)`, `∂s/∂h`: the gradient of `of` (the output by default)."""
        of = self.trace.output if of is None else of
        return "∂" + self.symbol(of) + "/∂" + wrapped(self.symbol(node_id))

    def delta(self, node_id: int, of: int) -> str | None:
        """The lecture's name for ∂of/∂node, if it has one: δ for ∂s/∂z, and for ∂s/∂(Wx),
        which z = Wx + b passes on unchanged."""
        named = self.trace.naming.deltas.get(node_id)
        if named and named[1] == of:
            return named[0]
        steps = self.trace.score_steps.get(of, {})
        consumers = [child for child in self.children[node_id] if child in steps]
        if len(consumers) != 1 or len(self.children[node_id]) != 1:
            return None
        child = consumers[0]
        passed = [part for part in steps[child].contributions
                  if part.to == node_id and part.local.rule == PRODUCT
                  and part.local.factor.ndim == 0 and float(part.local.factor) == 1.0]
        if self.trace.node(child).is_op(ops.Add) and len(passed) == 1:
            return self.delta(child, of)
        return None

    def upstream(self, node_id: int, of: int | None = None) -> Rich:
        """The gradient arriving at the node: δ where the lecture names it, else ∂of/∂node."""
        of = self.trace.output if of is None else of
        named = self.delta(node_id, of) if of != self.trace.output else None
        return symbol(named) if named else self.gradient(node_id, of)

    def is_seed(self, node_id: int, of: int | None = None) -> bool:
        """Whether the node is where the pass starts (its gradient is 1)."""
        return node_id == (self.trace.output if of is None else of)


def output_name(trace: Trace) -> str:
    """The objective's name: J, f, or its label."""
    return Notation(trace).output
