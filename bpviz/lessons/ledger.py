"""The chain-rule ledger: `downstream = upstream × local` for every backward step of a
trace, with the real numbers and shapes, in the lecture's notation.

Headless: everything the ledger panel shows is built here from the trace (its steps and
values); the panel only lays the lines out. Local factors such as f′(z) = 1 − tanh²(z)
are display quantities computed from the trace's recorded values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from bpviz.engine import BackwardStep, Contribution, ForwardStep, NodeInfo, Trace
from bpviz.engine.ops import softmax
from bpviz.engine.ops.base import operand
from bpviz.lessons.describe import description, op_name
from bpviz.lessons.stepper import UpdateSummary

MINUS = "−"
START, FORWARD, BACKWARD = "start", "forward", "backward"
SHAPE_RULE = "a gradient has the shape of what it is the gradient of"


# ---------------------------------------------------------------- numbers and shapes

def number(value: float, digits: int = 6) -> str:
    """A scalar with up to `digits` significant digits and a true minus sign: `−0.824867`."""
    value = float(value)
    if value == 0.0:
        return "0"  # also −0.0, which a zero gradient often is
    mantissa, _, exponent = f"{value:.{digits}g}".partition("e")
    text = mantissa if not exponent else f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def shape_text(shape: tuple[int, ...]) -> str:
    """`scalar`, `8` or `8×20`."""
    return "×".join(str(size) for size in shape) if shape else "scalar"


def preview(value: np.ndarray, entries: int = 4) -> str:
    """A scalar in full, a vector as `[0.12, −0.3, …]`, a matrix as `[[0.1, …], …]`."""
    array = np.asarray(value)
    if array.ndim == 0:
        return number(array)
    if array.ndim == 1:
        return _row(array, entries)
    rows = [_row(row, entries - 1) for row in array.reshape(array.shape[0], -1)[:2]]
    more = ", …" if array.shape[0] > 2 else ""
    return "[" + ", ".join(rows[:1] if more else rows) + more + "]"


def _row(row: np.ndarray, entries: int) -> str:
    shown = row if len(row) <= entries + 1 else row[:entries]
    tail = ", …" if len(shown) < len(row) else ""
    return "[" + ", ".join(number(v, 3) for v in shown) + tail + "]"


def _times(*numbers: str) -> str:
    """`1 × (−1)`: a negative factor after the first is parenthesised."""
    return " × ".join(n if i == 0 or not n.startswith(MINUS) else f"({n})"
                      for i, n in enumerate(numbers))


def _plus(*numbers: str) -> str:
    """`3 + 2`, `3 + (−2)`."""
    return " + ".join(n if i == 0 or not n.startswith(MINUS) else f"({n})"
                      for i, n in enumerate(numbers))


def _transposed(symbol: str) -> str:
    """`xᵀ`, `(∂J/∂f)ᵀ`; the transpose of `Wᵀ` is `W`."""
    if symbol.endswith("ᵀ") and operand(symbol) == symbol:
        return symbol[:-1]
    return operand(symbol) + "ᵀ"


def _needs_parentheses(factor: str) -> bool:
    """Whether a factor after `×` needs parentheses: a leading minus or a top-level `a − b`."""
    outside, previous = factor, None
    while outside != previous:  # drop parenthesised groups, innermost first
        previous, outside = outside, re.sub(r"\([^()]*\)", "", outside)
    return factor.startswith(MINUS) or " " in outside


def _call(function: str, symbol: str) -> str:
    """`tanh(z)`, `sign(-y)`: one pair of parentheses even when the symbol has its own."""
    wrapped = operand(symbol)
    return function + (wrapped if wrapped.startswith("(") else f"({wrapped})")


# ---------------------------------------------------------------- what the ledger holds

@dataclass(frozen=True)
class Quantity:
    """One named quantity on a line's right-hand side, with its exact value."""

    symbol: str
    value: np.ndarray


@dataclass(frozen=True)
class LedgerLine:
    """One equation: `lhs = symbolic = numeric = result`; `value` is the exact left side.

    `prose` replaces the equation when words say it better (a satisfied margin).
    """

    target: int
    lhs: str
    symbolic: str
    numeric: str
    result: str
    value: np.ndarray
    factors: tuple[Quantity, ...] = ()
    prose: str = ""

    @property
    def text(self) -> str:
        if self.prose:
            return self.prose
        return " = ".join(part for part in (self.lhs, self.symbolic, self.numeric, self.result)
                          if part)


@dataclass(frozen=True)
class LedgerEntry:
    """What one step of the trace adds to the ledger: its lines, sums and notes."""

    index: int            # 1-based position of the step in the trace
    phase: str
    node: int
    title: str            # `h = tanh(z)`
    position: str         # `backward 3/11`
    upstream: str         # `∂J/∂h (8) = [0.1, …]`, empty for a forward step
    lines: tuple[LedgerLine, ...]
    sums: tuple[LedgerLine, ...] = ()   # a parent's gradient summed over its children
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LedgerView:
    """What the ledger shows at one position: this phase's entries so far (the last one
    active), or at the start a hint on how to read it and what the last update did."""

    phase: str
    entries: tuple[LedgerEntry, ...]
    hint: tuple[str, ...] = ()
    update: str = ""

    @property
    def active(self) -> LedgerEntry | None:
        return self.entries[-1] if self.entries else None

    @property
    def text(self) -> str:
        """Everything shown, as plain text."""
        parts = [self.update, *self.hint]
        for entry in self.entries:
            parts.append(f"{entry.position} · {entry.title}")
            parts.extend(line.text for line in entry.lines + entry.sums)
            parts.extend(entry.notes)
        return "\n".join(part for part in parts if part)


# ---------------------------------------------------------------- names in the lecture's notation

class Notation:
    """How the trace's nodes are written: the output as J (or f), word vectors as
    x_museums, the gradient into z as δ (the lecture's local error signal)."""

    def __init__(self, trace: Trace, output_name: str | None = None) -> None:
        self.trace = trace
        self.output = output_name or trace.node(trace.output).label
        self.children: dict[int, list[int]] = {info.id: [] for info in trace.nodes}
        for info in trace.nodes:
            for parent in info.parents:
                self.children[parent].append(info.id)

    def symbol(self, node_id: int) -> str:
        """The node's name in formulas."""
        info = self.trace.node(node_id)
        if node_id == self.trace.output:
            return self.output
        if info.kind == "variable" and any(op_name(self.trace.node(child)) == "concat"
                                           for child in self.children[node_id]):
            return f"x_{info.label}"  # a word vector, as in x_window = [x_museums; …]
        return info.label

    def gradient(self, node_id: int) -> str:
        """`∂J/∂W`, `∂f/∂(x+y)`."""
        return f"∂{self.output}/∂{operand(self.symbol(node_id))}"

    def delta(self, node_id: int) -> str | None:
        """`δ` for the gradient into z (z_c: δ_c), and into Wx, which z = Wx + b passes it to."""
        info = self.trace.node(node_id)
        match = re.fullmatch(r"z(_\w+|\d+)?", info.label)
        if info.kind == "op" and match:
            return "δ" + (match.group(1) or "")
        children = self.children[node_id]
        if op_name(info) == "matmul" and len(children) == 1:
            child = self.trace.node(children[0])
            if op_name(child) == "add" and child.shape == info.shape:
                return self.delta(child.id)
        return None

    def upstream(self, node_id: int) -> str:
        """The name of the gradient arriving at the node: δ where the lecture says so."""
        return self.delta(node_id) or self.gradient(node_id)


def all_values(trace: Trace) -> dict[int, np.ndarray]:
    """Every node's forward value: the leaves' and each forward step's."""
    values = dict(trace.leaf_values)
    for step in trace.steps:
        if isinstance(step, ForwardStep):
            values[step.node] = step.value
    return values


# ---------------------------------------------------------------- one backward step

@dataclass
class _Step:
    """A backward step being written out: the node, its upstream and its inputs' values."""

    trace: Trace
    names: Notation
    values: dict[int, np.ndarray]
    step: BackwardStep
    info: NodeInfo = field(init=False)

    def __post_init__(self) -> None:
        self.info = self.trace.node(self.step.node)

    @property
    def up(self) -> str:
        return self.names.upstream(self.info.id)

    @property
    def u(self) -> np.ndarray:
        return self.step.upstream

    def value(self, node_id: int) -> np.ndarray:
        return self.values[node_id]

    def sym(self, node_id: int) -> str:
        return self.names.symbol(node_id)

    def setting(self, key: str) -> str:
        """An op's setting from its description: `rows` of `lookup(rows=[0, 1])`."""
        match = re.search(rf"{key}=(\[[^\]]*\]|[^,)]+)", self.info.op)
        return match.group(1) if match else ""


@dataclass(frozen=True)
class _Rhs:
    """A line's right-hand side as a rule writes it."""

    symbolic: str                      # with shapes when arrays are involved
    term: str                          # without shapes, for a sum over children
    numeric: str = ""
    factors: tuple[Quantity, ...] = ()
    prose: str = ""


def _with_shape(symbol: str, value: np.ndarray | tuple[int, ...]) -> str:
    shape = value if isinstance(value, tuple) else np.shape(value)
    return f"{symbol} ({shape_text(shape)})"


def _is_scalar_line(s: _Step, parent: int) -> bool:
    return not s.info.shape and not s.trace.node(parent).shape and all(
        not s.trace.node(p).shape for p in s.info.parents)


# Rules: (step, parent index, parent id, contribution) → the right-hand side.
Rule = Callable[[_Step, int, int, Contribution], _Rhs]


def _scaled(s: _Step, parent: int, local_symbol: str, local: np.ndarray,
            elementwise_symbol: str | None = None, shown: str | None = None) -> _Rhs:
    """upstream × local: with numbers when all is scalar, with shapes (∘) otherwise."""
    factors = (Quantity(s.up, s.u), Quantity(elementwise_symbol or local_symbol, local))
    if _is_scalar_line(s, parent):
        numbers = _times(number(s.u), shown if shown is not None else number(local))
        wrapped = f"({local_symbol})" if _needs_parentheses(local_symbol) else local_symbol
        return _Rhs(f"{s.up} × {wrapped}", "",
                    numbers, factors)
    symbol = elementwise_symbol or (local_symbol if operand(local_symbol) == local_symbol
                                    else f"({local_symbol})")
    operator = "∘" if np.ndim(s.u) and np.ndim(local) else "×"
    rhs = f"{_with_shape(s.up, s.u)} {operator} {_with_shape(symbol, local)}"
    if np.shape(s.u) != s.trace.node(parent).shape and np.ndim(s.u) > len(s.trace.node(parent).shape):
        rhs = f"Σ({rhs})"  # broadcasting spread the parent out; its gradient sums back
    return _Rhs(rhs, f"{s.up} {operator} {symbol}", factors=factors)


def _passed(s: _Step, parent: int, sign: int) -> _Rhs:
    """+ and −: the upstream goes through unchanged (or negated)."""
    minus = "" if sign > 0 else MINUS
    if _is_scalar_line(s, parent):
        local = "1" if sign > 0 else "−1"
        shown = "1" if sign > 0 else "(−1)"
        return _Rhs(f"{s.up} × {shown}", "", _times(number(s.u), local),
                    (Quantity(s.up, s.u),))
    rhs = f"{minus}{_with_shape(s.up, s.u)}"
    if np.shape(s.u) != s.trace.node(parent).shape:
        rhs = f"{minus}Σ {_with_shape(s.up, s.u)}"
    return _Rhs(rhs, f"{minus}{s.up}", factors=(Quantity(s.up, s.u),))


def _add(s, index, parent, c):
    return _passed(s, parent, +1)


def _sub(s, index, parent, c):
    return _passed(s, parent, +1 if index == 0 else -1)


def _neg(s, index, parent, c):
    return _passed(s, parent, -1)


def _other(s: _Step, index: int) -> int:
    return s.info.parents[1 - index]


def _mul(s, index, parent, c):
    other = _other(s, index)
    return _scaled(s, parent, operand(s.sym(other)), s.value(other))


def _div(s, index, parent, c):
    a, b = (s.value(p) for p in s.info.parents)
    A, B = (operand(s.sym(p)) for p in s.info.parents)
    if index == 0:
        return _scaled(s, parent, f"1/{B}", 1.0 / b)
    return _scaled(s, parent, f"−{A}/{B}²", -a / (b * b))


def _pow(s, index, parent, c):
    a, b = (s.value(p) for p in s.info.parents)
    A, B = (operand(s.sym(p)) for p in s.info.parents)
    if index == 0:
        return _scaled(s, parent, f"{B}·{A}^({B}−1)", b * a ** (b - 1))
    log_a = np.log(np.where(a == 0, 1.0, a))  # as the engine: a zero base gives 0, not nan
    return _scaled(s, parent, f"{A}^{B}·ln {A}", s.value(s.info.id) * log_a)


def _unary(function: str, local: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Rule:
    """exp, log, sqrt, |·|: upstream × the local derivative, written out."""
    def rule(s, index, parent, c):
        z = s.sym(parent)
        return _scaled(s, parent, function.format(z=operand(z), call=_call("", z)),
                       local(s.value(parent), s.value(s.info.id)))
    return rule


_exp = _unary("exp{call}", lambda z, out: out)
_log = _unary("1/{z}", lambda z, out: 1.0 / z)
_sqrt = _unary("1/(2·sqrt{call})", lambda z, out: 1.0 / (2.0 * out))
_abs = _unary("sign{call}", lambda z, out: np.sign(z))


# f′ of each activation: how it reads, and its value from z and h = f(z).
_ACTIVATIONS: dict[str, tuple[str, Callable[[np.ndarray, np.ndarray, float], np.ndarray]]] = {
    "tanh": ("1 − tanh²({z})", lambda z, h, slope: 1.0 - h * h),
    "sigmoid": ("σ({z})(1 − σ({z}))", lambda z, h, slope: h * (1.0 - h)),
    "relu": ("1 where {z} > 0, else 0", lambda z, h, slope: (z > 0).astype(float)),
    "leaky_relu": ("1 where {z} > 0, else {slope}",
                   lambda z, h, slope: np.where(z > 0, 1.0, slope)),
    "hard_tanh": ("1 where −1 < {z} < 1, else 0",
                  lambda z, h, slope: ((z > -1.0) & (z < 1.0)).astype(float)),
}


def _kink_reason(name: str, z: str, z_value: float, slope: str) -> str:
    """Which piece a scalar kinked activation is on, and its slope there: `1 (y > 0)`."""
    if name == "hard_tanh":
        return f"1 (−1 < {z} < 1)" if -1.0 < z_value < 1.0 else f"0 (|{z}| ≥ 1)"
    low = slope if name == "leaky_relu" else "0"
    return f"1 ({z} > 0)" if z_value > 0 else f"{low} ({z} ≤ 0)"


def _activation(s, index, parent, c):
    name = op_name(s.info)
    slope = s.setting("slope") or "0.01"
    readable, derivative = _ACTIVATIONS[name]
    z = operand(s.sym(parent))
    local = derivative(s.value(parent), s.value(s.info.id), float(slope))
    if _is_scalar_line(s, parent):
        if name in ("tanh", "sigmoid"):
            return _scaled(s, parent, readable.format(z=z), local)
        shown = _kink_reason(name, s.sym(parent), float(s.value(parent)), slope)
        return _scaled(s, parent, f"∂{operand(s.sym(s.info.id))}/∂{z}", local, shown=shown)
    symbol = f"f′({s.sym(parent)})"
    return _scaled(s, parent, symbol, local, elementwise_symbol=symbol)


def _activation_note(s: _Step) -> str:
    """`f′(z) = 1 − tanh²(z) = [0.61, …]` below an array activation's line."""
    name = op_name(s.info)
    parent = s.info.parents[0]
    if name not in _ACTIVATIONS or not s.trace.node(parent).shape:
        return ""
    slope = s.setting("slope") or "0.01"
    readable, derivative = _ACTIVATIONS[name]
    z = s.sym(parent)
    local = derivative(s.value(parent), s.value(s.info.id), float(slope))
    return f"f′({z}) = {readable.format(z=operand(z), slope=slope)} = {preview(local)}"


def _route(s, index, parent, c):
    """max and min send the upstream to the chosen input only."""
    a, b = (s.value(p) for p in s.info.parents)
    A, B = (s.sym(p) for p in s.info.parents)
    is_max = op_name(s.info) == "max"
    if index == 0:
        chosen, condition = (a >= b, f"{A} ≥ {B}") if is_max else (a <= b, f"{A} ≤ {B}")
    else:
        chosen, condition = (b > a, f"{B} > {A}") if is_max else (b < a, f"{B} < {A}")
    local = chosen.astype(float)
    if _is_scalar_line(s, parent):
        shown = f"1 ({condition})" if bool(chosen) else "0"
        return _scaled(s, parent, f"∂{s.sym(s.info.id)}/∂{operand(s.sym(parent))}", local,
                       shown=shown)
    return _scaled(s, parent, f"1({condition})", local, elementwise_symbol=f"1({condition})")


def _matmul(s, index, parent, c):
    a_id, b_id = s.info.parents
    a, b = s.value(a_id), s.value(b_id)
    A, B, up, u = s.sym(a_id), s.sym(b_id), s.up, s.u
    if a.ndim == 1 and b.ndim == 1:  # s = uᵀh: each vector gets the other times the scalar
        other = b_id if index == 0 else a_id
        O = s.sym(other)
        return _Rhs(f"{_with_shape(O, s.value(other))} × {_with_shape(up, u)}", f"{O} {up}",
                    factors=(Quantity(O, s.value(other)), Quantity(up, u)))
    rows = a.shape[0] if a.ndim == 2 else 1
    cols = b.shape[1] if b.ndim == 2 else 1
    up_matrix = (rows, cols)
    if index == 0 and a.ndim == 2:      # ∂/∂W = δ xᵀ (or δ Bᵀ)
        right = (1, b.shape[0]) if b.ndim == 1 else (b.shape[1], b.shape[0])
        parts = [(up, up_matrix, u), (_transposed(B), right, b.T)]
    elif index == 0:                    # a vector on the left: ∂/∂a = B δ
        parts = [(B, b.shape, b), (up, u.shape, u)]
    elif a.ndim == 2:                   # ∂/∂x = Wᵀ δ
        parts = [(_transposed(A), a.T.shape, a.T), (up, u.shape, u)]
    else:                               # ∂/∂B = a δᵀ
        parts = [(A, (a.shape[0], 1), a), (_transposed(up), (1, u.shape[0]), u)]
    symbolic = " ".join(_with_shape(symbol, shape) for symbol, shape, _ in parts)
    return _Rhs(symbolic, " ".join(symbol for symbol, _, _ in parts),
                factors=tuple(Quantity(symbol, value) for symbol, _, value in parts))


def _transpose(s, index, parent, c):
    symbol = _transposed(s.up)
    return _Rhs(_with_shape(symbol, s.u.T), symbol, factors=(Quantity(s.up, s.u),))


def _sum(s, index, parent, c):
    axis = s.setting("axis")
    shape = s.trace.node(parent).shape
    spread = "copied to every element" if not axis else f"copied along axis {axis}"
    return _Rhs(f"{_with_shape(s.up, s.u)} {spread} ({shape_text(shape)})", s.up,
                factors=(Quantity(s.up, s.u),))


def _concat(s, index, parent, c):
    axis = int(s.setting("axis") or 0)
    sizes = [s.trace.node(p).shape[axis] for p in s.info.parents]
    start = sum(sizes[:index])
    where = f"[{start}:{start + sizes[index]}]" if axis == 0 else f"[:, {start}:{start + sizes[index]}]"
    symbol = f"{operand(s.up)}{where}"
    return _Rhs(symbol, symbol, factors=(Quantity(s.up, s.u),))


def _lookup(s, index, parent, c):
    rows = s.setting("rows")
    return _Rhs(f"{_with_shape(s.up, s.u)} added into rows {rows}", f"{s.up} in rows {rows}",
                factors=(Quantity(s.up, s.u),))


def _reshape(s, index, parent, c):
    shape = s.trace.node(parent).shape
    return _Rhs(f"{_with_shape(s.up, s.u)} reshaped to {shape_text(shape)}", s.up,
                factors=(Quantity(s.up, s.u),))


def _targets(s: _Step, scores: np.ndarray) -> np.ndarray:
    """The one-hot targets t of a batch loss, read from its description `(y=1)`."""
    classes = np.array(_integers(s.setting("y")), dtype=int)
    batch = np.atleast_2d(scores)
    t = np.zeros_like(batch, dtype=float)
    t[np.arange(len(batch)), classes] = 1.0
    return t.reshape(scores.shape)


def _integers(text: str) -> list[int]:
    """The integers in `1` or `[0, 2]`, read without evaluating anything."""
    return [int(item) for item in re.findall(r"-?\d+", text)]


def _scaled_loss(s: _Step, parent: int, symbolic: str, term: str, first: tuple[str, np.ndarray],
                 second: tuple[str, np.ndarray]) -> _Rhs:
    """∂J/∂f = (first − second)/N, times the upstream when the loss is not the output."""
    scores = s.value(parent)
    count = len(np.atleast_2d(scores))
    if count > 1:
        symbolic, term = f"({symbolic})/{count}", f"({term})/{count}"
    numeric = f"{preview(first[1])} − {preview(second[1])}" if count == 1 else ""
    if s.info.id != s.trace.output:
        symbolic, term, numeric = (f"{_with_shape(s.up, s.u)} × ({symbolic})",
                                   f"{s.up} ({term})", "")
    factors = (Quantity(first[0], first[1]), Quantity(second[0], second[1]))
    return _Rhs(symbolic, term, numeric, factors)


def _softmax_cross_entropy(s, index, parent, c):
    scores = s.value(parent)
    y_hat, t = softmax(np.atleast_2d(scores)).reshape(scores.shape), _targets(s, scores)
    return _scaled_loss(s, parent, f"{_with_shape('ŷ', y_hat)} − {_with_shape('t', t)}",
                        "ŷ − t", ("ŷ", y_hat), ("t", t))


def _squared_error(s, index, parent, c):
    scores = s.value(parent)
    f = operand(s.sym(parent))
    return _scaled_loss(s, parent, f"{_with_shape(f, scores)} − {_with_shape('t', scores)}",
                        f"{f} − t", (f, scores), ("t", _targets(s, scores)))


def _multiclass_hinge(s, index, parent, c):
    scores = s.value(parent)
    count = len(np.atleast_2d(scores))
    with np.errstate(all="ignore"):
        local = np.where(s.u != 0, c.grad / s.u * count, 0.0)  # the ±1 pattern per class
    f = operand(s.sym(parent))
    symbolic = f"1 per class j with 1 − {f}_y + {f}_j > 0, −(their count) at y"
    if count > 1:
        symbolic = f"({symbolic})/{count}"
    return _Rhs(symbolic, "hinge pattern", factors=(Quantity("pattern", local),))


def _max_margin(s, index, parent, c):
    J, P = s.sym(s.info.id), s.sym(parent)
    local = -1.0 if index == 0 else 1.0
    violated = np.asarray(s.value(s.info.id)) > 0
    if not _is_scalar_line(s, parent):
        symbol = f"∂{J}/∂{operand(P)}"
        return _Rhs(f"{_with_shape(s.up, s.u)} ∘ {_with_shape(symbol, s.u)}",
                    f"{s.up} ∘ {symbol}", factors=(Quantity(s.up, s.u),))
    if not bool(violated):
        return _Rhs("", "0", prose=f"{J} = 0: the margin is met, so ∂{J}/∂{operand(P)} = 0 "
                                   "and no gradient flows")
    return _Rhs(f"{s.up} × ∂{J}/∂{operand(P)}", number(local), _times(number(s.u), number(local)),
                (Quantity(s.up, s.u), Quantity(f"∂{J}/∂{operand(P)}", np.asarray(local))))


_RULES: dict[str, Rule] = {
    "add": _add, "sub": _sub, "neg": _neg, "mul": _mul, "div": _div, "pow": _pow,
    "exp": _exp, "log": _log, "sqrt": _sqrt, "abs": _abs,
    "tanh": _activation, "sigmoid": _activation, "relu": _activation,
    "leaky_relu": _activation, "hard_tanh": _activation,
    "max": _route, "min": _route, "matmul": _matmul, "transpose": _transpose, "sum": _sum,
    "concat": _concat, "lookup": _lookup, "reshape": _reshape,
    "softmax_cross_entropy": _softmax_cross_entropy, "squared_error": _squared_error,
    "multiclass_hinge": _multiclass_hinge, "max_margin": _max_margin,
}


def _fallback(s, index, parent, c):
    """An op the ledger has no rule for: the engine's own local-gradient formula."""
    local = c.formula.split(" = ", 1)[-1]
    symbol = f"∂{operand(s.sym(s.info.id))}/∂{operand(s.sym(parent))}"
    upstream = s.up if _is_scalar_line(s, parent) else _with_shape(s.up, s.u)
    return _Rhs(f"{upstream} × {symbol}", f"{s.up} × {symbol}",
                factors=(Quantity(s.up, s.u), Quantity(local, c.grad)))


# ---------------------------------------------------------------- assembling the entries

def _parent_indices(info: NodeInfo, contributions: Sequence[Contribution]) -> list[int]:
    """Which input each contribution belongs to (they come in input order, some skipped)."""
    indices, position = [], 0
    for contribution in contributions:
        while info.parents[position] != contribution.to:
            position += 1
        indices.append(position)
        position += 1
    return indices


def _line(s: _Step, index: int, contribution: Contribution) -> tuple[LedgerLine, str]:
    """The line for one contribution, and its term for a later sum over children."""
    parent = contribution.to
    rhs = _RULES.get(op_name(s.info), _fallback)(s, index, parent, contribution)
    lhs = s.names.gradient(parent)
    if not _is_scalar_line(s, parent):
        lhs = _with_shape(lhs, s.trace.node(parent).shape)
    result = number(contribution.grad) if not np.ndim(contribution.grad) else preview(
        contribution.grad)
    if rhs.symbolic == result:
        result = ""  # `∂f/∂x = ∂f/∂(x+y) × 1 = 2 × 1 = 2` but never `= 2 = 2`
    line = LedgerLine(parent, lhs, rhs.symbolic, rhs.numeric, result, contribution.grad,
                      rhs.factors, rhs.prose)
    term = number(contribution.grad) if not np.ndim(contribution.grad) else rhs.term
    return line, term


def _sum_line(names: Notation, target: int, terms: list[str], value: np.ndarray,
              complete: bool) -> LedgerLine:
    """`∂f/∂y = 3 + 2 = 5`: a node feeding several others sums what they send back."""
    lhs = names.gradient(target)
    if np.ndim(value):
        lhs = _with_shape(lhs, np.shape(value))
        symbolic, result = " + ".join(terms), preview(value)
    else:
        symbolic, result = _plus(*terms), number(value)
    if not complete:
        result += " so far"
    return LedgerLine(target, lhs, symbolic, "", result, value)


def _notes(s: _Step, lines: Sequence[LedgerLine], feeds: dict[int, int],
           arrived: dict[int, list[str]]) -> list[str]:
    notes = []
    name = op_name(s.info)
    if s.u.size and not np.any(s.u) and not any(line.prose for line in lines):
        return [f"no gradient flows: the upstream {s.up} is 0, so every downstream "
                "gradient is 0"]
    if name in _GATE_NOTES:
        notes.append(_GATE_NOTES[name](s))
    if name not in _RULES:
        notes.extend(f"local gradient: {c.formula}" for c in s.step.contributions)
    activation = _activation_note(s)
    if activation:
        notes.append(activation)
    for parent in dict.fromkeys(s.info.parents):
        delta = s.names.delta(parent)
        if delta and parent in (line.target for line in lines) and delta != s.up:
            notes.append(f"{delta} = {s.names.gradient(parent)}: the lecture's local "
                         "error signal")
    if name == "softmax_cross_entropy":
        notes.append("δ = ŷ − t: subtract 1 at the true class, leave the others")
    shapes = _shape_note(s, lines)
    if shapes:
        notes.append(shapes)
    notes.extend(_sharing_notes(s, lines, feeds, arrived))
    return notes


def _shape_note(s: _Step, lines: Sequence[LedgerLine]) -> str:
    """Where a gradient's shape differs from the upstream's, say whose shape it has."""
    changed = [line for line in lines if np.shape(line.value) != np.shape(s.u)]
    if not any(np.ndim(line.value) for line in changed):
        return ""
    shapes = {np.shape(line.value) for line in changed}
    if len(changed) > 2 and len(shapes) == 1:
        return (f"shapes: each of these gradients is {shape_text(shapes.pop())}, like the "
                "vector it is the gradient of")
    return "shapes: " + ", ".join(
        f"{s.names.gradient(line.target)} is {shape_text(np.shape(line.value))} like "
        f"{s.sym(line.target)}" for line in changed) + f" ({SHAPE_RULE})"


def _sharing_notes(s: _Step, lines: Sequence[LedgerLine], feeds: dict[int, int],
                   arrived: dict[int, list[str]]) -> list[str]:
    """`y feeds 2 nodes: their gradients add up (2 of 2 arrived)`, grouped by count."""
    groups: dict[tuple[int, int], list[str]] = {}
    for parent in dict.fromkeys(line.target for line in lines):
        if feeds[parent] > 1:
            key = (feeds[parent], len(arrived[parent]))
            groups.setdefault(key, []).append(s.sym(parent))
    notes = []
    for (count, so_far), parents in groups.items():
        who = parents[0] if len(parents) == 1 else ", ".join(parents[:-1]) + f" and {parents[-1]}"
        verb = "feeds" if len(parents) == 1 else "each feed"
        notes.append(f"{who} {verb} {count} nodes: the gradients arriving from them add up "
                     f"({so_far} of {count} arrived)")
    return notes


def _route_note(s: _Step) -> str:
    a, b = (s.value(p) for p in s.info.parents)
    if np.ndim(a) or np.ndim(b):
        return f"{op_name(s.info)} routes each element's gradient to the input that won"
    is_max = op_name(s.info) == "max"
    first = (a >= b) if is_max else (a <= b)
    winner = s.sym(s.info.parents[0] if first else s.info.parents[1])
    which = "larger" if is_max else "smaller"
    return f"{op_name(s.info)} routes the gradient to the {which} input, {winner}"


def _margin_note(s: _Step) -> str:
    J = s.sym(s.info.id)
    value = s.value(s.info.id)
    if np.ndim(value) or not float(value) > 0:
        return ""
    s_name, c_name = (s.sym(p) for p in s.info.parents)
    return (f"{J} = {number(value)} > 0: the margin is violated, so ∂{J}/∂{s_name} = −1 "
            f"and ∂{J}/∂{c_name} = +1")


_GATE_NOTES: dict[str, Callable[[_Step], str]] = {
    "add": lambda s: "+ distributes: each input gets the upstream unchanged",
    "sub": lambda s: "− passes the upstream to the first input and its negative to the second",
    "mul": lambda s: "× switches: each input gets the upstream times the other input",
    "max": _route_note,
    "min": _route_note,
    "max_margin": _margin_note,
}


class Ledger:
    """The ledger of one trace: an entry per step, built once; `view(index)` picks what
    shows after `index` steps."""

    def __init__(self, trace: Trace, output_name: str | None = None) -> None:
        self.trace = trace
        self.names = Notation(trace, output_name)
        self.entries = self._build()

    def _build(self) -> tuple[LedgerEntry, ...]:
        trace, names = self.trace, self.names
        values = all_values(trace)
        forward = trace.forward_count
        backward = len(trace.steps) - forward
        feeds: dict[int, int] = {}
        for step in trace.steps:
            if isinstance(step, BackwardStep):
                for contribution in step.contributions:
                    feeds[contribution.to] = feeds.get(contribution.to, 0) + 1
        arrived: dict[int, list[str]] = {}
        entries = []
        for index, step in enumerate(trace.steps, 1):
            if isinstance(step, ForwardStep):
                entries.append(self._forward_entry(index, step, forward))
            else:
                entries.append(self._backward_entry(
                    index, _Step(trace, names, values, step), index - forward, backward,
                    feeds, arrived))
        return tuple(entries)

    def _title(self, node_id: int) -> str:
        title = description(self.trace, node_id)
        if node_id == self.trace.output and title == self.trace.node(node_id).label \
                and title != self.names.output:
            title = f"{self.names.output} = {title}"  # an expression's output is f
        return title

    def _forward_entry(self, index: int, step: ForwardStep, count: int) -> LedgerEntry:
        title = self._title(step.node)
        name, _, formula = title.partition(" = ")
        value = preview(step.value)
        if np.ndim(step.value):
            value += f" ({shape_text(np.shape(step.value))})"
        line = LedgerLine(step.node, name, formula, "", value, step.value)
        return LedgerEntry(index, FORWARD, step.node, title, f"forward {index}/{count}", "",
                           (line,))

    def _backward_entry(self, index: int, s: _Step, number_: int, count: int,
                        feeds: dict[int, int], arrived: dict[int, list[str]]) -> LedgerEntry:
        contributions = s.step.contributions
        lines, sums = [], []
        for position, contribution in zip(_parent_indices(s.info, contributions), contributions):
            line, term = _line(s, position, contribution)
            lines.append(line)
            terms = arrived.setdefault(contribution.to, [])
            terms.append(term)
            if len(terms) > 1:
                sums.append(_sum_line(self.names, contribution.to, list(terms),
                                      contribution.accumulated,
                                      len(terms) == feeds[contribution.to]))
        upstream = _with_shape(s.up, s.u) if np.ndim(s.u) else s.up
        upstream = f"{upstream} = {preview(s.u)}"
        return LedgerEntry(index, BACKWARD, s.info.id, self._title(s.info.id),
                           f"backward {number_}/{count}", upstream, tuple(lines), tuple(sums),
                           tuple(_notes(s, lines, feeds, arrived)))

    def _shape_example(self) -> tuple[str, tuple[int, ...]]:
        """The variable with the most dimensions (W in the window lessons)."""
        variables = self.trace.variables() or self.trace.nodes
        widest = max(variables, key=lambda info: len(info.shape))
        return self.names.symbol(widest.id), widest.shape

    def _has_delta(self) -> bool:
        return any(self.names.delta(info.id) for info in self.trace.nodes)

    def view(self, index: int, update: UpdateSummary | None = None) -> LedgerView:
        """What shows after `index` steps: this phase's entries so far, the last active."""
        if index <= 0:
            return LedgerView(START, (), hint_lines(self.names.output, self._has_delta(),
                                                    self._shape_example()),
                              update_text(update, self.names.output) if update else "")
        active = self.entries[index - 1]
        shown = tuple(entry for entry in self.entries[:index] if entry.phase == active.phase)
        return LedgerView(active.phase, shown)


def hint_lines(output: str = "J", delta: bool = True,
               example: tuple[str, tuple[int, ...]] = ("W", (8, 20))) -> tuple[str, ...]:
    """How to read the ledger, shown before the first step; `example` is a variable
    whose gradient illustrates the shape rule."""
    name, shape = example
    like = f"has the shape of {name} ({shape_text(shape)})" if shape else f"is a scalar like {name}"
    lines = [
        "Step forward: each node computes its value from its inputs.",
        "Step backward: at each node the chain rule gives every input its gradient, "
        f"downstream = upstream × local, e.g. ∂{output}/∂x = ∂{output}/∂z × ∂z/∂x.",
        f"Shapes are in parentheses: {SHAPE_RULE}, so ∂{output}/∂{operand(name)}"
        f"{f' ({shape_text(shape)})' if shape else ''} {like}.",
        "∘ is the element-wise product, ᵀ the transpose.",
    ]
    if delta:
        lines.append(f"δ = ∂{output}/∂z is the lecture's local error signal.")
    lines.append("Where a node feeds several others, the gradients arriving from them add up.")
    return tuple(lines)


def update_text(update: UpdateSummary, output: str = "J") -> str:
    """`θ ← θ − α ∂J/∂θ with α = 0.1: J 0.8249 → 0.0000`."""
    return (f"θ ← θ − α ∂{output}/∂θ with α = {update.lr:g}: "
            f"{output} {update.before:.4f} → {update.after:.4f}").replace("-", MINUS)


def update_for_cycle(updates: Sequence[UpdateSummary], cycle: int) -> UpdateSummary | None:
    """The update that started `cycle`, if one did."""
    return next((update for update in updates if update.cycle == cycle), None)
