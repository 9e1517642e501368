"""The interface every operation implements: forward, its local derivative as data, and how
it reads on screen. The vector–Jacobian product is the local derivative applied to the upstream."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bpviz.engine.local import Local, product

# Labels that read as one operand without parentheses: names, numbers, calls like max(y,z).
_ATOMIC = re.compile(r"[\w.′ᵀ\u0303]+")  # \u0303: the tilde of GloVe's W̃ and b̃
_CALL = re.compile(r"[\w.]+\(.*\)")
_GENERIC_NAMES = {1: ("z",), 2: ("a", "b")}

# How an op computes on Python floats (the scalars of a float64 graph), see Op.on_floats.
QUIET = "quiet"  # as written: Python raises (never warns), and NumPy cannot overflow here
NOISY = "noisy"  # as written, with NumPy's warnings off (exp, log, sqrt, ** can overflow)


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

    `forward(*inputs)` computes the output; `local(index, inputs, output)` is the local
    derivative for input `index` as data (see `bpviz.engine.local`), and `vjp` applies it
    to the upstream. Presentation is declared once, here: `display` (the node's caption),
    `pattern` (how the output reads, `{0} + {1}`), `local_names` (each input's local
    derivative in the lecture's notation, `{0}`, `{1}` the inputs, `{out}` the output).
    Ops with kinks (ReLU, max, |·|, hinge) return from `branches` which piece of the
    function each element is on, so the gradient check can see a kink being crossed.
    """

    name: str = "op"
    display: str = ""
    pattern: str = ""
    local_names: tuple[str, ...] = ()
    symbols: tuple[str, ...] | None = None  # the lecture's names for the inputs, if it has some
    activation: bool = False  # h = f(z): its local derivative is written f′(z)
    ordered_inputs: bool = False  # the order of the inputs shows (a concat's parts)
    # Whether `forward` and `factor` also take Python floats ("" if not, else QUIET or
    # NOISY): the engine then keeps a scalar circuit in floats, the same IEEE numbers.
    on_floats: str = ""
    # `floats(a[, b])`, if an op has it: its value and local derivatives (`factor`s) at
    # Python floats in one call, for ops where each is a line of arithmetic that cannot
    # raise; a scalar node then costs one Python call (see Graph.apply).
    floats = None

    @property
    def arity(self) -> int:
        """How many inputs the op takes."""
        return len(self.local_names)

    @property
    def caption(self) -> str:
        """The op as a node's caption: `add`, `max-margin`."""
        return self.display or self.name

    def settings(self) -> Mapping[str, Any]:
        """The op's settings as plain data (a slope, an axis, the looked-up rows)."""
        return {}

    @classmethod
    def presenting(cls, settings: Mapping[str, Any]) -> Op:
        """An op of this class with recorded `settings`, for its presentation only (no maths)."""
        presenter = cls.__new__(cls)
        presenter.__dict__.update(settings)
        recorded = dict(settings)
        presenter.settings = lambda: recorded  # type: ignore[method-assign]
        return presenter

    def reads(self, names: Sequence[str]) -> str:
        """How the output reads with its inputs called `names`: `a + b`, `tanh(z)`."""
        if not self.pattern:
            return f"{self.name}({', '.join(names)})"
        return self.pattern.format(*(operand(name) for name in names), **self.settings())

    def local_name(self, index: int, names: Sequence[str], output: str = "") -> str:
        """Input `index`'s local derivative in the lecture's notation: `b`, `1 − tanh²(z)`."""
        wrapped = [operand(name) for name in names]
        return self.local_names[index].format(*wrapped, out=operand(output or self.reads(names)),
                                              **self.settings())

    def formula(self, index: int, names: Sequence[str] | None = None) -> str:
        """`∂(a·b)/∂a = b`: the local derivative for input `index`, with the inputs' `names`."""
        if names is None:
            names = (self.symbols or _GENERIC_NAMES.get(self.arity)
                     or [f"x{i + 1}" for i in range(self.arity)])
        output = self.reads(names)
        return f"∂{operand(output)}/∂{operand(names[index])} = {self.local_name(index, names)}"

    @property
    def formulas(self) -> tuple[str, ...]:
        """Every input's local derivative in generic names (z; a, b), e.g. `∂(a·b)/∂a = b`."""
        return tuple(self.formula(index) for index in range(self.arity))

    def forward(self, *inputs: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def local(self, index: int, inputs: tuple[np.ndarray, ...], output: np.ndarray) -> Local:
        """∂output/∂input `index` in compact form, with the rule that applies it; by
        default the upstream times `factor` (element-wise)."""
        return product(self.factor(index, inputs, output), np.shape(inputs[index]))

    def factor(self, index: int, inputs: tuple, output):
        """∂output/∂input `index` as the number (or element-wise array) the upstream is
        multiplied by, for ops whose local derivative is such a product."""
        raise NotImplementedError

    def vjp(self, index: int, upstream: np.ndarray, inputs: tuple[np.ndarray, ...],
            output: np.ndarray) -> np.ndarray:
        """The downstream gradient for input `index`: its local derivative applied to `upstream`."""
        return self.local(index, inputs, output).apply(upstream)

    def branches(self, *inputs: np.ndarray) -> np.ndarray | None:
        """Which smooth piece each element lies on; None for ops without kinks."""
        return None

    def describe(self) -> str:
        """The op's name with its settings, e.g. `sum(axis=0)`, for messages."""
        settings = ", ".join(f"{key}={_setting_text(value)}" for key, value in self.settings().items())
        return f"{self.name}({settings})" if settings else self.name


def _setting_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(list(value) if isinstance(
        value, tuple) else value)
