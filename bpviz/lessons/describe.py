"""Words for what a node computes, in the lecture's notation: `z = W x + b`, `h = tanh(z)`.

Each op declares how it reads (`Op.pattern`); this only fills in the inputs' names.
"""

from __future__ import annotations

from bpviz.engine import Trace, ops
from bpviz.lessons.ledger_rules import fill
from bpviz.lessons.notation import Notation, wrapped
from bpviz.lessons.rich_text import Rich, join, plain, symbol


def formula(notation: Notation, node_id: int) -> Rich:
    """What the node computes from its inputs' names: `W x + b`, `tanh(z)`, `[x_in; x_Paris]`."""
    trace = notation.trace
    info = trace.node(node_id)
    names = [notation.symbol(parent) for parent in info.parents]
    if info.is_op(ops.Concat):
        return "[" + join(names, "; ") + "]"
    if info.is_op(ops.MatMul) and all(len(trace.node(p).shape) == 1 for p in info.parents):
        return wrapped(names[0]) + "ᵀ" + wrapped(names[1])  # s = uᵀh
    op = info.presenter()
    if not op.pattern:
        return plain(op.name + "(") + join(names, ", ") + ")"
    return fill(op.pattern, names, notation.symbol(node_id), info.settings)


def title(notation: Notation, node_id: int) -> Rich:
    """`z = W x + b`; the name alone when it already is the formula (an expression's nodes)."""
    info = notation.trace.node(node_id)
    name = notation.symbol(node_id)
    if info.kind != "op":
        return name
    text = formula(notation, node_id)
    if compact(text.plain) != compact(info.label):
        return name + " = " + text
    if node_id == notation.trace.output and notation.output != info.label:
        return symbol(notation.output) + " = " + plain(info.label)  # f = (x+y)*max(y,z)
    return plain(info.label)  # an expression's node reads as typed


def description(trace: Trace, node_id: int) -> str:
    """What the node computes, as plain text: `z = Wx + b`; an expression's node as typed
    (`x+y`, `(x+y)*max(y,z)`), since its label already is its formula."""
    info = trace.node(node_id)
    if info.kind == "op" and compact(formula(Notation(trace), node_id).plain) == compact(info.label):
        return info.label
    return title(Notation(trace), node_id).plain


def compact(text: str) -> str:
    """A formula without spaces and with one multiplication sign, for comparing."""
    return text.replace(" ", "").replace("*", "·")
