"""Operations that move numbers without changing them: concatenation, row lookup, a run of
rows, reshape, transpose."""

from __future__ import annotations

import numpy as np

from bpviz.engine.ops.base import Op


class Concat(Op):
    """[a; b; …] along an axis;  each input gets back its own slice of the upstream."""

    name = "concat"

    def __init__(self, count: int, axis: int = 0) -> None:
        self.axis = axis
        self.templates = tuple(
            f"∂[…]/∂{{{index}}} = its slice of the upstream" for index in range(count))

    def describe(self) -> str:
        return "concat" if self.axis == 0 else f"concat(axis={self.axis})"

    def forward(self, *parts):
        return np.concatenate(parts, axis=self.axis)

    def vjp(self, index, upstream, inputs, output):
        sizes = [part.shape[self.axis] for part in inputs]
        start = sum(sizes[:index])
        return np.take(upstream, np.arange(start, start + sizes[index]), axis=self.axis)


class Lookup(Op):
    """Rows `indices` of an embedding matrix L;  ∂/∂L adds the upstream into those rows.

    A row that is looked up twice receives both gradients added (sparse update of L).
    """

    name = "lookup"
    symbols = ("L",)
    templates = ("∂{0}[i]/∂{0} = upstream added into row i",)

    def __init__(self, indices) -> None:
        self.indices = np.asarray(indices, dtype=np.intp)

    def describe(self) -> str:
        return f"lookup(rows={self.indices.tolist()})"

    def forward(self, table):
        if table.ndim != 2:
            raise ValueError("lookup needs a 2-D table of row vectors")
        return table[self.indices]

    def vjp(self, index, upstream, inputs, output):
        table_grad = np.zeros_like(inputs[0])
        np.add.at(table_grad, self.indices, upstream)
        return table_grad


class Rows(Op):
    """Rows start … stop − 1 of a (along the first axis);  ∂/∂a is the upstream in those
    rows and zero elsewhere."""

    name = "rows"
    templates = ("∂{0}[start:stop]/∂{0} = upstream in those rows, 0 elsewhere",)

    def __init__(self, start: int, stop: int) -> None:
        if not 0 <= start < stop:
            raise ValueError(f"rows {start}:{stop} is not a run of at least one row")
        self.start, self.stop = start, stop

    def describe(self) -> str:
        return f"rows[{self.start}:{self.stop}]"

    def forward(self, a):
        if a.ndim == 0 or self.stop > a.shape[0]:
            raise ValueError(f"rows {self.start}:{self.stop} of an array of shape {a.shape}")
        return a[self.start:self.stop]

    def vjp(self, index, upstream, inputs, output):
        grad = np.zeros_like(inputs[0], dtype=np.result_type(upstream, inputs[0]))
        grad[self.start:self.stop] = upstream
        return grad


class Reshape(Op):
    """The same numbers in a new shape;  ∂/∂a is the upstream in a's shape."""

    name = "reshape"
    templates = ("∂reshape({0})/∂{0} = upstream in the shape of {0}",)

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = tuple(shape)

    def describe(self) -> str:
        return f"reshape{self.shape}"

    def forward(self, a):
        return np.reshape(a, self.shape)

    def vjp(self, index, upstream, inputs, output):
        return np.reshape(upstream, inputs[0].shape)


class Transpose(Op):
    """Aᵀ (a matrix's rows become its columns);  ∂/∂A is the upstream transposed back."""

    name = "transpose"
    templates = ("∂{0}ᵀ/∂{0} = upstreamᵀ",)

    def forward(self, a):
        if a.ndim != 2:
            raise ValueError("transpose needs a matrix")
        return a.T

    def vjp(self, index, upstream, inputs, output):
        return upstream.T
