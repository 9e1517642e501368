"""z = W x + b for one example (x a vector) or a batch (x a matrix, one example per row)."""

from __future__ import annotations

from bpviz.engine import LayerSpec, Node, batch_affine, matmul, transpose


def affine(W: Node, x: Node, b: Node | None, label: str) -> Node:
    """The lecture's W x + b; a batch X (N×n_in) gives X Wᵀ + b, one row per example.

    One example keeps W x and + b as two steps, as the stage shows them; a batch is one
    affine operation, which a compiled plan runs as a single product with b folded in.
    """
    if x.value.ndim == 1:
        product = matmul(W, x, label=f"{W.label}{x.label}")
        return product.named(label) if b is None else (product + b).named(label)
    if b is None:
        # A batch's product is labelled W x too: it is W x for every row.
        return matmul(x, transpose(W, label=f"{W.label}ᵀ"), label=f"{W.label}{x.label}").named(label)
    return batch_affine(x, W, b, label=label)


def layer_spec(W: Node, z: Node, h: Node, b: Node | None) -> LayerSpec:
    """The layer h = f(W x + b) of one example, for the neuron view: W x is z's first input
    when a bias is added, else z itself; with no f (linear), h is z."""
    product = z.parents[0] if b is not None else z
    return LayerSpec(W.id, product.id, h.id, z.id if h is not z else None,
                     b.id if b is not None else None)
