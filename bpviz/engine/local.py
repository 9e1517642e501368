"""An op's local derivative with respect to one input, in compact form, and the rule that
combines it with the upstream gradient: `downstream = rule(upstream, local)`.

The engine multiplies exactly the `Local` an op returns, and a trace records that same
object, so the ledger shows the numbers backprop used.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

# How a local derivative combines with the upstream gradient.
PRODUCT = "product"      # upstream ∘ factor, NumPy broadcasting (a scalar times an array too)
MATMUL = "matmul"        # a matrix product: upstream · factor, or factor · upstream
SLICE = "slice"          # the input's own slice of the upstream (concatenation)
EMBED = "embed"          # the upstream placed at `where` in zeros of the input's shape
SCATTER = "scatter"      # the upstream's rows added into rows `where` of zeros (a lookup)
SPREAD = "spread"        # the upstream copied over the summed axis (a sum)
RESHAPE = "reshape"      # the same numbers in the input's shape
TRANSPOSE = "transpose"  # the upstream transposed back
RULES = (PRODUCT, MATMUL, SLICE, EMBED, SCATTER, SPREAD, RESHAPE, TRANSPOSE)
LEFT, RIGHT = "left", "right"  # which side of the upstream a matrix factor stands


_NO_PARTS: Mapping[str, np.ndarray] = MappingProxyType({})


class Local(NamedTuple):
    """∂output/∂input as the engine uses it: frozen (a named tuple, cheap to make, as a
    scalar circuit's trace makes one per edge), equal only to itself.

    `factor` is the compact Jacobian: a scalar or element-wise array for a product, a
    matrix for a matrix product (`side` says where it stands; `upstream_shape` is the
    upstream as a matrix, `upstream_transposed` whether it enters as δᵀ); `where` is the
    slice or rows for the moving rules; `shape` is the input's shape.
    """

    rule: str
    factor: np.ndarray | None = None
    shape: tuple[int, ...] = ()
    side: str = ""
    upstream_shape: tuple[int, ...] = ()
    upstream_transposed: bool = False
    where: tuple = ()
    axis: int | None = None
    name: str = ""  # how the factor reads, `{0}`, `{1}` the inputs (else the op's local_names)
    parts: Mapping[str, np.ndarray] = _NO_PARTS  # named pieces (ŷ and t)

    # Compared as objects, not field by field: the factors are arrays.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def apply(self, upstream: np.ndarray) -> np.ndarray:
        """The downstream gradient this local derivative sends for `upstream`."""
        return _APPLY[self.rule](self, upstream)

    def frozen(self) -> Local:
        """A copy whose factor is a read-only array of its own, for a trace."""
        if self.factor is None or (self.factor.base is None and not self.factor.flags.writeable
                                   and not self.parts):
            return self  # nothing can change it (see frozen_product)
        parts = MappingProxyType({key: _read_only(value) for key, value in self.parts.items()})
        return self._replace(factor=_read_only(self.factor), parts=parts)


def _read_only(array: np.ndarray) -> np.ndarray:
    copy = np.array(array, copy=True)
    copy.setflags(write=False)
    return copy


def product(factor, shape: tuple[int, ...], name: str = "",
            parts: Mapping[str, np.ndarray] | None = None) -> Local:
    """downstream = upstream ∘ factor (reduced to the input's `shape` by the graph)."""
    return Local(PRODUCT, np.asarray(factor), tuple(shape), name=name, parts=parts or _NO_PARTS)


def frozen_product(factor: float) -> Local:
    """downstream = upstream · factor for a scalar input, the factor a NumPy float
    (immutable, read as a 0-d array: a scalar circuit's local derivative, for its
    trace); the factors of + and − are one shared object each."""
    if factor == 1.0 or factor == -1.0:
        return _UNIT_PRODUCTS[factor]
    return Local(PRODUCT, _FLOAT64(factor))


def matrix_product(factor: np.ndarray, side: str, upstream_shape: tuple[int, int],
                   shape: tuple[int, ...], upstream_transposed: bool = False,
                   name: str = "") -> Local:
    """downstream = upstream · factor (`side` right) or factor · upstream (`side` left);
    the upstream as an `upstream_shape` matrix, transposed first if asked (δᵀ X)."""
    return Local(MATMUL, factor, tuple(shape), side, tuple(upstream_shape), upstream_transposed,
                 name=name)


def moved(rule: str, shape: tuple[int, ...], where: tuple = (), axis: int | None = None) -> Local:
    """A local derivative that moves numbers without scaling them (slice, rows, reshape…)."""
    return Local(rule, None, tuple(shape), where=where, axis=axis)


def _product(local: Local, upstream: np.ndarray) -> np.ndarray:
    factor = local.factor
    if factor.ndim == 0 and factor == 1.0:
        return upstream  # + passes the upstream on as it is
    return upstream * factor


def _matmul(local: Local, upstream: np.ndarray) -> np.ndarray:
    as_matrix = upstream.reshape(local.upstream_shape)
    if local.upstream_transposed:
        as_matrix = as_matrix.T
    result = as_matrix @ local.factor if local.side == RIGHT else local.factor @ as_matrix
    return result.reshape(local.shape)


def _slice(local: Local, upstream: np.ndarray) -> np.ndarray:
    return upstream[local.where]


def _embed(local: Local, upstream: np.ndarray) -> np.ndarray:
    grad = np.zeros(local.shape, dtype=upstream.dtype)
    grad[local.where] = upstream
    return grad


def _scatter(local: Local, upstream: np.ndarray) -> np.ndarray:
    grad = np.zeros(local.shape, dtype=upstream.dtype)
    np.add.at(grad, local.where[0], upstream)  # a row looked up twice gets both gradients
    return grad


def _spread(local: Local, upstream: np.ndarray) -> np.ndarray:
    if local.axis is not None:
        upstream = np.expand_dims(upstream, local.axis)
    return np.broadcast_to(upstream, local.shape)


def _reshape(local: Local, upstream: np.ndarray) -> np.ndarray:
    return np.reshape(upstream, local.shape)


def _transpose(local: Local, upstream: np.ndarray) -> np.ndarray:
    return upstream.T


_APPLY = {PRODUCT: _product, MATMUL: _matmul, SLICE: _slice, EMBED: _embed,
          SCATTER: _scatter, SPREAD: _spread, RESHAPE: _reshape, TRANSPOSE: _transpose}

# Immutable, so every + and − of every trace can share them.
_FLOAT64 = np.float64
_UNIT_PRODUCTS = {1.0: Local(PRODUCT, _FLOAT64(1.0)), -1.0: Local(PRODUCT, _FLOAT64(-1.0))}
