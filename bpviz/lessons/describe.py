"""Words for what a node computes, in the lecture's notation: `z = Wx + b`, `h = tanh(z)`.

Each op declares how it reads (`Op.pattern`); this only fills in the parents' labels.
"""

from __future__ import annotations

from bpviz.engine import NodeInfo, Trace, ops
from bpviz.engine.ops import operand


def formula(trace: Trace, node_id: int) -> str:
    """What the node computes from its parents' labels: `Wx + b`, `tanh(z)`, `[x1; x2]`."""
    info = trace.node(node_id)
    labels = [trace.node(parent).label for parent in info.parents]
    if info.is_op(ops.MatMul) and all(len(trace.node(p).shape) == 1 for p in info.parents):
        return "{0}ᵀ{1}".format(*(operand(label) for label in labels))  # s = uᵀh
    return info.presenter().reads(labels)


def description(trace: Trace, node_id: int) -> str:
    """`z = Wx + b`; just the label when it already is the formula (an expression's nodes)."""
    info = trace.node(node_id)
    if info.kind != "op":
        return info.label
    text = formula(trace, node_id)
    return info.label if _compact(text) == _compact(info.label) else f"{info.label} = {text}"


def caption(info: NodeInfo) -> str:
    """The op as a node's caption: `add`, `max-margin`; nothing for a leaf."""
    return info.caption


def _compact(text: str) -> str:
    """A formula without spaces and with one multiplication sign, for comparing."""
    return text.replace(" ", "").replace("*", "·")
