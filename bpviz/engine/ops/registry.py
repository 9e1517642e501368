"""Every operation class by name, so a trace's `NodeInfo.op` leads back to the class that
declares its maths and presentation. Adding an op is one class and one `@register`."""

from __future__ import annotations

from typing import TypeVar

from bpviz.engine.ops.base import Op

OpClass = TypeVar("OpClass", bound=type[Op])
_OPS: dict[str, type[Op]] = {}


def register(cls: OpClass) -> OpClass:
    """Make `cls` known by its class name (the name a trace records)."""
    existing = _OPS.get(cls.__name__)
    if existing is not None and existing is not cls and existing.__module__ == cls.__module__:
        raise ValueError(f"two operations are called {cls.__name__}")
    _OPS[cls.__name__] = cls
    return cls


def op_class(name: str) -> type[Op] | None:
    """The registered op class called `name`, or None for a leaf or an unknown name."""
    return _OPS.get(name)


def registered() -> dict[str, type[Op]]:
    """Every registered op class, by name."""
    return dict(_OPS)
