"""The shape drill of the matrix lessons: assemble a gradient such as ∂s/∂W = δ xᵀ from
tiles (the ledger's factors) and the two products, `·` (matrix) and `∘` (element-wise).

Each tile is a factor the ledger recorded for the pass, with its shape (a vector is a
column, n×1); a product is checked as it is placed, and a non-conforming one is refused
with both shapes named. The finished assembly is checked against the ledger's value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpviz.engine import Trace
from bpviz.formatting import shape_text
from bpviz.lessons.ledger import Ledger, LedgerLine
from bpviz.lessons.ledger_rules import COMBINE_MATMUL, COMBINE_PRODUCT
from bpviz.lessons.practice_grading import close

MATRIX, ELEMENTWISE = "·", "∘"
PRODUCTS = (MATRIX, ELEMENTWISE)


class DrillError(ValueError):
    """A tile or product that cannot go where it was placed; the message says why."""


@dataclass(frozen=True)
class Tile:
    """A factor of the ledger, as a matrix (a vector as a column)."""

    name: str
    value: np.ndarray

    @property
    def label(self) -> str:
        """`δ (8×1)`."""
        return f"{self.name} ({shape_text(self.value.shape)})"


@dataclass(frozen=True)
class DrillTask:
    """Assemble `name` (the ledger line's left side), whose value is `expected`."""

    name: str
    expected: np.ndarray
    answer: str  # the ledger's own assembly, `δ · xᵀ`, shown when the student gives up


def _matrix(value) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    return array.reshape(-1, 1) if array.ndim <= 1 else array


def drill_tasks(trace: Trace, output_name: str | None = None
                ) -> tuple[tuple[DrillTask, ...], tuple[Tile, ...]]:
    """The pass's array products (matrix products and ∘ of arrays) as tasks, and every
    factor they use as the tiles, each once; ((), ()) for a lesson without any."""
    tasks: list[DrillTask] = []
    tiles: dict[str, Tile] = {}
    for entry in Ledger(trace, output_name).entries:
        for line in entry.lines:
            task = _task(line)
            if task is None:
                continue
            tasks.append(task)
            for factor in line.factors:
                tiles.setdefault(factor.name, Tile(factor.name, _matrix(factor.value)))
    return tuple(tasks), tuple(tiles.values())


def _task(line: LedgerLine) -> DrillTask | None:
    """A task for a line that multiplies two arrays, else None."""
    factors = line.factors
    if len(factors) != 2 or any(np.ndim(f.value) == 0 for f in factors):
        return None
    if line.combine == COMBINE_MATMUL:
        product = MATRIX
    elif line.combine == COMBINE_PRODUCT and np.shape(factors[0].value) == np.shape(
            factors[1].value):
        product = ELEMENTWISE
    else:
        return None
    return DrillTask(line.lhs.plain, _matrix(line.value),
                     f"{factors[0].name} {product} {factors[1].name}")


@dataclass
class Assembly:
    """What the student has placed so far: tile, product, tile, … evaluated left to right."""

    tiles: tuple[Tile, ...]
    placed: list[str] = field(default_factory=list)
    value: np.ndarray | None = None
    _product: str | None = None

    def place(self, token: str) -> None:
        """Place a tile (by name) or a product; DrillError, and nothing placed, if it does
        not fit there."""
        if token in PRODUCTS:
            if self.value is None or self._product is not None:
                raise DrillError(f"{token} needs a tile on its left")
            self._product = token
        else:
            tile = self._tile(token)
            if self.value is None:
                self.value = tile.value
            elif self._product is None:
                raise DrillError(f"put · or ∘ between {self.placed[-1]} and {tile.name}")
            else:
                left = " ".join(self.placed[:-1])  # what stands left of the product
                self.value = _combine(left, self.value, self._product, tile)
                self._product = None
        self.placed.append(token)

    def _tile(self, name: str) -> Tile:
        for tile in self.tiles:
            if tile.name == name:
                return tile
        raise DrillError(f"there is no tile {name!r}")

    def clear(self) -> None:
        self.placed.clear()
        self.value, self._product = None, None

    @property
    def text(self) -> str:
        return " ".join(self.placed)

    def check(self, task: DrillTask) -> tuple[bool, str]:
        """Whether the assembly is `task`'s gradient, and what to tell the student."""
        if self.value is None or self._product is not None:
            return False, "not finished: end with a tile"
        got, want = self.value.shape, task.expected.shape
        if got != want:
            return False, (f"{self.text} is {shape_text(got)}, but {task.name} is "
                           f"{shape_text(want)}: a gradient has the shape of its variable")
        if not close(self.value, task.expected):
            return False, f"the shape is right ({shape_text(got)}) but not the numbers"
        return True, f"correct: {task.name} = {self.text} ({shape_text(got)})"


def _combine(name: str, left: np.ndarray, product: str, tile: Tile) -> np.ndarray:
    right = tile.value
    if product == MATRIX:
        if left.shape[1] != right.shape[0]:
            raise DrillError(f"{name} ({shape_text(left.shape)}) · {tile.name} "
                             f"({shape_text(right.shape)}) does not conform: "
                             f"{left.shape[1]} columns against {right.shape[0]} rows")
        return left @ right
    if left.shape != right.shape:
        raise DrillError(f"{name} ({shape_text(left.shape)}) ∘ {tile.name} "
                         f"({shape_text(right.shape)}): ∘ needs two arrays of one shape")
    return left * right
