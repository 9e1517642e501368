"""Settings objects (frozen dataclasses of numbers, names and tuples of them) to JSON and
back, each field checked against its declared type before the object checks its ranges."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar

from bpviz.errors import BpvizError
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.values import need_bool, need_float, need_int, need_list, need_str

T = TypeVar("T")
MAX_ITEMS = 100_000  # of one tuple of a setting (a vocabulary, a corpus's words)


def encode_settings(settings: object) -> dict[str, Any]:
    """A settings dataclass as a JSON object of its fields (tuples as lists)."""
    if not dataclasses.is_dataclass(settings):
        raise SessionFileError(f"{type(settings).__name__} is not a settings object")
    return {field.name: _encode(getattr(settings, field.name))
            for field in dataclasses.fields(settings)}


def decode_settings(cls: type[T], value: object, where: str) -> T:
    """`cls` built from a JSON object: every field of the declared type, missing ones at
    their defaults, unknown ones refused; the object's own checks then apply."""
    hints = typing.get_type_hints(cls)
    names = [field.name for field in dataclasses.fields(cls) if field.init]
    if not isinstance(value, dict):
        raise SessionFileError("an object of settings expected", where)
    unknown = [key for key in value if key not in names]
    if unknown:
        raise SessionFileError(f"unknown setting '{unknown[0]}'", where)
    kwargs = {name: _decode(hints[name], value[name], f"{where}.{name}")
              for name in names if name in value}
    try:
        return cls(**kwargs)
    except (BpvizError, ValueError, TypeError) as error:
        raise SessionFileError(str(error), where) from None


def _encode(value: object) -> Any:
    if dataclasses.is_dataclass(value):
        return encode_settings(value)
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise SessionFileError(f"a setting of type {type(value).__name__} cannot be saved")


def _decode(hint: Any, value: object, where: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        real = [arg for arg in args if arg is not type(None)]
        return _decode(real[0] if len(real) == 1 else real, value, where)
    if isinstance(hint, list):  # several types allowed: the first that fits
        for option in hint:
            try:
                return _decode(option, value, where)
            except SessionFileError:
                continue
        raise SessionFileError("a value of another type expected", where)
    if origin is tuple:
        items = need_list(value, where, MAX_ITEMS)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item, f"{where}[{k}]") for k, item in enumerate(items))
        if len(items) != len(args):
            raise SessionFileError(f"{len(args)} items expected, found {len(items)}", where)
        return tuple(_decode(arg, item, f"{where}[{k}]")
                     for k, (arg, item) in enumerate(zip(args, items)))
    if dataclasses.is_dataclass(hint):
        return decode_settings(hint, value, where)
    readers = {bool: need_bool, int: need_int, float: need_float, str: need_str}
    if hint in readers:
        if hint is int:
            return need_int(value, where, -(2**63), 2**63 - 1)
        return readers[hint](value, where)
    raise SessionFileError(f"a setting of type {hint} cannot be read", where)
