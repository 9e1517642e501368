"""Losses by name, and the regularised objective J + λ₂ Σ W² + λ₁ Σ |W|."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bpviz.engine import (
    Node, absolute, multiclass_hinge, softmax_cross_entropy, squared_error, total,
)
from bpviz.training.choices import choose

LOSSES: dict[str, Callable[..., Node]] = {
    "softmax": softmax_cross_entropy,  # −log softmax(f)_y
    "margin": multiclass_hinge,        # Σ_{j≠y} max(0, 1 − f_y + f_j)
    "squared": squared_error,          # ½ ‖f − t‖²
}


def loss(name: str, scores: Node, targets, label: str = "J") -> Node:
    """Loss `name` of `scores` against `targets`, averaged over the rows."""
    return choose("loss", name, LOSSES)(scores, targets, label=label)


def with_penalty(data_loss: Node, weights: Sequence[Node], l1: float, l2: float) -> Node:
    """data_loss + l2 Σ W² + l1 Σ |W| over the weight matrices (biases are not penalised)."""
    objective = data_loss
    for weight in weights:
        if l2:
            objective = objective + l2 * total(weight * weight, label=f"Σ{weight.label}²")
        if l1:
            objective = objective + l1 * total(absolute(weight), label=f"Σ|{weight.label}|")
    return objective if objective is data_loss else objective.named("J + penalty")
