"""Whether a trace's max-margin loss is satisfied, so no gradient flows back from it."""

from __future__ import annotations

from bpviz.engine import Trace, ops, picture_at


def is_max_margin(trace: Trace) -> bool:
    """Whether the output is `J = max(0, 1 − s + s_c)`."""
    return trace.node(trace.output).is_op(ops.MaxMargin)


def margin_met(trace: Trace) -> bool:
    """True when the output is `J = max(0, 1 − s + s_c)` and J is exactly 0 (`s − s_c ≥ 1`)."""
    return is_max_margin(trace) and float(trace.output_value) == 0.0


def margin(trace: Trace) -> float | None:
    """`s − s_c`, the true window's lead over the corrupt one (None: not a max-margin loss)."""
    if not is_max_margin(trace):
        return None
    true_score, corrupt_score = trace.node(trace.output).parents
    values = picture_at(trace, trace.forward_count).values
    return float(values[true_score]) - float(values[corrupt_score])


def required_margin(trace: Trace) -> float | None:
    """The margin the loss asks for: 1 in the lecture (`MaxMargin(margin=2)` asks for 2)."""
    if not is_max_margin(trace):
        return None
    return float(trace.node(trace.output).settings["margin"])
