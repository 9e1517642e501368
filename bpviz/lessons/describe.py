"""Words for what a node computes, in the lecture's notation: `z = Wx + b`, `h = tanh(z)`."""

from __future__ import annotations

from bpviz.engine import NodeInfo, Trace
from bpviz.engine.ops.base import operand

# How each op reads, with {0}, {1}, … standing for its inputs' labels.
_PATTERNS = {
    "add": "{0} + {1}", "sub": "{0} − {1}", "mul": "{0}·{1}", "div": "{0}/{1}",
    "pow": "{0}^{1}", "neg": "−{0}", "matmul": "{0} {1}", "transpose": "{0}ᵀ", "sum": "Σ{0}",
    "abs": "|{0}|", "max": "max({0}, {1})", "min": "min({0}, {1})",
    "reshape": "{0}", "lookup": "rows of {0}",
    "softmax_cross_entropy": "−log softmax({0})_y", "multiclass_hinge": "Σ_j max(0, 1 − {0}_y + {0}_j)",
    "squared_error": "½‖{0} − t‖²", "max_margin": "max(0, 1 − {0} + {1})",
}


def op_name(info: NodeInfo) -> str:
    """The op's bare name: `sum` for `sum(axis=0)`."""
    return info.op.split("(", 1)[0]


def formula(trace: Trace, node_id: int) -> str:
    """What the node computes from its parents' labels: `Wx + b`, `tanh(z)`, `[x1; x2]`."""
    info = trace.node(node_id)
    names = [operand(trace.node(parent).label) for parent in info.parents]
    name = op_name(info)
    if name == "concat":
        return "[" + "; ".join(trace.node(parent).label for parent in info.parents) + "]"
    if name == "matmul" and all(len(trace.node(p).shape) == 1 for p in info.parents):
        return "{0}ᵀ{1}".format(*names)  # two vectors: the inner product s = uᵀh
    if name in _PATTERNS:
        return _PATTERNS[name].format(*names)
    return f"{name}({', '.join(names)})"  # exp, log, sqrt, tanh, sigmoid, relu, …


def description(trace: Trace, node_id: int) -> str:
    """`z = Wx + b`; just the label when it already is the formula (an expression's nodes)."""
    info = trace.node(node_id)
    if info.kind != "op":
        return info.label
    text = formula(trace, node_id)
    return info.label if _compact(text) == _compact(info.label) else f"{info.label} = {text}"


def _compact(text: str) -> str:
    """A formula without spaces and with one multiplication sign, for comparing."""
    return text.replace(" ", "").replace("*", "·")
