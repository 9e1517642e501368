"""How bpviz writes numbers and shapes: one formatter for the app, the ledger, the inspector
and the command line, so the same value reads the same everywhere."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MINUS = "\u2212"  # the true minus sign the lectures print


def number(value: float, digits: int = 6, minus: str = MINUS) -> str:
    """`value` to `digits` significant digits: `−0.824867`, `6`, `1e−5`; never `−0`.

    `minus="-"` gives plain ASCII for output that is meant to be parsed back.
    """
    value = float(value)
    if value == 0.0:
        return "0"  # also −0.0, which a zero gradient often is
    mantissa, _, exponent = f"{value:.{digits}g}".partition("e")
    text = mantissa if not exponent else f"{mantissa}e{int(exponent)}"
    return text.replace("-", minus)


def exact(value: float, minus: str = MINUS) -> str:
    """The shortest text that reads back as exactly this float: `0.8248670357418442`."""
    return repr(float(value) + 0.0).replace("-", minus)


def scientific(value: float, digits: int = 2) -> str:
    """`1.15e−11` with `digits` decimals; 0 stays `0`."""
    if value == 0:
        return "0"
    mantissa, _, exponent = f"{float(value):.{digits}e}".partition("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


def short(value: float) -> str:
    """A value short enough to sit inside a unit: `−0.42`, `12.3`; never `−0.00`."""
    text = f"{float(value):.2f}" if abs(float(value)) < 9.995 else f"{float(value):.3g}"
    if text.strip("-0.") == "":
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def shape_text(shape: Sequence[int]) -> str:
    """`scalar`, `8` or `8×20`."""
    return "×".join(str(size) for size in shape) if len(shape) else "scalar"


def preview(value, entries: int = 4, digits: int = 3) -> str:
    """A scalar in full (6 digits), a vector as `[0.12, −0.3, …]`, a matrix as `[[0.1, …], …]`."""
    array = np.asarray(value)
    if array.ndim == 0:
        return number(array)
    if array.ndim == 1:
        return _row(array, entries, digits)
    rows = [_row(row, entries - 1, digits) for row in array.reshape(array.shape[0], -1)[:2]]
    more = ", …" if array.shape[0] > 2 else ""
    return "[" + ", ".join(rows[:1] if more else rows) + more + "]"


def _row(row: np.ndarray, entries: int, digits: int) -> str:
    shown = row if len(row) <= entries + 1 else row[:entries]
    tail = ", …" if len(shown) < len(row) else ""
    return "[" + ", ".join(number(v, digits) for v in shown) + tail + "]"


def label_for(value) -> str:
    """A short label for a literal: `2`, `0.5`, or the shape of an array."""
    array = np.asarray(value)
    if array.size == 1:
        return f"{float(array.reshape(-1)[0]):g}"
    return shape_text(array.shape)
