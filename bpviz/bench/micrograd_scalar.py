"""micrograd (Karpathy's scalar autograd engine) on the W3 expression, used only when it
happens to be installed (it is never a dependency): the graph built from scratch and
backpropagated every pass, as micrograd is used."""

from __future__ import annotations

import importlib
from importlib import metadata
from collections.abc import Callable, Sequence


def version() -> str | None:
    """micrograd's version, or None when it is not installed."""
    try:
        return metadata.version("micrograd")
    except metadata.PackageNotFoundError:
        return None


def scalar_run(values: Sequence[float], target: float,
               notes: list[str]) -> tuple[Callable[[], object], list[float]] | None:
    """One pass of (Σ_j v_j relu(W_j·x + b_j) − target)² in micrograd's `Value`s, and the
    gradients of its first pass (x, W row by row, b, v); None when micrograd is missing."""
    try:
        Value = importlib.import_module("micrograd.engine").Value
    except ImportError:
        return None
    try:
        def run() -> list:
            t = [Value(value) for value in values]
            x, W, b, v = t[:3], [t[3 + 3 * j:6 + 3 * j] for j in range(4)], t[15:19], t[19:23]
            h = [(W[j][0] * x[0] + W[j][1] * x[1] + W[j][2] * x[2] + b[j]).relu()
                 for j in range(4)]
            loss = (v[0] * h[0] + v[1] * h[1] + v[2] * h[2] + v[3] * h[3] - target) ** 2
            loss.backward()
            return t
        return run, [float(leaf.grad) for leaf in run()]
    except Exception as error:  # noqa: BLE001 - a comparison, never a reason to fail
        notes.append(f"micrograd failed: {type(error).__name__}: {error}")
        return None
