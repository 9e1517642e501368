"""The ledger as JSON-ready data: the contract of `bpviz ledger --json`.

Each line carries its value and the factors it is made of, with the rule that combines
them, so a reader can check every line numerically.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bpviz.lessons.ledger import Ledger, LedgerEntry, LedgerLine


def _array(value: np.ndarray) -> Any:
    array = np.asarray(value, dtype=float)
    return array.tolist() if array.ndim else float(array)


def line_json(line: LedgerLine) -> dict[str, Any]:
    """One line: its text, target node, value and shape, and how its factors combine."""
    return {
        "text": line.text,
        "target": line.target,
        "value": _array(line.value),
        "shape": list(np.shape(line.value)),
        "combine": line.combine,
        "factors": [{"name": factor.name, "value": _array(factor.value),
                     "shape": list(np.shape(factor.value))} for factor in line.factors],
    }


def entry_json(entry: LedgerEntry) -> dict[str, Any]:
    """One step: its phase, node, title, lines (sums included) and notes."""
    return {
        "phase": entry.phase,
        "node": entry.node,
        "title": entry.title.plain,
        "upstream": entry.upstream.plain,
        "lines": [line_json(line) for line in entry.lines + entry.sums],
        "notes": [note.plain for note in entry.notes],
    }


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    """Every step of the ledger, forward then backward."""
    return {"steps": [entry_json(entry) for entry in ledger.entries]}
