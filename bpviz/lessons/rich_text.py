"""Text with structure: runs of plain text, subscripts and shapes, so a view can set `s_c`
as s with a subscript c and `(8×20)` in a muted colour without parsing anything."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from bpviz.formatting import shape_text

TEXT, SUB, SHAPE = "text", "sub", "shape"


@dataclass(frozen=True)
class Rich:
    """A sequence of (text, role) runs; roles are TEXT, SUB (a subscript) and SHAPE."""

    runs: tuple[tuple[str, str], ...] = ()

    @property
    def plain(self) -> str:
        """The text as one line, subscripts written `_c` as typed."""
        return "".join(("_" + text) if role == SUB else text for text, role in self.runs)

    def __add__(self, other: Rich | str) -> Rich:
        other = plain(other) if isinstance(other, str) else other
        return Rich(self.runs + other.runs)

    def __radd__(self, other: str) -> Rich:
        return plain(other) + self

    def __bool__(self) -> bool:
        return any(text for text, _ in self.runs)


def plain(text: str) -> Rich:
    """Plain text, nothing in it read as notation."""
    return Rich(((text, TEXT),)) if text else Rich()


def symbol(name: str) -> Rich:
    """A name in the lecture's notation: `s_c` is s with subscript c, `x_museums` likewise.

    Only the first underscore starts a subscript; a name without one is plain. In a longer
    label (a sub-formula such as `x_1**2*exp(-x_2)`) each name is set so, the rest plain: a
    subscript never runs past its name.
    """
    if not all(map(_in_name, name)):
        runs: list[tuple[str, str]] = []
        for is_name, chars in groupby(name, key=_in_name):
            piece = "".join(chars)
            for text, role in (_one_symbol(piece) if is_name else plain(piece)).runs:
                if runs and role == TEXT == runs[-1][1]:
                    runs[-1] = (runs[-1][0] + text, TEXT)  # one run of plain text
                else:
                    runs.append((text, role))
        return Rich(tuple(runs))
    return _one_symbol(name)


def _in_name(char: str) -> bool:
    """Whether `char` belongs to a name: a letter (ᵀ too), a digit or an underscore."""
    return char.isalnum() or char == "_"


def _one_symbol(name: str) -> Rich:
    base, underscore, subscript = name.partition("_")
    if not underscore or not base or not subscript:
        return plain(name)
    transpose = "ᵀ" if subscript.endswith("ᵀ") else ""
    return Rich(((base, TEXT), (subscript.removesuffix("ᵀ"), SUB))) + transpose


def shape(dims: Sequence[int]) -> Rich:
    """`(8×20)`, set as a shape."""
    return Rich(((f"({shape_text(dims)})", SHAPE),))


def join(parts: Iterable[Rich | str], separator: str) -> Rich:
    """The parts with `separator` between them."""
    result = Rich()
    for position, part in enumerate(parts):
        result = result + (separator if position else "") + part
    return result
