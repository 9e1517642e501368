"""Operations that move numbers without changing them: concatenation, row lookup, a run of
rows, reshape, transpose."""

from __future__ import annotations

import numpy as np

from bpviz.engine.local import EMBED, RESHAPE, SCATTER, SLICE, TRANSPOSE, moved
from bpviz.engine.ops.base import Op
from bpviz.engine.ops.registry import register


@register
class Concat(Op):
    """[a; b; …] along an axis;  each input gets back its own slice of the upstream."""

    name = "concat"
    ordered_inputs = True

    def __init__(self, count: int, axis: int = 0) -> None:
        self.count, self.axis = count, axis

    @property
    def local_names(self) -> tuple[str, ...]:  # type: ignore[override]
        return ("its slice of the upstream",) * self.count

    def settings(self):
        return {"count": self.count, "axis": self.axis}

    def reads(self, names):
        return "[" + "; ".join(names) + "]"

    def forward(self, *parts):
        return np.concatenate(parts, axis=self.axis)

    def local(self, index, inputs, output):
        sizes = [part.shape[self.axis] for part in inputs]
        start = sum(sizes[:index])
        where = (slice(None),) * self.axis + (slice(start, start + sizes[index]),)
        return moved(SLICE, inputs[index].shape, where, self.axis)


@register
class Lookup(Op):
    """Rows `indices` of an embedding matrix L (one word vector per row);  ∂/∂L adds the
    upstream into those rows, so a row looked up twice gets both gradients (sparse update)."""

    name = "lookup"
    pattern = "{0}[rows]"
    symbols = ("L",)
    local_names = ("the upstream added into the looked-up rows",)

    def __init__(self, indices) -> None:
        self.indices = np.asarray(indices, dtype=np.intp)

    def settings(self):
        return {"rows": tuple(int(row) for row in self.indices)}

    def forward(self, table):
        if table.ndim != 2:
            raise ValueError("lookup needs a 2-D table of row vectors")
        return table[self.indices]

    def local(self, index, inputs, output):
        return moved(SCATTER, inputs[0].shape, (self.indices,))


@register
class Rows(Op):
    """Rows start … stop − 1 of a (along the first axis);  ∂/∂a is the upstream in those
    rows and zero elsewhere."""

    name = "rows"
    pattern = "{0}[{start}:{stop}]"
    local_names = ("the upstream in rows {start}:{stop}, 0 elsewhere",)

    def __init__(self, start: int, stop: int) -> None:
        if not 0 <= start < stop:
            raise ValueError(f"rows {start}:{stop} is not a run of at least one row")
        self.start, self.stop = start, stop

    def settings(self):
        return {"start": self.start, "stop": self.stop}

    def forward(self, a):
        if a.ndim == 0 or self.stop > a.shape[0]:
            raise ValueError(f"rows {self.start}:{self.stop} of an array of shape {a.shape}")
        return a[self.start:self.stop]

    def local(self, index, inputs, output):
        return moved(EMBED, inputs[0].shape, (slice(self.start, self.stop),))


@register
class Reshape(Op):
    """The same numbers in a new shape;  ∂/∂a is the upstream in a's shape."""

    name = "reshape"
    pattern = "{0}"
    local_names = ("the upstream in the shape of {0}",)

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = tuple(shape)

    def settings(self):
        return {"shape": self.shape}

    def forward(self, a):
        return np.reshape(a, self.shape)

    def local(self, index, inputs, output):
        return moved(RESHAPE, inputs[0].shape)


@register
class Transpose(Op):
    """Aᵀ (a matrix's rows become its columns);  ∂/∂A is the upstream transposed back."""

    name = "transpose"
    pattern = "{0}ᵀ"
    local_names = ("the upstream transposed",)

    def forward(self, a):
        if a.ndim != 2:
            raise ValueError("transpose needs a matrix")
        return a.T

    def local(self, index, inputs, output):
        return moved(TRANSPOSE, inputs[0].shape)
