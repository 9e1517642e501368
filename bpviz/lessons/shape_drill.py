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
from bpviz.lessons.ledger_rules import COMBINE_MATMUL, COMBINE_PRODUCT, COMBINE_SUM, Factor
from bpviz.lessons.practice_grading import close

MATRIX, ELEMENTWISE, SCALAR, SUM = "·", "∘", "×", "+"
PRODUCTS = (MATRIX, ELEMENTWISE, SCALAR)
OPERATORS = (*PRODUCTS, SUM)  # + adds whole terms: products are worked out first


class DrillError(ValueError):
    """A tile or product that cannot go where it was placed; the message says why."""


@dataclass(frozen=True)
class Tile:
    """A factor of the ledger, as a matrix (a vector as a column), or a number."""

    name: str
    value: np.ndarray

    @property
    def label(self) -> str:
        """`δ (8×1)`, `∂J/∂s (scalar)`."""
        return f"{self.name} ({shape_text(self.value.shape)})"


@dataclass(frozen=True)
class DrillTask:
    """Assemble `name` (the ledger line's left side), whose value is `expected`."""

    name: str
    expected: np.ndarray
    answer: str  # the ledger's own assembly, `δ · xᵀ`, shown when the student gives up
    own: str = ""  # the tile that is this gradient itself (δ_c for `δ_c (8)`): never offered

    def tiles(self, tiles: tuple[Tile, ...]) -> tuple[Tile, ...]:
        """The tiles to assemble this task from: all but its own (it is the answer)."""
        return tuple(tile for tile in tiles if tile.name != self.own)


def _matrix(value) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    return array.reshape(-1, 1) if array.ndim == 1 else array


def drill_tasks(trace: Trace, output_name: str | None = None, ledger: Ledger | None = None
                ) -> tuple[tuple[DrillTask, ...], tuple[Tile, ...]]:
    """The pass's array gradients that the ledger writes as products of its factors, as
    tasks, and every factor they use as the tiles, each once; ((), ()) for a lesson
    without any. A task is one product of two arrays (∂s/∂W = δ · xᵀ), a loss-level
    gradient through a score (∂J/∂W via Wx = ∂J/∂s × δ · xᵀ), or a branch's sum of such
    products (∂J/∂W = ∂J/∂s × δ · xᵀ + ∂J/∂s_c × δ_c · x_cᵀ). `ledger`: the trace's
    ledger where one is built already (else one is built here)."""
    tasks: list[DrillTask] = []
    tiles: dict[str, Tile] = {}
    seen: list[LedgerLine] = []
    for entry in (ledger if ledger is not None else Ledger(trace, output_name)).entries:
        for line in entry.lines:
            seen.append(line)
            chain = _chain(line, seen)
            if chain is not None and (_task(line) is not None or _nested(chain)):
                tasks.append(_drill(line, [chain], tiles))
        for line in entry.sums:
            chains = [_part_chain(line.target, factor, seen) for factor in line.factors]
            if np.ndim(line.value) and chains and None not in chains \
                    and not line.result.endswith("so far"):
                tasks.append(_drill(line, chains, tiles))
    # One task per assembly: ∂J/∂Wx is assembled as ∂J/∂z is, and asked once.
    unique = {task.answer: task for task in reversed(tasks)}
    return tuple(task for task in tasks if unique[task.answer] is task), tuple(tiles.values())


Chain = list  # the tokens of one product: factors and the products between them, in order


def _drill(line: LedgerLine, chains: list[Chain], tiles: dict[str, Tile]) -> DrillTask:
    """The task for `line` assembled as `chains` added up, its factors kept as tiles."""
    for chain in chains:
        for token in chain:
            if isinstance(token, Factor):
                tiles.setdefault(token.name, Tile(token.name, _matrix(token.value)))
    answer = f" {SUM} ".join(" ".join(token.name if isinstance(token, Factor) else token
                                      for token in chain) for chain in chains)
    name = line.lhs.plain
    own = name.removesuffix(f" ({shape_text(np.shape(line.value))})")
    return DrillTask(name, _expected(line.value, chains), answer, own)


def _expected(value: np.ndarray, chains: list[Chain]) -> np.ndarray:
    """The value in the shape the ledger's assembly gives: a vector as a column, or as a
    row where the ledger wrote it as one (∂J/∂b̃ = 1ᵀ · ∂J/∂(WW̃ᵀ + b + b̃), a sum of rows)."""
    matrix = _matrix(value)
    chain = chains[0]
    if len(chains) == 1 and len(chain) == 3 and chain[1] == MATRIX and np.ndim(value) == 1:
        rows, columns = _matrix(chain[0].value).shape[0], _matrix(chain[2].value).shape[1]
        if rows == 1 and columns == matrix.shape[0]:
            return matrix.reshape(1, -1)
    return matrix


def _task(line: LedgerLine) -> str | None:
    """The product of a line that multiplies two arrays (· or ∘), else None."""
    factors = line.factors
    if len(factors) != 2 or any(np.ndim(f.value) == 0 for f in factors):
        return None
    if line.combine == COMBINE_MATMUL:
        return MATRIX
    if line.combine == COMBINE_PRODUCT and np.shape(factors[0].value) == np.shape(
            factors[1].value):
        return ELEMENTWISE
    return None


def _chain(line: LedgerLine, seen: list[LedgerLine]) -> Chain | None:
    """`line` as factors and products (None if it is not a product of two factors): a
    number times an array, the array written out where the ledger wrote it as a product
    itself (∂J/∂s × ∂s/∂W → ∂J/∂s × δ · xᵀ), or two arrays by · or ∘."""
    if not np.ndim(line.value):
        return None
    product = _task(line)
    if product is not None:
        return [line.factors[0], product, line.factors[1]]
    factors = line.factors
    if line.combine != COMBINE_PRODUCT or len(factors) != 2:
        return None
    number, array = factors if np.ndim(factors[0].value) == 0 else factors[::-1]
    if np.ndim(number.value) or not np.ndim(array.value):
        return None
    inner = _written_as(array, seen)
    return [number, SCALAR, *(inner if inner is not None else [array])]


def _nested(chain: Chain) -> bool:
    """Whether a number's product reaches into an array product (a loss-level gradient)."""
    return SCALAR in chain and (MATRIX in chain or ELEMENTWISE in chain)


def _written_as(factor: Factor, seen: list[LedgerLine]) -> Chain | None:
    """The product (or the single factor) an earlier line wrote `factor` as, if any."""
    shape = np.shape(factor.value)
    names = {factor.name, f"{factor.name} ({shape_text(shape)})"}
    for line in reversed(seen):
        if line.lhs.plain not in names or not np.array_equal(line.value, factor.value):
            continue
        product = _task(line)
        if product is not None:
            return [line.factors[0], product, line.factors[1]]
        if len(line.factors) == 1 and np.shape(line.factors[0].value) == shape:
            return [line.factors[0]]
        return None
    return None


def _part_chain(target: int, part: Factor, seen: list[LedgerLine]) -> Chain | None:
    """One term of a branch's sum as a chain: the last line before it that sent this
    part to `target` (the loss-level line where the ledger wrote two)."""
    for line in reversed(seen):
        if line.target == target and line.combine != COMBINE_SUM \
                and np.array_equal(line.value, part.value):
            return _chain(line, seen)
    return None


@dataclass
class Assembly:
    """What the student has placed so far: terms joined by +, each a tile, product, tile, …
    worked out left to right as it is placed."""

    tiles: tuple[Tile, ...]
    placed: list[str] = field(default_factory=list)
    value: np.ndarray | None = None   # the term being placed
    terms: list[np.ndarray] = field(default_factory=list)  # the terms before the last +
    _product: str | None = None
    _term_start: int = 0  # where the term being placed starts in `placed`

    def place(self, token: str) -> None:
        """Place a tile (by name), a product or +; DrillError, and nothing placed, if it
        does not fit there."""
        if token in OPERATORS:
            if self.value is None or self._product is not None:
                raise DrillError(f"{token} needs a tile on its left")
            if token == SUM:
                self._end_term()
            else:
                self._product = token
        else:
            tile = self._tile(token)
            if self.value is None:
                self.value = tile.value
            elif self._product is None:
                raise DrillError(f"put ·, ∘, × or + between {self.placed[-1]} and {tile.name}")
            else:
                left = " ".join(self.placed[self._term_start:-1])  # left of the product
                self.value = _combine(left, self.value, self._product, tile)
                self._product = None
        self.placed.append(token)

    def _end_term(self) -> None:
        """+ after a whole term: it must have the shape of the terms before it."""
        self._check_term()
        self.terms.append(self.value)
        self.value = None
        self._term_start = len(self.placed) + 1

    def _check_term(self) -> None:
        if self.terms and self.value.shape != self.terms[0].shape:
            first = " ".join(self.placed[:self.placed.index(SUM)])
            term = " ".join(self.placed[self._term_start:])
            raise DrillError(f"{first} ({shape_text(self.terms[0].shape)}) + {term} "
                             f"({shape_text(self.value.shape)}): + adds arrays of one shape")

    def _tile(self, name: str) -> Tile:
        for tile in self.tiles:
            if tile.name == name:
                return tile
        raise DrillError(f"there is no tile {name!r}")

    def clear(self) -> None:
        self.placed.clear()
        self.terms.clear()
        self.value, self._product, self._term_start = None, None, 0

    @property
    def text(self) -> str:
        return " ".join(self.placed)

    def check(self, task: DrillTask) -> tuple[bool, str]:
        """Whether the assembly is `task`'s gradient, and what to tell the student."""
        if self.value is None or self._product is not None:
            return False, "not finished: end with a tile"
        try:
            self._check_term()
        except DrillError as error:
            return False, str(error)
        total = sum(self.terms, self.value)
        got, want = total.shape, task.expected.shape
        if got != want:
            return False, (f"{self.text} is {shape_text(got)}, but {task.name} is "
                           f"{shape_text(want)}: a gradient has the shape of its variable")
        if not close(total, task.expected):
            return False, f"the shape is right ({shape_text(got)}) but not the numbers"
        return True, f"correct: {task.name} = {self.text} ({shape_text(got)})"


def _combine(name: str, left: np.ndarray, product: str, tile: Tile) -> np.ndarray:
    right = tile.value
    if product == SCALAR:
        if left.ndim and right.ndim:
            raise DrillError(f"{name} ({shape_text(left.shape)}) × {tile.name} "
                             f"({shape_text(right.shape)}): × takes a number on one side; "
                             "use · for a matrix product, ∘ for one cell by cell")
        return left * right
    if not (left.ndim and right.ndim):
        number = name if not left.ndim else tile.name
        raise DrillError(f"{number} is a number: multiply by it with ×, not {product}")
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
