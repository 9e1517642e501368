"""One row of a table as a vector: u_o = U[o], the outside vector of word o."""

from __future__ import annotations

import numpy as np

from bpviz.engine.local import SCATTER, moved
from bpviz.engine.ops.base import Op
from bpviz.engine.ops.registry import register


@register
class TableRow(Op):
    """Row `row` of a matrix U, as a vector;  ∂/∂U is the upstream in row `row`, 0 elsewhere."""

    name = "table_row"
    display = "row"
    pattern = "{0}[{row}]"
    symbols = ("U",)
    local_names = ("the upstream added into row {row}",)

    def __init__(self, row: int) -> None:
        self.row = int(row)

    def settings(self):
        return {"row": self.row}

    def forward(self, table):
        if table.ndim != 2 or not 0 <= self.row < table.shape[0]:
            raise ValueError(f"row {self.row} of an array of shape {table.shape}")
        return table[self.row]

    def local(self, index, inputs, output):
        return moved(SCATTER, inputs[0].shape, (np.array([self.row], dtype=np.intp),))
