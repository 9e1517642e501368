"""The interface every operation implements: forward, one vector–Jacobian product per input."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# Labels that read as one operand without parentheses: names, numbers, calls like max(y,z).
_ATOMIC = re.compile(r"[\w.′ᵀ]+")
_CALL = re.compile(r"[\w.]+\(.*\)")
_GENERIC_NAMES = {1: ("z",), 2: ("a", "b")}


def operand(label: str) -> str:
    """A label as it reads inside a formula: parenthesised unless it is a single term."""
    if _ATOMIC.fullmatch(label) or (_CALL.fullmatch(label) and _balanced_outer(label)):
        return label
    return f"({label})"


def _balanced_outer(label: str) -> bool:
    """Whether the parenthesis opened after the function name closes at the very end."""
    depth = 0
    start = label.index("(")
    for position, char in enumerate(label[start:], start):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return position == len(label) - 1
    return False


class Op:
    """An operation on arrays.

    `forward(*inputs)` computes the output; `vjp(index, upstream, inputs, output)` returns
    the downstream gradient for input `index` in the output's (broadcast) shape; the graph
    reduces it to the input's shape. `templates[index]` is input `index`'s local gradient
    with `{0}`, `{1}`, … standing for the inputs' names, for display.
    Ops with kinks (ReLU, max, |·|, hinge) return from `branches` which piece of the
    function each element is on, so the gradient check can see a kink being crossed.
    """

    name: str = "op"
    templates: tuple[str, ...] = ()
    symbols: tuple[str, ...] | None = None  # the lecture's names for the inputs, if it has some

    @property
    def arity(self) -> int:
        """How many inputs the op takes."""
        return len(self.templates)

    def formula(self, index: int, names: Sequence[str] | None = None) -> str:
        """The local gradient for input `index`, written with the inputs' `names`."""
        if names is None:
            names = (self.symbols or _GENERIC_NAMES.get(self.arity)
                     or [f"x{i + 1}" for i in range(self.arity)])
        return self.templates[index].format(*(operand(name) for name in names))

    @property
    def formulas(self) -> tuple[str, ...]:
        """Every input's local gradient in generic names (z; a, b), e.g. `∂(a·b)/∂a = b`."""
        return tuple(self.formula(index) for index in range(self.arity))

    def forward(self, *inputs: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def vjp(self, index: int, upstream: np.ndarray, inputs: tuple[np.ndarray, ...],
            output: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def branches(self, *inputs: np.ndarray) -> np.ndarray | None:
        """Which smooth piece each element lies on; None for ops without kinks."""
        return None

    def describe(self) -> str:
        """The op's name with its settings, e.g. `sum(axis=0)`."""
        return self.name
