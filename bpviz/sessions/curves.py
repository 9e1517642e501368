"""A training curve's recorder in a session file: the rows it kept, how it thins them and
the latest point, for the boundary lab's curves and the word-vector lab's losses alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.values import decode_array, encode_array, need_dict, need_int

CURVE_FIELDS = ("capacity", "rows", "stride", "seen", "latest")
MAX_CAPACITY = 1 << 20
State = TypeVar("State")


def encode_curve(curve: Any) -> dict[str, Any]:
    """A recorder's state (CurveState or RecorderState: the same fields)."""
    return {"capacity": curve.capacity, "rows": encode_array(curve.rows),
            "stride": curve.stride, "seen": curve.seen,
            "latest": None if curve.latest is None else encode_array(
                np.asarray(curve.latest, float))}


def decode_curve(value: object, where: str, columns: int,
                 make: Callable[..., State]) -> State:
    """A recorder's state of `columns` numbers a row, checked, built with `make`
    (capacity, rows, stride, seen, latest)."""
    fields = need_dict(value, where, CURVE_FIELDS)
    capacity = need_int(fields["capacity"], f"{where}.capacity", 2, MAX_CAPACITY)
    if capacity % 2:
        raise SessionFileError("an even capacity expected", f"{where}.capacity")
    rows = decode_array(fields["rows"], f"{where}.rows", dtypes=("float64",), ndim=2)
    if rows.shape[1:] != (columns,) or len(rows) > capacity:
        raise SessionFileError(f"at most {capacity} rows of {columns} numbers expected",
                               f"{where}.rows")
    stride = need_int(fields["stride"], f"{where}.stride", 1, 2**62)
    if stride & (stride - 1):
        raise SessionFileError("a power of two expected", f"{where}.stride")
    latest = fields["latest"]
    return make(capacity, rows, stride, need_int(fields["seen"], f"{where}.seen"),
                None if latest is None else tuple(decode_array(
                    latest, f"{where}.latest", dtypes=("float64",), shape=(columns,)).tolist()))
