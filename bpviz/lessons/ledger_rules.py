"""One contribution of a backward step written out: `downstream = upstream × local` in the
lecture's notation, with the factors the engine recorded and the rule that combines them.

Nothing here computes a derivative: every number is a recorded array (the upstream, the
local factor, the downstream); the rules only decide how it reads.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpviz.engine import BackwardStep, Contribution, Trace
from bpviz.engine.local import (
    EMBED, LEFT, MATMUL, PRODUCT, RESHAPE, SCATTER, SLICE, SPREAD, TRANSPOSE, Local,
)
from bpviz.formatting import MINUS, number, preview, shape_text
from bpviz.lessons.notation import Notation, wrapped
from bpviz.lessons.rich_text import Rich, plain, shape

# How a line's value comes from its factors (the JSON contract of `bpviz ledger`).
COMBINE_PRODUCT, COMBINE_MATMUL, COMBINE_SUM, COMBINE_VALUE = "product", "matmul", "sum", "value"


@dataclass(frozen=True)
class Factor:
    """One named quantity a line combines, with the exact value the engine recorded."""

    name: str
    value: np.ndarray


@dataclass(frozen=True)
class Rhs:
    """A line's right-hand side: with shapes (`symbolic`), without (`term`, for a sum),
    with numbers for an all-scalar line, and how its factors combine to its value."""

    symbolic: Rich
    term: Rich
    numeric: str = ""
    combine: str = COMBINE_PRODUCT
    factors: tuple[Factor, ...] = ()


@dataclass(frozen=True)
class Frame:
    """Whose gradient a line writes: the output's (J) or a score's (s, for ∂s/∂W = δ xᵀ)."""

    notation: Notation
    of: int

    @property
    def trace(self) -> Trace:
        return self.notation.trace


def fill(template: str, names: Sequence[Rich], out: Rich, settings: Mapping[str, Any]) -> Rich:
    """An op's presentation template with the inputs' names: `{1}ᵀ` → `xᵀ`; a template that
    is one name alone (`{1}`) gives it without parentheses."""
    if template.startswith("{") and template.endswith("}") and template[1:-1].isdigit():
        return names[int(template[1:-1])]
    result = Rich()
    pieces = list(string.Formatter().parse(template))
    for position, (literal, field, spec, _) in enumerate(pieces):
        if literal.startswith("ᵀ") and result.plain.endswith("ᵀ"):
            result, literal = _untransposed(result), literal[1:]  # (Wᵀ)ᵀ is W
        result = result + literal
        if field is None:
            continue
        following = pieces[position + 1][0] if position + 1 < len(pieces) else ""
        if field.isdigit() and literal.endswith("(") and following.startswith(")"):
            result = result + names[int(field)]  # sign(-y), not sign((-y))
        elif field.isdigit():
            result = result + wrapped(names[int(field)])
        elif field == "out":
            result = result + wrapped(out)
        else:
            result = result + format(settings[field], spec or "")
    return result


def _untransposed(text: Rich) -> Rich:
    """The text without its final ᵀ."""
    runs = list(text.runs)
    last, role = runs[-1]
    runs[-1] = (last[:-1], role)
    return Rich(tuple(run for run in runs if run[0]))


def local_symbol(frame: Frame, step: BackwardStep, part: Contribution) -> Rich:
    """How the local derivative reads: `u`, `xᵀ`, `1 − tanh²(z)`, `f′(z)` for an array."""
    notation = frame.notation
    info = frame.trace.node(step.node)
    op = info.presenter()
    if op.activation and frame.trace.node(part.to).shape:
        return plain("f′(") + notation.symbol(part.to) + ")"
    template = part.local.name or op.local_names[part.index]
    names = [notation.symbol(parent) for parent in info.parents]
    return fill(template, names, notation.symbol(step.node), info.settings)


def with_shape(name: Rich, dims: Sequence[int]) -> Rich:
    """`δ (8)`: a name followed by its shape."""
    return name + " " + shape(dims)


def times(*numbers: str) -> str:
    """`1 × (−1)`: a negative factor after the first is parenthesised."""
    return " × ".join(n if i == 0 or not n.startswith(MINUS) else f"({n})"
                      for i, n in enumerate(numbers))


def _is_scalar(*arrays: np.ndarray) -> bool:
    return all(np.ndim(array) == 0 for array in arrays)


def write(frame: Frame, step: BackwardStep, part: Contribution) -> Rhs:
    """The right-hand side of `part`'s line in `frame`, by the rule its Local records."""
    return _WRITERS[part.local.rule](frame, step, part)


def _upstream(frame: Frame, step: BackwardStep) -> tuple[Rich, bool]:
    """The upstream's name, and whether it is the seed 1 (the pass starts at this node)."""
    return (frame.notation.upstream(step.node, frame.of),
            frame.notation.is_seed(step.node, frame.of))


def _product(frame: Frame, step: BackwardStep, part: Contribution) -> Rhs:
    """upstream ∘ local: numbers when all is scalar; shapes, and Σ where broadcasting spread."""
    up, seed = _upstream(frame, step)
    factor = part.local.factor
    local = local_symbol(frame, step, part)
    passes = factor.ndim == 0 and float(factor) == 1.0  # + hands the upstream on as it is
    negates = factor.ndim == 0 and float(factor) == -1.0
    if seed:
        factors = (Factor(local.plain, factor),)
    elif passes:
        factors = (Factor(up.plain, step.upstream),)
    else:
        factors = (Factor(up.plain, step.upstream), Factor(local.plain, factor))
    if _is_scalar(step.upstream, factor, part.downstream):
        return _scalar_product(up, seed, local, factor, step.upstream, factors)
    if seed:
        symbolic, term = with_shape(local, np.shape(factor)), local
    elif passes or negates:
        sign = MINUS if negates else ""
        symbolic, term = sign + with_shape(up, np.shape(step.upstream)), sign + up
    else:
        operator = " ∘ " if np.ndim(step.upstream) and factor.ndim else " × "
        local = local if _single(local) else "(" + local + ")"
        symbolic = (with_shape(up, np.shape(step.upstream)) + operator
                    + with_shape(local, np.shape(factor)))
        term = up + operator + local
    if np.shape(step.upstream * factor) != part.downstream.shape:
        return _summed(symbolic, term, factors, part.downstream.shape)
    return Rhs(symbolic, term, factors=factors)


def _scalar_product(up: Rich, seed: bool, local: Rich, factor: np.ndarray,
                    upstream: np.ndarray, factors: tuple[Factor, ...]) -> Rhs:
    """`∂f/∂x = ∂f/∂(x+y) × 1 = 2 × 1`; at the seed just the local derivative."""
    local_text = local if _single(local) else "(" + local + ")"
    if seed:
        numeric = number(factor) if local.plain != number(factor) else ""
        return Rhs(local, local, numeric, factors=factors)
    return Rhs(up + " × " + local_text, Rich(), times(number(upstream), number(factor)),
               factors=factors)


def _single(name: Rich) -> bool:
    """Whether a factor reads as one term after `×` (no top-level space or leading minus)."""
    text, depth = name.plain, 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == " " and depth == 0:
            return False
    return not text.startswith(MINUS)


def _summed(symbolic: Rich, term: Rich, factors: tuple[Factor, ...],
            shape_to: tuple[int, ...]) -> Rhs:
    """Broadcasting spread the input out, so its gradient sums back: Σ over those axes,
    written as a product with a row of ones."""
    spread = np.asarray(factors[0].value)
    for factor in factors[1:]:
        spread = spread * factor.value
    size = int(np.prod(shape_to)) if shape_to else 1
    leading = spread.shape[spread.ndim - len(shape_to):] == tuple(shape_to) if shape_to else True
    sigma = "Σ(" + symbolic + ")", "Σ(" + term + ")"
    if not leading:  # a sum over inner axes: no single product of ones says it
        return Rhs(*sigma, combine=COMBINE_VALUE)
    rows = spread.reshape(-1, size)
    named = Factor("1ᵀ", np.ones((1, rows.shape[0]))), Factor(term.plain, rows)
    return Rhs(*sigma, combine=COMBINE_MATMUL, factors=named)


def _matmul(frame: Frame, step: BackwardStep, part: Contribution) -> Rhs:
    """A matrix product in the order the engine multiplies: `δ (8×1) xᵀ (1×20)`, `Wᵀ δ`."""
    local = part.local
    up, _ = _upstream(frame, step)
    up_matrix = np.asarray(step.upstream).reshape(local.upstream_shape)
    if local.upstream_transposed:
        up, up_matrix = up + "ᵀ", up_matrix.T
    factor = local_symbol(frame, step, part)
    pieces = [(up, up_matrix), (factor, local.factor)]
    if local.side == LEFT:
        pieces.reverse()
    symbolic = Rich()
    for position, (name, value) in enumerate(pieces):
        symbolic = symbolic + (" " if position else "") + with_shape(name, value.shape)
    term = pieces[0][0] + " " + pieces[1][0]
    return Rhs(symbolic, term, combine=COMBINE_MATMUL,
               factors=tuple(Factor(name.plain, value) for name, value in pieces))


def _moved(description: str):
    """A rule for a local derivative that moves the upstream without scaling it."""
    def rule(frame: Frame, step: BackwardStep, part: Contribution) -> Rhs:
        up, _ = _upstream(frame, step)
        where = _where_text(part.local)
        shown = up if np.ndim(step.upstream) == 0 else wrapped(up)
        text = description.format(where=where, shape=shape_text(part.local.shape))
        if part.local.rule == SPREAD and part.local.axis is not None:
            text = f"copied along axis {part.local.axis} ({shape_text(part.local.shape)})"
        symbolic = shown + text if text.startswith(("[", "ᵀ")) else with_shape(up, np.shape(
            step.upstream)) + " " + text
        term = shown + text if text.startswith(("[", "ᵀ")) else up
        return Rhs(symbolic, term, factors=(Factor(symbolic.plain, part.downstream),))
    return rule


def _where_text(local: Local) -> str:
    """`[4:8]`, `[:, 4:8]`, `[3, 0, 3]`: the slice or rows a moving rule uses."""
    if local.rule == SCATTER:
        return "[" + ", ".join(str(int(row)) for row in np.ravel(local.where[0])) + "]"
    pieces = []
    for piece in local.where:
        pieces.append(":" if piece == slice(None) else f"{piece.start}:{piece.stop}")
    return "[" + ", ".join(pieces) + "]"


_WRITERS = {
    PRODUCT: _product,
    MATMUL: _matmul,
    SLICE: _moved("{where}"),
    EMBED: _moved("in rows {where}, 0 elsewhere"),
    SCATTER: _moved("added into rows {where} of a table of zeros"),
    SPREAD: _moved("copied to every element ({shape})"),
    RESHAPE: _moved("reshaped to {shape}"),
    TRANSPOSE: _moved("ᵀ"),
}


def local_text(frame: Frame, step: BackwardStep, part: Contribution) -> Rich:
    """The local derivative alone, for the inspector: `∂s/∂u = h`, `∂h/∂z = 1 − tanh²(z)`."""
    notation = frame.notation
    info = frame.trace.node(step.node)
    op = info.presenter()
    lhs = "∂" + wrapped(notation.symbol(step.node)) + "/∂" + wrapped(notation.symbol(part.to))
    template = part.local.name or op.local_names[part.index]
    names = [notation.symbol(parent) for parent in info.parents]
    local = fill(template, names, notation.symbol(step.node), info.settings)
    if part.local.rule == MATMUL:
        side = "on the left of" if part.local.side == LEFT else "on the right of"
        return (plain("local factor ") + with_shape(local, part.local.factor.shape)
                + f", multiplied {side} the upstream")
    if part.local.rule != PRODUCT:
        return lhs + ": " + local
    if op.activation and np.ndim(part.local.factor):
        lhs = plain("f′(") + notation.symbol(part.to) + ")"
    value = part.local.factor
    shown = number(value) if value.ndim == 0 else preview(value)
    text = lhs + " = " + local
    return text if local.plain == shown else text + " = " + shown
