"""Picking a named choice (initialiser, optimiser, schedule) and checking its settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from bpviz.errors import BpvizError

T = TypeVar("T")


class UnknownChoiceError(BpvizError, ValueError):
    """A name that is not one of the choices; the message lists the ones there are."""

    def __init__(self, kind: str, name: object, choices: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.choices = tuple(choices)
        listed = ", ".join(repr(choice) for choice in self.choices)
        super().__init__(f"unknown {kind} {name!r}; choose one of {listed}")


class SettingError(BpvizError, ValueError):
    """A setting that does not exist or is out of range (a momentum of 1.5, a negative rate)."""


def choose(kind: str, name: str, choices: Mapping[str, T]) -> T:
    """The choice called `name`, or an UnknownChoiceError that lists the choices."""
    try:
        return choices[name]
    except (KeyError, TypeError):  # TypeError: an unhashable "name"
        raise UnknownChoiceError(kind, name, choices) from None


def check_known(owner: str, given: Iterable[str], known: Iterable[str]) -> None:
    """Refuse settings that `owner` does not take, naming the ones it does."""
    known = tuple(known)
    unknown = [name for name in given if name not in known]
    if unknown:
        takes = ", ".join(known) if known else "no settings"
        raise SettingError(f"{owner} does not take {', '.join(unknown)}; it takes {takes}")


def require(setting: str, value: float, ok: bool, rule: str) -> None:
    """Refuse a setting's value unless `ok`; `rule` says what it must be ("in [0, 1)")."""
    if not ok:
        raise SettingError(f"{setting} must be {rule}, not {value!r}")
