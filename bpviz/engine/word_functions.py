"""The word-vector ops as functions of nodes: `log_sigmoid(z)`, `log_sum_exp(s)`, `table_row(U, o)`."""

from __future__ import annotations

from bpviz.engine.node import Node
from bpviz.engine.ops.logarithms import LogSigmoid, LogSumExp
from bpviz.engine.ops.table_row import TableRow


def log_sigmoid(z: Node, label: str | None = None) -> Node:
    """log σ(z), element-wise and stable for any z."""
    return z.graph.apply(LogSigmoid(), z, label=label)


def log_sum_exp(scores: Node, probability: str = "softmax(z)", label: str | None = None) -> Node:
    """log Σ_w exp(scores_w) of a vector; its local derivative is softmax(scores), named
    `probability` (P(w|c) in skip-gram)."""
    return scores.graph.apply(LogSumExp(probability), scores, label=label)


def table_row(table: Node, row: int, label: str | None = None) -> Node:
    """Row `row` of a matrix, as a vector (u_o = U[o])."""
    return table.graph.apply(TableRow(row), table, label=label)
