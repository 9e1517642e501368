"""What the ledger says beside a backward step's lines: how the gate treats the upstream,
f′ of an activation, the lecture's δ, ŷ − t, shapes, and gradients adding at a branch.

Every number comes from the step the engine recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bpviz.engine import BackwardStep, Contribution, ops
from bpviz.formatting import number, preview, shape_text
from bpviz.lessons.ledger_rules import fill
from bpviz.lessons.notation import Notation, wrapped
from bpviz.lessons.rich_text import Rich, join, plain, symbol

SHAPE_RULE = "a gradient has the shape of what it is the gradient of"

Arrived = dict[int, list[tuple[int, Rich, Contribution]]]


def notes_for(names: Notation, step: BackwardStep, score: int | None, lines: Sequence,
              total: dict[int, int], arrived: Arrived) -> list[Rich]:
    """The notes under one backward step's lines."""
    info = names.trace.node(step.node)
    margin = _margin_note(names, step)
    if margin:
        return [margin]
    if step.upstream.size and not np.any(step.upstream):
        return [plain("no gradient flows: the upstream ") + names.upstream(step.node)
                + " is 0, so every downstream gradient is 0"]
    notes = []
    gate = _GATE_NOTES.get(info.op_class)
    if gate:
        notes.append(gate(names, step))
    notes.extend(_activation_notes(names, step))
    notes.extend(_delta_notes(names, step, score))
    notes.extend(_loss_notes(names, step))
    shapes = _shape_note(names, step, lines)
    if shapes:
        notes.append(shapes)
    notes.extend(_sharing_notes(names, step, total, arrived))
    return [note for note in notes if note]


def _route_note(names: Notation, step: BackwardStep) -> Rich:
    """Which input max (or min) sent the upstream to: read from the recorded 0/1 factors."""
    info = names.trace.node(step.node)
    which = "larger" if info.is_op(ops.Maximum) else "smaller"
    if any(np.ndim(part.local.factor) for part in step.contributions):
        return plain(f"{info.caption} routes each element's gradient to the input that won")
    winners = [part.to for part in step.contributions if float(part.local.factor) == 1.0]
    if not winners:
        return plain(f"{info.caption} routes the gradient to the {which} input")
    return (plain(f"{info.caption} routes the gradient to the {which} input, ")
            + names.symbol(winners[0]) + "; the other gets 0")


def _margin_note(names: Notation, step: BackwardStep) -> Rich:
    """At J = max(0, 1 − s + s_c): whether the margin is violated, and what that sends back."""
    info = names.trace.node(step.node)
    if not info.is_op(ops.MaxMargin) or step.node != names.trace.output:
        return Rich()
    value = names.trace.output_value
    if np.ndim(value):
        return Rich()
    J = names.symbol(step.node)
    s, s_c = (names.symbol(parent) for parent in info.parents)
    margin = info.settings["margin"]
    if float(value) > 0:
        return (J + f" = {number(value)} > 0: the margin is violated, so ∂" + J + "/∂" + s
                + " = −1 and ∂" + J + "/∂" + s_c + " = +1")
    return (J + " = 0: the margin is met (" + s + " − " + s_c + f" ≥ {margin:g}), so ∂" + J
            + "/∂" + s + " = ∂" + J + "/∂" + s_c + " = 0 and no gradient flows back")


_GATE_NOTES: dict[type, Callable[[Notation, BackwardStep], Rich]] = {
    ops.Add: lambda names, step: plain("+ distributes: each input gets the upstream unchanged"),
    ops.Sub: lambda names, step: plain("− passes the upstream to the first input and its "
                                       "negative to the second"),
    ops.Mul: lambda names, step: plain("× switches: each input gets the upstream times the "
                                       "other input"),
    ops.Maximum: _route_note,
    ops.Minimum: _route_note,
    ops.Lookup: lambda names, step: plain(
        "L holds one word vector per row (V×d), the lecture's L ∈ ℝ^{d×V} transposed: "
        "each looked-up row gets its gradient, a repeated word twice"),
    ops.LogSumExp: lambda names, step: plain(
        "log Σ exp sends each score its softmax probability: the expected part of the gradient"),
    ops.LogSigmoid: lambda names, step: plain(
        "log σ(z) sends σ(−z) = 1 − σ(z): how far σ(z) still is from 1"),
    ops.TableRow: lambda names, step: plain(
        "one row of the table: its gradient goes back into that row, the others get 0"),
}


def _activation_notes(names: Notation, step: BackwardStep) -> list[Rich]:
    """`f′(z) = 1 − tanh²(z) = [0.61, …]` for an activation on an array."""
    info = names.trace.node(step.node)
    op = info.presenter()
    if not op.activation or not info.shape:
        return []
    part = step.contributions[0]
    z = names.symbol(part.to)
    readable = fill(op.local_names[0], [z], names.symbol(step.node), info.settings)
    return ["f′(" + z + ") = " + readable + " = " + preview(part.local.factor)]


def _delta_notes(names: Notation, step: BackwardStep, score: int | None) -> list[Rich]:
    """Where a line names δ: it is ∂s/∂z, the lecture's error signal, not ∂J/∂z."""
    if score is None:
        return []
    notes = []
    for part in step.contributions:
        delta = names.delta(part.to, score)
        if delta and names.trace.naming.deltas.get(part.to, ("", -1))[1] == score:
            notes.append(symbol(delta) + " = " + names.gradient(part.to, score)
                         + " is the lecture's error signal for the score " + names.symbol(score)
                         + "; " + names.gradient(part.to) + " = " + names.gradient(score)
                         + " × " + symbol(delta))
    return notes


def _loss_notes(names: Notation, step: BackwardStep) -> list[Rich]:
    """ŷ − t (or f − t) with its pieces, as the engine recorded them."""
    info = names.trace.node(step.node)
    if not info.op_class or not issubclass(info.op_class, ops.BatchLoss):
        return []
    part = step.contributions[0]
    pieces = [symbol(key) + " = " + preview(value) for key, value in part.local.parts.items()]
    if info.is_op(ops.SoftmaxCrossEntropy):
        return [names.gradient(part.to) + " = ŷ − t: subtract 1 at the true class, leave the "
                "others (" + join(pieces, ", ") + ")"]
    return [join(pieces, ", ")] if pieces else []


def _shape_note(names: Notation, step: BackwardStep, lines: Sequence) -> Rich:
    """Where a gradient's shape differs from the upstream's, say whose shape it has."""
    changed = [line for line in lines if np.shape(line.value) != np.shape(step.upstream)]
    if not any(np.ndim(line.value) for line in changed):
        return Rich()
    seen, pieces = set(), []
    for line in changed:
        if line.target in seen:
            continue
        seen.add(line.target)
        pieces.append(names.gradient(line.target) + f" is {shape_text(np.shape(line.value))} "
                      "like " + names.symbol(line.target))
    return "shapes: " + join(pieces, ", ") + f" ({SHAPE_RULE})"


def _sharing_notes(names: Notation, step: BackwardStep, total: dict[int, int],
                   arrived: Arrived) -> list[Rich]:
    """`y feeds 2 nodes: the gradients arriving from them add up (1 of 2 arrived)`."""
    notes = []
    for parent in dict.fromkeys(part.to for part in step.contributions):
        count = names.feeds(parent)
        if count > 1:
            sources = len({source for source, _, _ in arrived.get(parent, [])})
            notes.append(wrapped(names.symbol(parent)) + f" feeds {count} nodes: the gradients "
                         f"arriving from them add up ({sources} of {count} arrived)")
    return notes
