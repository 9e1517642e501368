"""What practice keeps off the screens while a gradient is still to be answered: the
pictures, ledger entries and inspections of the stage with those gradients taken out.

Practice (bpviz.lessons.practice) names the hidden nodes (`Practice.hidden()`); these
functions only leave their gradients out, so every panel hides the same ones.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace
from types import MappingProxyType

import numpy as np

from bpviz.engine import Picture
from bpviz.lessons.data_table import DataTable
from bpviz.lessons.inspection import Inspection
from bpviz.lessons.ledger import BACKWARD, LedgerEntry, LedgerLine, LedgerView
from bpviz.lessons.rich_text import Rich, plain

ASKED = "?"  # what stands where a hidden gradient would be written


def picture_without(picture: Picture, hidden: Set[int]) -> Picture:
    """`picture` with the gradients of `hidden` nodes not yet known (the same if none)."""
    if not hidden or hidden.isdisjoint(picture.grads):
        return picture
    grads = {node: grad for node, grad in picture.grads.items() if node not in hidden}
    return Picture(picture.index, picture.values, MappingProxyType(grads), picture.step)


def inspection_without(inspection: Inspection, hidden: Set[int]) -> Inspection:
    """The inspection with its gradient (or the part of it arrived so far) as "?", and
    each local factor into a hidden node held back: at the output the upstream is 1, so
    the local factor would be the very gradient asked for."""
    if any(target in hidden for target, _ in inspection.local_targets):
        inspection = replace(inspection, local_gradients=tuple(
            plain(f"into {label}: {ASKED} (kept back until its gradient is answered)")
            if target in hidden else line
            for line, (target, label) in zip(inspection.local_gradients,
                                             inspection.local_targets)))
    if inspection.node not in hidden:
        return inspection
    return replace(inspection, grad=None, grad_text=ASKED, grad_partial=False)


def tables_without(tables: tuple[DataTable, ...], hidden_labels: Set[str]
                   ) -> tuple[DataTable, ...]:
    """The tables with each note that works out a hidden gradient held back (skip-gram's
    ∂J/∂v_c = −u_o + Σ_w P(w|c) u_w, its numbers)."""
    return tuple(
        replace(table, note=f"{ASKED} (this note works out the gradient of "
                            f"{', '.join(table.gives)}: kept back until it is answered)")
        if hidden_labels.intersection(table.gives) else table
        for table in tables)


def line_without(line: LedgerLine) -> LedgerLine:
    """`∂f/∂y via max(y,z) = ?`: the line's left side, its value held back."""
    return LedgerLine(line.target, line.lhs, Rich(), "", ASKED,
                      np.full(np.shape(line.value), np.nan))


def entry_without(entry: LedgerEntry, hidden: Set[int]) -> LedgerEntry:
    """The entry with every line that gives (part of) a hidden gradient as "?"; a forward
    entry's lines are values, not gradients, and stay."""
    lines = entry.lines + entry.sums
    if entry.phase != BACKWARD or not any(line.target in hidden for line in lines):
        return entry

    def masked(lines: tuple[LedgerLine, ...]) -> tuple[LedgerLine, ...]:
        return tuple(line_without(line) if line.target in hidden else line for line in lines)

    return replace(entry, lines=masked(entry.lines), sums=masked(entry.sums))


def view_without(view: LedgerView, hidden: Set[int]) -> LedgerView:
    """The ledger view with the hidden gradients' lines as "?" (the same if none)."""
    if not hidden:
        return view
    return replace(view, entries=tuple(entry_without(entry, hidden) for entry in view.entries))
