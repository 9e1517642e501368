"""A classifier's forward pass over many points at once, in plain NumPy, for pictures.

The engine's graph path checks and records every node, which costs ~20 ms on a 200×200
grid; here each layer is one product on (units × points) arrays — the points
along the long, contiguous axis — in float32, using the engine ops' own forward
functions (tanh and ReLU in place, the common cases). Reusing the previous call's
arrays halves the time again: fresh 1 MB arrays cost page faults on every call. The
result equals `Classifier.predict_proba` to float32 precision (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bpviz.engine import ops
from bpviz.models.classifier import Classifier

# The ops behind bpviz.models.activations' names; None is f(z) = z.
ACTIVATION_OPS: dict[str, ops.Op | None] = {
    "sigmoid": ops.Sigmoid(), "tanh": ops.Tanh(), "hard_tanh": ops.HardTanh(),
    "relu": ops.Relu(), "leaky_relu": ops.LeakyRelu(), "linear": None,
}
# The same functions written into their input, for the activations used most.
IN_PLACE: dict[str, Callable[[np.ndarray], object]] = {
    "tanh": lambda z: np.tanh(z, out=z),
    "relu": lambda z: np.maximum(z, 0, out=z),
}


def layer_outputs(model: Classifier, points: np.ndarray, dtype: type = np.float32,
                  reuse: Sequence[np.ndarray] | None = None) -> list[np.ndarray]:
    """h1, h2, … and last the class probabilities softmax(f), each (units, N), for
    `points` given as (2, N): one column per point.

    `reuse`, an earlier result for as many points, is overwritten when its shapes and
    dtype fit (then the returned arrays are those), otherwise ignored.
    """
    points = np.asarray(points, dtype=dtype)
    shapes = [(size, points.shape[1]) for size in model.sizes[1:]]
    if reuse is None or [(out.shape, out.dtype) for out in reuse] != [
            (shape, np.dtype(dtype)) for shape in shapes]:
        reuse = [np.empty(shape, dtype) for shape in shapes]
    h = points
    for layer, z in enumerate(reuse, start=1):
        weight, bias = model.layer_names(layer)
        # einsum, not matmul: a threaded BLAS stalls for ~20 ms on these long, thin
        # products when the other core is busy (measured), and einsum is as fast single-threaded.
        np.einsum("ij,jn->in", model.params[weight].astype(dtype), h, out=z)
        z += model.params[bias].astype(dtype)[:, None]
        if layer < model.num_layers:
            _activate(model.config.activation, z)
        h = z
    _softmax_columns(h)
    return list(reuse)


def _activate(name: str, z: np.ndarray) -> None:
    """h = f(z), written over z."""
    if name in IN_PLACE:
        IN_PLACE[name](z)
    elif ACTIVATION_OPS[name] is not None:
        z[...] = ACTIVATION_OPS[name].forward(z)


def _softmax_columns(scores: np.ndarray) -> None:
    """Column-wise softmax in place, shifted by each column's maximum so exp never overflows."""
    scores -= scores.max(axis=0)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=0)
