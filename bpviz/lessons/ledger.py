"""The chain-rule ledger: `downstream = upstream × local` for every backward step of a
trace, with the real numbers and shapes, in the lecture's notation.

Every number is one the engine recorded (values, upstreams, local factors, downstreams);
`ledger_rules` decides how each contribution reads, `ledger_notes` what is said beside it.
Where the model names scores (s, s_c), each step under a score is written the lecture's
way: first ∂s/∂· (δ = ∂s/∂z, ∂s/∂W = δ xᵀ), then ∂J/∂· = (∂J/∂s) ∂s/∂·.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from bpviz.engine import BackwardStep, Contribution, ForwardStep, Trace
from bpviz.formatting import MINUS, number, preview, shape_text
from bpviz.lessons.describe import compact, formula, title
from bpviz.lessons.ledger_notes import SHAPE_RULE, notes_for
from bpviz.lessons.ledger_rules import (
    COMBINE_PRODUCT, COMBINE_SUM, COMBINE_VALUE, Factor, Frame, times, with_shape, write,
)
from bpviz.lessons.notation import Notation, wrapped
from bpviz.lessons.rich_text import Rich, join, plain, symbol
from bpviz.lessons.stepper import UpdateSummary

START, FORWARD, BACKWARD = "start", "forward", "backward"
LISTED_TERMS = 8  # a sum over more arrivals than this is written as a running sum


@dataclass(frozen=True)
class LedgerLine:
    """One equation, `lhs = symbolic = numeric = result`; `value` is the exact left side,
    equal to its `factors` combined by `combine` (product, matmul, sum or value).

    `prose` replaces the equation when words say it better.
    """

    target: int
    lhs: Rich
    symbolic: Rich
    numeric: str
    result: str
    value: np.ndarray
    combine: str = COMBINE_VALUE
    factors: tuple[Factor, ...] = ()
    prose: Rich = Rich()

    @property
    def parts(self) -> tuple[Rich, ...]:
        """The right-hand sides after the first `=`, those that are there."""
        return tuple(part for part in (self.symbolic, plain(self.numeric), plain(self.result))
                     if part)

    @property
    def text(self) -> str:
        if self.prose:
            return self.prose.plain
        return " = ".join(part.plain for part in (self.lhs, *self.parts))


@dataclass(frozen=True)
class LedgerEntry:
    """What one step of the trace adds to the ledger: its lines, sums and notes."""

    index: int            # 1-based position of the step in the trace
    phase: str
    node: int
    title: Rich           # `h = tanh(z)`
    position: str         # `backward 3/11`
    upstream: Rich        # `∂J/∂h (8) = [0.1, …]`, empty for a forward step
    lines: tuple[LedgerLine, ...]
    sums: tuple[LedgerLine, ...] = ()   # a parent's gradient summed over its children
    notes: tuple[Rich, ...] = ()


@dataclass(frozen=True)
class LedgerView:
    """What the ledger shows at one position: this phase's entries so far (the last one
    active), or at the start a hint on how to read it and what the last update did."""

    phase: str
    entries: tuple[LedgerEntry, ...]
    hint: tuple[Rich, ...] = ()
    update: str = ""

    @property
    def active(self) -> LedgerEntry | None:
        return self.entries[-1] if self.entries else None

    @property
    def text(self) -> str:
        """Everything shown, as plain text."""
        parts = [self.update, *(line.plain for line in self.hint)]
        for entry in self.entries:
            parts.append(f"{entry.position} · {entry.title.plain}")
            if entry.upstream:
                parts.append(f"upstream {entry.upstream.plain}")
            parts.extend(line.text for line in entry.lines + entry.sums)
            parts.extend(note.plain for note in entry.notes)
        return "\n".join(part for part in parts if part)


# ---------------------------------------------------------------- lines

def _result(value: np.ndarray) -> str:
    return number(value) if not np.ndim(value) else preview(value)


def _lhs(name: Rich, value: np.ndarray) -> Rich:
    return with_shape(name, np.shape(value)) if np.ndim(value) else name


def _line(target: int, lhs: Rich, symbolic: Rich, numeric: str, value: np.ndarray,
          combine: str, factors: tuple[Factor, ...], prefix: Rich = Rich()) -> LedgerLine:
    """A line whose result is omitted when it would repeat the previous part."""
    result = _result(value)
    last = numeric or symbolic.plain
    if last == result:
        result = ""
    if prefix:
        symbolic = prefix + " = " + symbolic if symbolic else prefix
    return LedgerLine(target, _lhs(lhs, value), symbolic, numeric, result, value, combine,
                      factors)


@dataclass
class _Builder:
    """Writes the backward entries of one trace, keeping what arrived at each node."""

    notation: Notation
    forward_order: dict[int, int]
    arrived: dict[int, list[tuple[int, Rich, Contribution]]]
    total: dict[int, int]
    steps_at: dict[int, BackwardStep]

    def line(self, frame: Frame, step: BackwardStep, part: Contribution) -> tuple[LedgerLine, Rich]:
        """The line of one contribution in `frame`, and its term for a later sum."""
        rhs = write(frame, step, part)
        lhs = self.notation.gradient(part.to, frame.of)
        if frame.of == self.notation.trace.output and self.notation.feeds(part.to) > 1:
            lhs = lhs + " via " + self.notation.symbol(step.node)
        prefix = Rich()
        declared = self.notation.trace.naming.deltas.get(part.to)
        if declared and declared[1] == frame.of:  # δ = ∂s/∂z, as the lecture defines it
            lhs, prefix = symbol(declared[0]), self.notation.gradient(part.to, frame.of)
        line = _line(part.to, lhs, rhs.symbolic, rhs.numeric, part.downstream, rhs.combine,
                     rhs.factors, prefix)
        term = plain(number(part.downstream)) if not np.ndim(part.downstream) else rhs.term
        return line, term

    def via_score(self, score: int, step: BackwardStep, part: Contribution,
                  score_line: LedgerLine) -> tuple[LedgerLine, Rich]:
        """∂J/∂p = (∂J/∂s) × ∂s/∂p: the output's gradient through the score s."""
        notation = self.notation
        score_grad = self.steps_at[score].upstream
        outer = notation.gradient(score)
        inner = symbol(notation.delta(part.to, score)) if notation.delta(part.to, score) \
            else notation.gradient(part.to, score)
        lhs = notation.gradient(part.to)
        if notation.feeds(part.to) > 1:
            lhs = lhs + " via " + notation.symbol(step.node)
        value = part.downstream
        numeric = ""
        if np.ndim(value):
            symbolic = outer + " × " + with_shape(inner, np.shape(score_line.value))
        else:
            symbolic = outer + " × " + inner
            numeric = times(number(score_grad), number(score_line.value))
        factors = (Factor(outer.plain, score_grad), Factor(inner.plain, score_line.value))
        line = _line(part.to, lhs, symbolic, numeric, value, COMBINE_PRODUCT, factors)
        term = plain(number(value)) if not np.ndim(value) else "(" + outer + ") " + inner
        return line, term

    def sum_line(self, target: int) -> LedgerLine:
        """`∂f/∂y = 2 + 3 = 5`: the gradients arriving from every consumer, in the order
        they appear in the forward pass (as the circuit's cards add them). A node used more
        than LISTED_TERMS times adds each arrival to the sum so far instead, so the ledger
        stays linear in the size of the graph."""
        arrived = self.arrived[target]
        value = arrived[-1][2].accumulated  # the running sum after the latest
        complete = len(arrived) == self.total[target]
        lhs = _lhs(self.notation.gradient(target), value)
        if self.total[target] > LISTED_TERMS:
            return self._running_sum(target, lhs, value, complete)
        ordered = sorted(arrived, key=lambda item: self.forward_order[item[0]])
        terms = [term for _, term, _ in ordered]
        symbolic = join((term if position == 0 or not term.plain.startswith(MINUS)
                         else "(" + term + ")" for position, term in enumerate(terms)), " + ")
        result = preview(value) if np.ndim(value) else number(value)
        if not complete:
            result += " so far"
        factors = tuple(Factor(term.plain, part.downstream) for _, term, part in ordered)
        return LedgerLine(target, lhs, symbolic, "", result, value, COMBINE_SUM, factors)

    def _running_sum(self, target: int, lhs: Rich, value: np.ndarray,
                     complete: bool) -> LedgerLine:
        """`∂f/∂x = 57 + 1 = 58 so far (58 of 1000 arrived)`: the previous sum plus this one."""
        arrived = self.arrived[target]
        _, term, part = arrived[-1]
        before = arrived[-2][2].accumulated
        shown = term if not term.plain.startswith(MINUS) else "(" + term + ")"
        symbolic = plain("(sum so far) + ") + shown
        numeric = "" if np.ndim(value) else f"{number(before)} + {number(part.downstream)}"
        result = preview(value) if np.ndim(value) else number(value)
        if not complete:
            result += f" so far ({len(arrived)} of {self.total[target]} arrived)"
        factors = (Factor("sum so far", before), Factor(term.plain, part.downstream))
        return LedgerLine(target, lhs, symbolic, numeric, result, value, COMBINE_SUM, factors)


class Ledger:
    """The ledger of one trace: an entry per step, built once; `view(index)` picks what
    shows after `index` steps."""

    def __init__(self, trace: Trace, output_name: str | None = None) -> None:
        self.trace = trace
        self.names = Notation(trace, output_name)

    @cached_property
    def entries(self) -> tuple[LedgerEntry, ...]:
        """An entry per step, built when first asked for (a pass's start shows none)."""
        return self._build()

    def _build(self) -> tuple[LedgerEntry, ...]:
        trace = self.trace
        forward = trace.forward_count
        backward = len(trace.steps) - forward
        total: dict[int, int] = {}
        steps_at: dict[int, BackwardStep] = {}
        for step in trace.steps:
            if isinstance(step, BackwardStep):
                steps_at[step.node] = step
                for part in step.contributions:
                    total[part.to] = total.get(part.to, 0) + 1
        order = {info.id: position for position, info in enumerate(trace.nodes)}
        builder = _Builder(self.names, order, {}, total, steps_at)
        entries = []
        for index, step in enumerate(trace.steps, 1):
            if isinstance(step, ForwardStep):
                entries.append(self._forward_entry(index, step, forward))
            else:
                entries.append(self._backward_entry(builder, index, step, index - forward,
                                                    backward))
        return tuple(entries)

    def _forward_entry(self, index: int, step: ForwardStep, count: int) -> LedgerEntry:
        heading = title(self.names, step.node)
        name = self.names.symbol(step.node)
        computed = formula(self.names, step.node)
        if compact(computed.plain) == compact(self.trace.node(step.node).label) \
                and step.node != self.trace.output:
            computed = Rich()  # an expression's node: its name is its formula (x+y = 3)
        value = preview(step.value)
        if np.ndim(step.value):
            value += f" ({shape_text(np.shape(step.value))})"
        line = LedgerLine(step.node, name, computed, "", value, step.value)
        return LedgerEntry(index, FORWARD, step.node, heading, f"forward {index}/{count}",
                           Rich(), (line,))

    def _backward_entry(self, builder: _Builder, index: int, step: BackwardStep, number_: int,
                        count: int) -> LedgerEntry:
        trace, names = self.trace, self.names
        score = trace.score_of(step.node)
        score_step = trace.score_steps[score][step.node] if score is not None else None
        lines, sums = [], []
        for position, part in enumerate(step.contributions):
            if score_step is not None:
                inner, _ = builder.line(Frame(names, score), score_step,
                                        score_step.contributions[position])
                line, term = builder.via_score(score, step, part, inner)
                lines.extend((inner, line))
            else:
                line, term = builder.line(Frame(names, trace.output), step, part)
                lines.append(line)
            builder.arrived.setdefault(part.to, []).append((step.node, term, part))
            if len(builder.arrived[part.to]) > 1:
                sums.append(builder.sum_line(part.to))
        upstream = self._upstream(step, score, score_step)
        notes = notes_for(names, step, score, lines, builder.total, builder.arrived)
        return LedgerEntry(index, BACKWARD, step.node, title(names, step.node),
                           f"backward {number_}/{count}", upstream, tuple(lines), tuple(sums),
                           tuple(notes))

    def _upstream(self, step: BackwardStep, score: int | None,
                  score_step: BackwardStep | None) -> Rich:
        """`∂J/∂h (8) = [0.1, …]`, or under a score `∂s/∂h (8) = […], ∂J/∂s = −1`."""
        names = self.names
        own = names.upstream(step.node)
        text = _lhs(own, step.upstream) + " = " + preview(step.upstream)
        if score_step is None or score == step.node:
            if score == step.node:
                text = text + "; ∂" + names.symbol(score) + "/∂" + names.symbol(score) + " = 1"
            return text
        inner = names.upstream(step.node, score)
        return (text + "; " + _lhs(inner, score_step.upstream) + " = "
                + preview(score_step.upstream))

    def _shape_example(self) -> tuple[Rich, tuple[int, ...]]:
        """The variable with the most dimensions (W in the window lessons)."""
        variables = self.trace.variables() or self.trace.nodes
        widest = max(variables, key=lambda info: len(info.shape))
        return self.names.symbol(widest.id), widest.shape

    def view(self, index: int, update: UpdateSummary | None = None) -> LedgerView:
        """What shows after `index` steps: this phase's entries so far, the last active."""
        if index <= 0:
            deltas = tuple(symbol(name) + " = " + self.names.gradient(node, score)
                           for node, (name, score) in self.trace.naming.deltas.items())
            return LedgerView(START, (), hint_lines(self.names.output, deltas,
                                                    self._shape_example()),
                              update_text(update, self.names.output) if update else "")
        active = self.entries[index - 1]
        shown = tuple(entry for entry in self.entries[:index] if entry.phase == active.phase)
        return LedgerView(active.phase, shown)


def hint_lines(output: str = "J", deltas: Sequence[Rich] = (),
               example: tuple[Rich, tuple[int, ...]] = (plain("W"), (8, 20))) -> tuple[Rich, ...]:
    """How to read the ledger, shown before the first step; `example` is a variable
    whose gradient illustrates the shape rule."""
    name, dims = example
    like = (plain(f"has the shape of ") + name + f" ({shape_text(dims)})" if dims
            else "is a scalar like " + name)
    lines = [
        plain("Step forward: each node computes its value from its inputs."),
        plain("Step backward: at each node the chain rule gives every input its gradient, "
              "downstream = upstream × local, e.g. "
              + ("∂s/∂x = (∂z/∂x)ᵀ ∂s/∂z = Wᵀ δ." if deltas
                 else f"∂{output}/∂x = (∂z/∂x)ᵀ ∂{output}/∂z.")),
        "Shapes are in parentheses: " + plain(SHAPE_RULE) + ", so ∂" + symbol(output) + "/∂"
        + wrapped(name) + (f" ({shape_text(dims)}) " if dims else " ") + like + ".",
        plain("∘ is the element-wise product, ᵀ the transpose."),
    ]
    if deltas:
        lines.append(join(deltas, ", ")
                     + ": the lecture's error signals; ∂s/∂W = δ xᵀ, ∂s/∂b = δ, ∂s/∂x = Wᵀ δ, "
                       f"∂s/∂u = h, and ∂{output}/∂W = (∂{output}/∂s) ∂s/∂W + "
                       f"(∂{output}/∂s_c) ∂s_c/∂W.")
    lines.append(plain("Where a node feeds several others, the gradients arriving from them "
                       "add up."))
    return tuple(lines)


def update_text(update: UpdateSummary, output: str = "J") -> str:
    """`θ ← θ − α ∂J/∂θ with α = 0.1: J 0.8249 → 0.0000`."""
    return (f"θ ← θ − α ∂{output}/∂θ with α = {update.lr:g}: "
            f"{output} {update.before:.4f} → {update.after:.4f}").replace("-", MINUS)


def update_for_cycle(updates: Sequence[UpdateSummary], cycle: int) -> UpdateSummary | None:
    """The update that started `cycle`, if one did."""
    return next((update for update in updates if update.cycle == cycle), None)
