"""The words and numbers the circuit view writes: short numbers on the nodes, exact ones
in tooltips, gradients named in the lecture's notation (`∂J/∂W`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import numpy as np

from bpviz.engine import NodeInfo
from bpviz.engine.ops import operand
from bpviz.formatting import MINUS, exact, shape_text
from bpviz.formatting import number as _number


def op_text(info: NodeInfo) -> str:
    """The op as a node's caption: `add`, `matmul`, `max-margin`; nothing for a leaf."""
    return info.caption


def number(value: float) -> str:
    """A number as the circuit's cards print it: four significant digits, `−0.8249`."""
    return _number(value, 4)


def meta_text(info: NodeInfo) -> str:
    """Op and shape for a node's caption: `add · 8`, `8×20`."""
    op = op_text(info)
    return f"{op} · {shape_text(info.shape)}" if op else shape_text(info.shape)


def caption_text(info: NodeInfo) -> str:
    """A card's caption: `add · 8`, `8×20`, `scalar` for a scalar input, and only the op
    for a scalar op, whose single number already says it is one (the tooltip says it too)."""
    op = op_text(info)
    return op if op and info.shape == () else meta_text(info)


def grad_name(output: str, label: str) -> str:
    """`∂J/∂W`, `∂f/∂(x+y)`; the output's own gradient is `∂J/∂J`."""
    return f"∂{output}/∂{operand(label)}"


def index_text(index: Sequence[int]) -> str:
    """`[3, 17]`, `[3]`."""
    return "[" + ", ".join(str(i) for i in index) + "]"


def scalar_sum(name: str, parts: Sequence[float], total: float) -> str:
    """`∂f/∂y = 3 + 2 = 5`; one part reads `∂f/∂y = 3`, none `∂f/∂y = total`."""
    if len(parts) < 2:
        return f"{name} = {number(total)}"
    terms = number(parts[0]) + "".join(
        f" {MINUS} {number(-part)}" if float(part) < 0 else f" + {number(part)}"
        for part in parts[1:])
    return f"{name} = {terms} = {number(total)}"


def array_sum(sources: Sequence[str]) -> str:
    """`∂ = (from x_c) + (from x)`: which consumers' gradients the total adds up."""
    return " ".join(array_sum_terms(sources))


def array_sum_terms(sources: Sequence[str]) -> list[str]:
    """The sum's pieces, to wrap between: `∂ = (from x_c)`, `+ (from x)`."""
    return [("∂ = " if position == 0 else "+ ") + f"(from {source})"
            for position, source in enumerate(sources)]


def wrap_groups(terms: Sequence[str], measure: Callable[[str], float],
                width: float) -> list[list[str]]:
    """Terms grouped into lines no wider than `width` (a term wider than that gets its own);
    lines after the first are indented by two spaces."""
    groups: list[list[str]] = []
    line = ""
    for term in terms:
        if groups and measure(f"{line} {term}") <= width:
            groups[-1].append(term)
            line = f"{line} {term}"
        else:
            groups.append([term])
            line = term if len(groups) == 1 else f"  {term}"
    return groups


def wrap_terms(terms: Sequence[str], measure: Callable[[str], float], width: float) -> list[str]:
    """The lines of `wrap_groups` as text."""
    return [("  " if number else "") + " ".join(group)
            for number, group in enumerate(wrap_groups(terms, measure, width))]


def sum_html(groups: Sequence[Sequence[str]], arrived: Sequence[bool], done: str,
             pending: str) -> str:
    """Wrapped sum terms as rich text: terms that arrived in `done`'s colour, the rest in
    `pending`'s, so the sum visibly fills in as gradients come back."""
    flags = iter(arrived)
    lines = []
    for number, group in enumerate(groups):
        spans = [f"<span style='color:{done if next(flags) else pending}'>{escape(term)}</span>"
                 for term in group]
        lines.append(("&nbsp;&nbsp;" if number else "") + " ".join(spans))
    return "<br>".join(lines)


def array_sum_tooltip(name: str, sources: Sequence[str], parts: Sequence[np.ndarray]) -> str:
    """The parts of an array's accumulated gradient, with their numbers."""
    lines = [f"{name} = " + " + ".join(f"(from {source})" for source in sources)]
    lines += [f"  from {source}: {_array_text(part)}" for source, part in zip(sources, parts)]
    return "\n".join(lines)


def _array_text(array: np.ndarray) -> str:
    return np.array2string(np.asarray(array), precision=4, suppress_small=False,
                           max_line_width=72, separator=", ")
