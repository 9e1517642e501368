"""z = W x + b for one example (x a vector) or a batch (x a matrix, one example per row)."""

from __future__ import annotations

from bpviz.engine import Node, matmul, transpose


def affine(W: Node, x: Node, b: Node | None, label: str) -> Node:
    """The lecture's W x + b; a batch X (N×n_in) gives X Wᵀ + b, one row per example."""
    # A batch's product is labelled W x too: it is W x for every row.
    label_Wx = f"{W.label}{x.label}"
    if x.value.ndim == 1:
        product = matmul(W, x, label=label_Wx)
    else:
        product = matmul(x, transpose(W, label=f"{W.label}ᵀ"), label=label_Wx)
    return product.named(label) if b is None else (product + b).named(label)
