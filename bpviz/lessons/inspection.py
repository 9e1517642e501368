"""What the inspector shows for one node at one position of a trace, and the rows of a
gradient-check table. Headless: the inspector panel only lays these out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpviz.engine import BackwardStep, ForwardStep, GradcheckReport, ParameterCheck, Picture, Trace
from bpviz.formatting import exact, number, preview, scientific, shape_text
from bpviz.lessons.describe import title
from bpviz.lessons.ledger_rules import Frame, local_text
from bpviz.lessons.notation import Notation
from bpviz.lessons.rich_text import Rich, plain

KINK_NOTE = ("⚠ a ReLU/max/|·|/hinge kink lies within h: central differences are not "
             "valid there")
TOLERANCE = 1e-7  # the engine's gradient-check tolerance (ParameterCheck.passed)
KIND_TEXT = {"variable": "variable (gets a gradient)", "constant": "constant (no gradient)"}


@dataclass(frozen=True)
class Inspection:
    """One node as the inspector shows it; `value`/`grad` are None until they are known."""

    node: int
    label: str
    kind: str
    op: str
    description: Rich
    shape: str
    value: np.ndarray | None
    value_text: str
    gradient_symbol: Rich
    grad: np.ndarray | None
    grad_text: str
    local_gradients: tuple[Rich, ...]
    parents: tuple[str, ...]
    children: tuple[str, ...]
    dims: tuple[int, ...] = ()  # the node's shape, (8, 20)
    grad_partial: bool = False  # some of the children have not sent their gradient yet
    local_targets: tuple[tuple[int, str], ...] = ()  # (id, label) each local gradient goes to


def _first_step(trace: Trace, node_id: int, phase: type) -> int | None:
    """The 1-based index of the first step that computes the node's value (ForwardStep)
    or its gradient (a BackwardStep at it, or one sending to it)."""
    for index, step in enumerate(trace.steps, 1):
        if not isinstance(step, phase):
            continue
        if step.node == node_id or (isinstance(step, BackwardStep) and any(
                c.to == node_id for c in step.contributions)):
            return index
    return None


def _value_text(trace: Trace, node_id: int, value: np.ndarray | None) -> str:
    if value is not None:
        return preview(value)
    later = _first_step(trace, node_id, ForwardStep)
    return f"not computed yet: forward step {later} computes it" if later else "—"


def _arrivals(trace: Trace, node_id: int) -> list[int]:
    """The 1-based indices of the backward steps that send a gradient to the node."""
    return [index for index, step in enumerate(trace.steps, 1)
            if isinstance(step, BackwardStep)
            and any(c.to == node_id for c in step.contributions)]


def _grad_text(trace: Trace, node_id: int, grad: np.ndarray | None,
               index: int) -> tuple[str, bool]:
    """What the inspector says about the node's gradient, and whether it is a partial sum."""
    arrivals = _arrivals(trace, node_id)
    arrived = sum(1 for step in arrivals if step <= index)
    if grad is not None:
        if arrived < len(arrivals):  # a node feeding several others: the sum is not complete
            rest = arrivals[arrived] - trace.forward_count
            return (f"{preview(grad)} so far ({arrived} of {len(arrivals)} arrived; "
                    f"backward step {rest} adds the next)"), True
        return preview(grad), False
    later = _first_step(trace, node_id, BackwardStep)
    if later is None:
        return "none: no gradient flows to a constant", False
    return f"not yet: backward step {later - trace.forward_count} brings it", False


LEAF_NOTE = "none (a leaf): its gradient is the sum of what its children send"


def local_gradients(trace: Trace, node_id: int, names: Notation | None = None
                    ) -> tuple[Rich, ...]:
    """The node's local derivative into each parent (the local factor alone, as the engine
    recorded it), from the trace's backward step at the node."""
    if trace.node(node_id).kind != "op":
        return (plain(LEAF_NOTE),)
    frame = Frame(names or Notation(trace), trace.output)
    for step in trace.steps:
        if isinstance(step, BackwardStep) and step.node == node_id:
            return tuple(local_text(frame, step, part) for part in step.contributions)
    return (plain("none: no gradient flows through this node"),)


def local_targets(trace: Trace, node_id: int) -> tuple[tuple[int, str], ...]:
    """The node (id, label) each of `local_gradients` goes into, in the same order."""
    for step in trace.steps:
        if isinstance(step, BackwardStep) and step.node == node_id:
            return tuple((part.to, trace.node(part.to).label) for part in step.contributions)
    return ()


def inspect_node(trace: Trace, picture: Picture, node_id: int,
                 output_name: str | None = None) -> Inspection:
    """Everything the inspector shows for `node_id` after `picture.index` steps."""
    info = trace.node(node_id)
    names = Notation(trace, output_name)
    value = picture.values.get(node_id)
    grad = picture.grads.get(node_id)
    kind = KIND_TEXT.get(info.kind, "operation")
    grad_text, partial = _grad_text(trace, node_id, grad, picture.index)
    return Inspection(
        node_id, info.label, kind, info.caption,
        title(names, node_id), shape_text(info.shape),
        value, _value_text(trace, node_id, value),
        names.gradient(node_id), grad, grad_text,
        local_gradients(trace, node_id, names),
        tuple(trace.node(parent).label for parent in info.parents),
        tuple(trace.node(child).label for child in names.children[node_id]),
        tuple(info.shape), partial, local_targets(trace, node_id),
    )


def wiring(inspection: Inspection) -> str:
    """`Wx, b → z → h`: where the node's inputs come from and where it goes."""
    return " → ".join(part for part in (", ".join(inspection.parents), inspection.label,
                                        ", ".join(inspection.children)) if part)


def summary_rows(inspection: Inspection) -> tuple[tuple[Rich, Rich, str], ...]:
    """The (key, text, role) rows above the inspector's table; role is "plain", "value",
    "gradient" or "formula". A known, complete vector or matrix is left to the table."""
    rows = [(plain("shape"), plain(inspection.shape), "plain"),
            (plain("graph"), plain(wiring(inspection)), "plain")]
    scalar = not inspection.dims
    if scalar or inspection.value is None:
        rows.append((plain("value"), plain(inspection.value_text), "value"))
    if scalar or inspection.grad is None or inspection.grad_partial:
        rows.append((inspection.gradient_symbol, plain(inspection.grad_text), "gradient"))
    for position, formula in enumerate(inspection.local_gradients):
        rows.append((plain("local" if position == 0 else ""), formula,
                     "formula" if formula.plain.startswith(("∂", "f′")) else "plain"))
    return tuple(rows)


def grid_of(value: np.ndarray) -> np.ndarray:
    """The array as the inspector's table lays it out: a scalar is one cell, a vector a
    column (as in the lecture), a matrix its rows; more axes fold into the columns."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(-1, 1)
    return array.reshape(array.shape[0], -1)


def exact_cells(value: np.ndarray) -> list[list[str]]:
    """The array's exact values as table cells: a vector is a column, as in the lecture."""
    return [[exact(v) for v in row] for row in grid_of(value)]


@dataclass(frozen=True)
class ArrayGrid:
    """A node's value or gradient as table cells: short numbers to read, exact ones to
    hover or click, and the ±scale its colours are drawn on. `values` is None until known."""

    name: str                                   # `z`, `∂J/∂z`
    role: str                                   # "value" or "gradient"
    rows: int
    columns: int
    values: np.ndarray | None
    cells: tuple[tuple[str, ...], ...]          # `0.8249`, or "" while unknown
    exact: tuple[tuple[str, ...], ...]          # `0.8248670357418442`
    scale: float                                # max |entry|: colours run from −scale to +scale
    status: str                                 # what the inspector says about it

    def cell_name(self, row: int, column: int) -> str:
        """`z[3]`, `W[2, 7]`, `J`: the entry's name in the lecture's indexing (from 0)."""
        if self.rows == 1 and self.columns == 1:
            return self.name
        if self.columns == 1:
            return f"{self.name}[{row}]"
        return f"{self.name}[{row}, {column}]"

    def cell_text(self, row: int, column: int) -> str:
        """`W[2, 7] = 0.1234567…` exactly, or why it is not known yet."""
        if self.values is None:
            return f"{self.cell_name(row, column)}: {self.status}"
        return f"{self.cell_name(row, column)} = {self.exact[row][column]}"


def _grid(name: str, role: str, shape: tuple[int, ...], value: np.ndarray | None,
          status: str) -> ArrayGrid:
    rows, columns = grid_of(np.zeros(shape)).shape
    if value is None:
        blank = tuple(("",) * columns for _ in range(rows))
        return ArrayGrid(name, role, rows, columns, None, blank, blank, 0.0, status)
    grid = grid_of(value)
    cells = tuple(tuple(number(v, 4) for v in row) for row in grid)
    exacts = tuple(tuple(row) for row in exact_cells(grid))
    scale = float(np.max(np.abs(grid))) if grid.size else 0.0
    return ArrayGrid(name, role, rows, columns, grid, cells, exacts, scale, status)


def array_grids(inspection: Inspection) -> tuple[ArrayGrid, ArrayGrid]:
    """The node's value and gradient as tables."""
    shape = inspection.dims
    return (_grid(inspection.label, "value", shape, inspection.value, inspection.value_text),
            _grid(inspection.gradient_symbol.plain, "gradient", shape, inspection.grad,
                  inspection.grad_text))


@dataclass(frozen=True)
class GradcheckRow:
    """One parameter's line in the gradient-check table."""

    parameter: str
    node: int
    rel_error: float  # over every element
    rel_error_text: str
    within_noise: bool
    kinks: int  # elements within h of a kink: exempt from the verdict
    passed: bool
    size: int  # elements in the parameter
    checked_rel_error: float  # over the elements not at a kink

    @property
    def verdict(self) -> str:
        """`✓ pass`, `✓ pass (zero)`, `⚠ kink` or `✗ FAIL`."""
        if not self.passed:
            return "✗ FAIL"
        if self.kinks:
            return "⚠ kink"
        return "✓ pass" if self.rel_error < TOLERANCE else "✓ pass (zero)"

    @property
    def tone(self) -> str:
        """"pass", "kink" (passed with elements exempt at a kink) or "fail": the row's colour."""
        if not self.passed:
            return "fail"
        return "kink" if self.kinks else "pass"

    @property
    def exempt_text(self) -> str:
        """`2 of 160 elements exempt`."""
        return f"{self.kinks} of {self.size} element{'' if self.size == 1 else 's'} exempt"

    @property
    def reason(self) -> str:
        """Why the row passed or failed, for a tooltip."""
        if self.kinks:
            return self._kink_reason()
        if not self.passed:
            return (f"relative error {self.rel_error_text} ≥ 1e−7: backprop's gradient of "
                    f"{self.parameter} disagrees with central differences")
        if self.rel_error < TOLERANCE:
            return f"relative error {self.rel_error_text} < 1e−7: backprop agrees"
        return ("the gradient is 0, and the numeric one is 0 within the rounding noise of "
                "central differences")

    def _kink_reason(self) -> str:
        """`⚠ kink: 2 of 160 elements exempt, the other 158 agree (rel. error 1.00e−11)`."""
        others = self.size - self.kinks
        if not others:
            return f"⚠ kink: {self.exempt_text}, no other element to check"
        one = others == 1
        error = scientific(self.checked_rel_error)
        if not self.passed:
            return (f"✗ {self.exempt_text} at a kink, but the other {others} "
                    f"disagree{'s' if one else ''} with central differences "
                    f"(rel. error {error} ≥ 1e−7)")
        if self.checked_rel_error < TOLERANCE:
            return (f"⚠ kink: {self.exempt_text}, the other {others} "
                    f"agree{'s' if one else ''} (rel. error {error})")
        return (f"⚠ kink: {self.exempt_text}, the other {others} {'is' if one else 'are'} 0 "
                "within the rounding noise of central differences")

    @property
    def kink_text(self) -> str:
        """`⚠ 2 of 160 exempt`, or "" without kinks."""
        return f"⚠ {self.kinks} of {self.size} exempt" if self.kinks else ""


def gradcheck_row(check: ParameterCheck) -> GradcheckRow:
    """The table row of one parameter's check."""
    return GradcheckRow(check.label, check.node, check.rel_error, scientific(check.rel_error),
                        check.within_noise, check.exempt, check.passed(TOLERANCE),
                        check.analytic.size, check.checked_rel_error)


def gradcheck_rows(report: GradcheckReport) -> tuple[GradcheckRow, ...]:
    """One row per checked parameter, in the report's order."""
    return tuple(gradcheck_row(check) for check in report.parameters)


def gradcheck_summary(report: GradcheckReport) -> str:
    """`largest relative error 1.15e−11 (h = 1e−5): every parameter passed ✓`."""
    rows = gradcheck_rows(report)
    failed = sum(row.tone == "fail" for row in rows)
    exempt = sum(row.kinks for row in rows)
    if failed:
        verdict = f"{failed} failed ✗"
    elif exempt:
        verdict = (f"no failures, {exempt} element{'' if exempt == 1 else 's'} exempt "
                   "at a kink ⚠")
    else:
        verdict = "every parameter passed ✓"
    return (f"largest relative error {scientific(report.max_rel_error)} "
            f"(h = {number(report.h)}): {verdict}")


def gradcheck_tone(report: GradcheckReport) -> str:
    """The whole check's tone: "fail" if any row failed, else "kink" if any sits at one."""
    tones = {row.tone for row in gradcheck_rows(report)}
    return next((tone for tone in ("fail", "kink") if tone in tones), "pass")


def kink_lines(rows: Sequence[GradcheckRow]) -> tuple[str, ...]:
    """The explanation under the table when any parameter sits at a kink."""
    flagged = [row.parameter for row in rows if row.kinks]
    if not flagged:
        return ()
    return (KINK_NOTE, "only those elements are exempt: every other element must still agree",
            "flagged: " + ", ".join(flagged))
