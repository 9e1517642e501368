"""Plain values of a session file, written as JSON and read back with every type and range
checked: numbers, names, arrays at full precision, a random generator's state.

Arrays are `{"dtype", "shape", "data"}` with the data base64 of the little-endian bytes, so
every float comes back bit for bit. Each reader takes `where`, the field's dotted path,
and raises SessionFileError naming it.
"""

from __future__ import annotations

import base64
import binascii
import math
import numbers
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np

from bpviz.sessions.errors import SessionFileError

DTYPES = ("float64", "float32", "int64", "int32", "uint32", "bool")
MAX_ELEMENTS = 50_000_000  # in one array: far above any data set or model bpviz handles
MAX_DIMENSIONS = 4
MAX_TEXT = 100_000  # characters of one text field (a teacher's note, a formula, a name)
BIT_GENERATOR = "PCG64"  # what np.random.default_rng uses; the only one a file may hold
UINT128 = 2**128


def need_dict(value: object, where: str, required: Collection[str] = (),
              optional: Collection[str] = ()) -> dict[str, Any]:
    """`value` as an object with all `required` keys and no keys but these (if any named)."""
    if not isinstance(value, dict):
        raise SessionFileError(f"an object expected, found {_kind(value)}", where)
    missing = [key for key in required if key not in value]
    if missing:
        raise SessionFileError(f"'{missing[0]}' is missing", where)
    known = set(required) | set(optional)
    extra = [key for key in value if key not in known]
    if known and extra:
        raise SessionFileError(f"unknown field '{extra[0]}'", where)
    return value


def need_list(value: object, where: str, max_length: int = MAX_ELEMENTS) -> list[Any]:
    if not isinstance(value, list):
        raise SessionFileError(f"a list expected, found {_kind(value)}", where)
    if len(value) > max_length:
        raise SessionFileError(f"at most {max_length:,} items expected, found {len(value):,}",
                               where)
    return value


def need_int(value: object, where: str, low: int = 0, high: int = 2**63 - 1) -> int:
    """A whole number from `low` to `high` (true and false are not numbers)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise SessionFileError(f"a whole number expected, found {_kind(value)}", where)
    if not low <= value <= high:
        raise SessionFileError(f"a whole number from {low} to {high} expected, found {value}",
                               where)
    return value


def need_float(value: object, where: str) -> float:
    """A finite number (a whole number is one too)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise SessionFileError(f"a number expected, found {_kind(value)}", where)
    number = float(value)
    if not math.isfinite(number):
        raise SessionFileError(f"a finite number expected, found {value}", where)
    return number


def need_str(value: object, where: str, max_length: int = MAX_TEXT,
             choices: Collection[str] | None = None) -> str:
    if not isinstance(value, str):
        raise SessionFileError(f"a text expected, found {_kind(value)}", where)
    if len(value) > max_length:
        raise SessionFileError(f"at most {max_length:,} characters expected, "
                               f"found {len(value):,}", where)
    if choices is not None and value not in choices:
        raise SessionFileError(f"one of {', '.join(map(repr, choices))} expected, "
                               f"found {value!r}", where)
    return value


def need_bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise SessionFileError(f"true or false expected, found {_kind(value)}", where)
    return value


# -- arrays -----------------------------------------------------------------------------

def encode_array(array: np.ndarray) -> dict[str, Any]:
    """An array as dtype, shape and base64 of its little-endian bytes (exact)."""
    array = np.asarray(array)
    name = "int64" if array.dtype == np.intp and array.dtype.kind == "i" else array.dtype.name
    if name not in DTYPES:
        raise SessionFileError(f"an array of {array.dtype} cannot be saved")
    data = np.ascontiguousarray(array, dtype=np.dtype(name).newbyteorder("<")).tobytes()
    return {"dtype": name, "shape": list(array.shape),
            "data": base64.b64encode(data).decode("ascii")}


def decode_array(value: object, where: str, dtypes: Collection[str] = DTYPES,
                 shape: tuple[int, ...] | None = None, ndim: int | None = None) -> np.ndarray:
    """The array a field holds, checked against the expected dtype(s) and shape (a writable
    native-order copy)."""
    fields = need_dict(value, where, ("dtype", "shape", "data"))
    dtype = need_str(fields["dtype"], f"{where}.dtype", 16, tuple(dtypes))
    dims = need_list(fields["shape"], f"{where}.shape", MAX_DIMENSIONS)
    found = tuple(need_int(size, f"{where}.shape", 0, MAX_ELEMENTS) for size in dims)
    if shape is not None and found != tuple(shape):
        raise SessionFileError(f"shape {list(shape)} expected, found {list(found)}", where)
    if ndim is not None and len(found) != ndim:
        raise SessionFileError(f"{ndim} dimensions expected, found {len(found)}", where)
    count = math.prod(found)
    if count > MAX_ELEMENTS:
        raise SessionFileError(f"at most {MAX_ELEMENTS:,} numbers expected, found {count:,}",
                               where)
    text = need_str(fields["data"], f"{where}.data", 2 * 8 * MAX_ELEMENTS)
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise SessionFileError("the data are not valid base64", f"{where}.data") from None
    little = np.dtype(dtype).newbyteorder("<")
    if len(raw) != count * little.itemsize:
        raise SessionFileError(f"{count * little.itemsize:,} bytes expected for shape "
                               f"{list(found)}, found {len(raw):,}", f"{where}.data")
    return np.frombuffer(raw, dtype=little).astype(np.dtype(dtype), copy=True).reshape(found)


def decode_finite(value: object, where: str, **kwargs: Any) -> np.ndarray:
    """A float array with no NaN or ±inf (parameters, data)."""
    array = decode_array(value, where, **kwargs)
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise SessionFileError("holds NaN or infinite numbers", where)
    return array


# -- random generators ------------------------------------------------------------------

def encode_generator(rng: np.random.Generator) -> dict[str, Any]:
    """The generator's whole state (NumPy's own dict: a few whole numbers)."""
    state = rng.bit_generator.state
    if state.get("bit_generator") != BIT_GENERATOR:
        raise SessionFileError(f"a {state.get('bit_generator')} generator cannot be saved")
    return {"bit_generator": BIT_GENERATOR,
            "state": {"state": int(state["state"]["state"]), "inc": int(state["state"]["inc"])},
            "has_uint32": int(state["has_uint32"]), "uinteger": int(state["uinteger"])}


def decode_generator(value: object, where: str) -> np.random.Generator:
    """A new generator that draws exactly what the saved one would have drawn next."""
    fields = need_dict(value, where, ("bit_generator", "state", "has_uint32", "uinteger"))
    need_str(fields["bit_generator"], f"{where}.bit_generator", 16, (BIT_GENERATOR,))
    inner = need_dict(fields["state"], f"{where}.state", ("state", "inc"))
    state = {"bit_generator": BIT_GENERATOR,
             "state": {key: need_int(inner[key], f"{where}.state.{key}", 0, UINT128 - 1)
                       for key in ("state", "inc")},
             "has_uint32": need_int(fields["has_uint32"], f"{where}.has_uint32", 0, 1),
             "uinteger": need_int(fields["uinteger"], f"{where}.uinteger", 0, 2**32 - 1)}
    bits = np.random.PCG64()
    try:
        bits.state = state
    except (TypeError, ValueError) as error:
        raise SessionFileError(f"not a generator state NumPy accepts ({error})", where) from None
    return np.random.Generator(bits)


# -- numbers in settings ------------------------------------------------------------------

def plain_number(value: object) -> object:
    """A NumPy scalar as the Python number JSON writes (exactly: repr round-trips)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def encode_floats(values: Mapping[str, float]) -> dict[str, float]:
    """Named floats, refusing NaN and ±inf (JSON has no spelling for them)."""
    encoded = {}
    for name, value in values.items():
        number = float(value)
        if not math.isfinite(number):
            raise SessionFileError(f"'{name}' is {number}, which cannot be saved")
        encoded[name] = number
    return encoded


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, numbers.Number):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
