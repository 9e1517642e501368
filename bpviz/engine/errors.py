"""Errors raised by the engine."""

from __future__ import annotations

import numpy as np

from bpviz.errors import BpvizError


class NonFiniteError(BpvizError):
    """A node produced NaN or infinity; names the first node that did."""

    def __init__(self, node_id: int, label: str, phase: str, kind: str) -> None:
        self.node_id = node_id
        self.label = label
        self.phase = phase
        self.kind = kind
        what = "value" if phase == "forward" else "gradient"
        super().__init__(f"the {what} of node {node_id} '{label}' is not finite ({kind})")


def non_finite_kind(array: np.ndarray) -> str:
    """Say what makes an array non-finite: 'nan', 'inf' or '-inf'."""
    if np.isnan(array).any():
        return "nan"
    return "inf" if (array == np.inf).any() else "-inf"
